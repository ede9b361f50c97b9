"""API routes for engagement: consultations, their published results, and each project's
service user assurance. Routes find records through `engagement.access`, as the pages do: a
consultation the caller may not see, or results not yet published, are a 404."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination, api_viewer, signed_in_viewer
from joinedup.core.models import Person

from . import access, queries, services
from .choices import QuestionKind

router = Router(tags=["Engagement"])
WRITE_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ConsultationQuestionOut(Schema):
    position: int
    kind: str
    text: str
    hint: str
    required: bool
    options: list[str]
    scale_min: int | None
    scale_max: int | None


class AnswerIn(Schema):
    question: int  # the question's position, from 1
    value: int | str | list[str] | dict[str, int] | None = None


class ConsultationResponseIn(Schema):
    """Answers by question position: an option's label (single choice), a list of labels
    (multiple choice), a number (scale), a text, or {label: rank} (ranking)."""

    answers: list[AnswerIn]
    submit: bool = True


class ConsultationResponseOut(Schema):
    status: str
    submitted_at: datetime | None
    answers: int


class ConsultationOut(Schema):
    slug: str
    title: str
    summary: str
    audience: str
    identified: bool
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    results_published: bool


class ConsultationDetailOut(ConsultationOut):
    questions: list[ConsultationQuestionOut]


class ResultBarOut(Schema):
    label: str
    count: int
    share: int
    mean_rank: float | None


class QuestionResultOut(Schema):
    position: int
    text: str
    kind: str
    answered: int
    mean: float | None
    options: list[ResultBarOut]


class ConsultationResultsOut(Schema):
    slug: str
    title: str
    responses: int
    summary: str
    published_at: datetime | None
    questions: list[QuestionResultOut]


class ProjectAssuranceOut(Schema):
    project: str
    project_name: str
    level: str
    label: str
    recorded_on: str | None
    body: str | None
    reasons: str


def _consultation(c) -> dict:
    return {
        "slug": c.slug, "title": c.title, "summary": c.summary, "audience": c.audience,
        "identified": c.identified, "opens_at": c.opens_at, "closes_at": c.closes_at,
        "is_open": c.is_open(), "results_published": c.results_published_at is not None,
    }  # fmt: skip


def _question(q) -> dict:
    scale = q.kind == "scale"
    return {
        "position": q.position, "kind": q.kind, "text": q.text, "hint": q.hint,
        "required": q.required, "options": [o.label for o in q.options.all()],
        "scale_min": q.scale_min if scale else None, "scale_max": q.scale_max if scale else None,
    }  # fmt: skip


@router.get("/consultations", response=list[ConsultationOut], summary="List consultations")
@paginate(Pagination)
def list_consultations(request: HttpRequest):
    """The consultations you may see, newest first."""
    found = access.visible_consultations(api_viewer(request)).order_by("-opens_at", "slug")
    return [_consultation(c) for c in found]


@router.get("/consultations/{slug}", response=ConsultationDetailOut, summary="One consultation")
def get_consultation(request: HttpRequest, slug: str):
    """A consultation with its questions and their options."""
    consultation = access.access_consultation(api_viewer(request), slug=slug)
    questions = consultation.questions.prefetch_related("options")
    return {**_consultation(consultation), "questions": [_question(q) for q in questions]}


@router.get(
    "/consultations/{slug}/results",
    response=ConsultationResultsOut,
    summary="A consultation's results",
)
def get_results(request: HttpRequest, slug: str):
    """Counts per question and option once the results are published (engagement officers see
    them earlier). Free-text answers are counted here; read them on the results page."""
    consultation = access.access_results(api_viewer(request), slug=slug)
    results = queries.results(consultation)
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "responses": results.responses,
        "summary": consultation.results_summary,
        "published_at": consultation.results_published_at,
        "questions": [
            {
                "position": r.question.position,
                "text": r.question.text,
                "kind": r.question.kind,
                "answered": r.answered,
                "mean": r.mean,
                "options": [vars(bar) for bar in r.bars],
            }  # fmt: skip
            for r in results.questions
        ],
    }


@router.get(
    "/assurance", response=list[ProjectAssuranceOut], summary="Projects' assurance statuses"
)
@paginate(Pagination)
def list_assurance(request: HttpRequest):
    """The service user advisory council's latest view of each project you may see."""
    from joinedup.programme.access import visible_projects

    projects = list(visible_projects(api_viewer(request)).order_by("reference"))
    statuses = queries.assurance_statuses(projects)
    return [
        {
            "project": p.reference,
            "project_name": p.name,
            "level": statuses[p.reference]["level"],
            "label": statuses[p.reference]["label"],
            "recorded_on": statuses[p.reference]["on"],
            "body": statuses[p.reference]["by"],
            "reasons": statuses[p.reference]["reasons"],
        }  # fmt: skip
        for p in projects
    ]


@router.post(
    "/consultations/{slug}/responses",
    response={201: ConsultationResponseOut, **WRITE_ERRORS},
    summary="Answer an identified consultation",
)
def answer_consultation(request: HttpRequest, slug: str, payload: ConsultationResponseIn):
    """Save or submit your answers to a consultation that takes identified responses, under the
    same rules as its page: open, once per person, required questions answered on submit, text
    within its limit and without markup. Anonymous consultations are answered on their page."""
    viewer = signed_in_viewer(request, "answer a consultation")
    consultation = access.access_consultation(viewer, slug=slug)
    if not consultation.identified:
        raise ValidationError({"__all__": "Answer this anonymous consultation on its page"})
    questions = {q.position: q for q in consultation.questions.prefetch_related("options")}
    values = _values(questions, payload.answers)
    person = Person.objects.filter(pk=viewer.person_id).first()
    if person is None:
        raise ValidationError({"__all__": "Only a person with a profile can answer"})
    response = services.save_response(
        consultation=consultation, values=values, submit=payload.submit, person=person
    )
    return Status(
        201,
        {
            "status": response.status,
            "submitted_at": response.submitted_at,
            "answers": response.answers.count(),
        },
    )


def _values(questions: dict, answers: list[AnswerIn]) -> dict:
    """The API's answers (by position, options by label) as the service takes them."""
    values = {}
    for answer in answers:
        question = questions.get(answer.question)
        if question is None:
            raise ValidationError({"answers": f"There is no question {answer.question}"})
        ids = {o.label: str(o.pk) for o in question.options.all()}
        values[question.pk] = _value(question, answer.value, ids)
    return values


def _value(question, value, ids: dict):
    def option(label):
        if label not in ids:
            raise ValidationError(
                {"answers": f"Question {question.position} has no option '{label}'"}
            )
        return ids[label]

    if value is None or not question.has_options:
        return value
    if question.kind == QuestionKind.RANKING and isinstance(value, dict):
        return {option(label): rank for label, rank in value.items()}
    if question.kind == QuestionKind.MULTIPLE and isinstance(value, list):
        return [option(label) for label in value]
    if question.kind == QuestionKind.SINGLE and isinstance(value, str):
        return option(value)
    raise ValidationError({"answers": f"Question {question.position} needs a different answer"})
