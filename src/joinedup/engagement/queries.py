"""Reads of engagement that a queryset method cannot express: a consultation's results (counted
in the database, a fixed handful of queries however many responses there are), the free-text
answers, the rows of an export, the latest assurance of each project, and the self-assessment's
domain scores over rounds."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q, QuerySet, Sum

from .choices import STATEMENT_DOMAIN, STATEMENTS, Domain, QuestionKind, ResponseStatus
from .models import (
    Answer,
    AnswerChoice,
    AssessmentRound,
    AssessmentScore,
    Assurance,
    Consultation,
    Link,
    Question,
    Response,
)


@dataclass
class Bar:
    label: str
    count: int
    share: int  # whole per cent of those who answered the question
    mean_rank: float | None = None


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None


@dataclass
class Results:
    responses: int
    questions: list[QuestionResult]


def submitted(consultation: Consultation) -> QuerySet:
    return Response.objects.filter(consultation=consultation, status=ResponseStatus.SUBMITTED)


def _share(count: int, of: int) -> int:
    return round(100 * count / of) if of else 0


def results(consultation: Consultation) -> Results:
    """Counts per question and option, aggregated in the database: six queries in all."""
    questions = list(consultation.questions.prefetch_related("options"))
    answers = Answer.objects.filter(
        response__consultation=consultation, response__status=ResponseStatus.SUBMITTED
    )
    # An answer is stored only when something was answered, so counting rows is enough.
    answered = dict(answers.values_list("question_id").annotate(n=Count("id")))
    chosen = {
        row["option_id"]: row
        for row in AnswerChoice.objects.filter(answer__in=answers.values("pk"))
        .values("option_id")
        .annotate(n=Count("id"), mean_rank=Avg("rank"))
    }
    scale = {
        (row["question_id"], row["value"]): row["n"]
        for row in answers.filter(value__isnull=False)
        .values("question_id", "value")
        .annotate(n=Count("id"))
    }
    found = [_question_result(q, answered.get(q.pk, 0), chosen, scale) for q in questions]
    return Results(responses=submitted(consultation).count(), questions=found)


def _question_result(question, answered, chosen, scale) -> QuestionResult:
    result = QuestionResult(question=question, answered=answered)
    if question.kind == QuestionKind.SCALE:
        counts = [
            (value, scale.get((question.pk, value), 0))
            for value in range(question.scale_min, question.scale_max + 1)
        ]
        result.bars = [Bar(str(v), n, _share(n, answered)) for v, n in counts]
        total = sum(v * n for v, n in counts)
        result.mean = round(total / answered, 2) if answered else None
    elif question.has_options:
        for option in question.options.all():
            row = chosen.get(option.pk, {})
            mean_rank = row.get("mean_rank")
            result.bars.append(
                Bar(
                    option.label,
                    row.get("n", 0),
                    _share(row.get("n", 0), answered),
                    round(mean_rank, 2) if mean_rank is not None else None,
                )
            )
        if question.kind == QuestionKind.RANKING:
            result.bars.sort(key=lambda bar: (bar.mean_rank is None, bar.mean_rank or 0))
    return result


def text_answers(question: Question) -> QuerySet:
    """The submitted free-text answers to a question, oldest first, with their themes."""
    return (
        Answer.objects.filter(
            question=question, response__status=ResponseStatus.SUBMITTED, text__gt=""
        )
        .order_by("response__submitted_at", "pk")
        .prefetch_related("themes")
    )


def export_header(questions) -> list[str]:
    return ["Response", "Submitted", *[q.text for q in questions]]


def export_rows(consultation: Consultation, questions) -> Iterator[list]:
    """One row per submitted response, numbered in order: never the respondent's identity."""
    labels = {o.pk: o.label for q in questions for o in q.options.all()}
    responses = (
        submitted(consultation)
        .order_by("submitted_at", "pk")
        .prefetch_related("answers__choices")
        .only("pk", "submitted_at")
    )
    for number, response in enumerate(responses.iterator(chunk_size=2000), start=1):
        by_question = {a.question_id: a for a in response.answers.all()}
        cells = [_cell(q, by_question.get(q.pk), labels) for q in questions]
        yield [number, response.submitted_at.date().isoformat(), *cells]


def _cell(question, answer, labels) -> str:
    if answer is None:
        return ""
    if question.kind == QuestionKind.TEXT:
        return answer.text
    if question.kind == QuestionKind.SCALE:
        return str(answer.value)
    choices = list(answer.choices.all())
    if question.kind == QuestionKind.RANKING:
        choices.sort(key=lambda c: c.rank or 0)
        return "; ".join(f"{c.rank}. {labels[c.option_id]}" for c in choices)
    return "; ".join(sorted(labels[c.option_id] for c in choices))


def links_of(consultation=None, theme=None) -> list[tuple[int, str]]:
    found = Link.objects.filter(consultation=consultation, theme=theme)
    return list(found.values_list("content_type_id", "object_id"))


def consultations_informing(record) -> QuerySet:
    """The consultations linked to a record of another app (a paper, a project, …), for that
    app's pages to show; filter them by what the viewer may see."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(record)
    linked = Link.objects.filter(content_type=content_type, object_id=str(record.pk))
    return Consultation.objects.filter(
        Q(pk__in=linked.values("consultation_id")) | Q(themes__links__in=linked)
    ).distinct()


def latest_assurance(project_ids) -> dict:
    """Each project's latest assurance, by project id (projects without one are absent)."""
    found = {}
    rows = (
        Assurance.objects.filter(project_id__in=list(project_ids))
        .select_related("body")
        .order_by("project_id", "-recorded_at")
    )
    for assurance in rows:
        found.setdefault(assurance.project_id, assurance)
    return found


def assurance_statuses(projects) -> dict[str, dict]:
    """For the programme report: each project's latest assurance as plain JSON values, keyed by
    project reference; a project without one says so."""
    latest = latest_assurance(p.pk for p in projects)
    statuses = {}
    for project in projects:
        assurance = latest.get(project.pk)
        statuses[project.reference] = (
            {
                "level": assurance.level,
                "label": assurance.get_level_display(),
                "on": assurance.recorded_at.date().isoformat(),
                "by": assurance.body.name,
                "reasons": assurance.reasons,
            }
            if assurance
            else {"level": "none", "label": "Not yet assured", "on": None, "by": None,
                  "reasons": ""}
        )  # fmt: skip
    return statuses


@dataclass
class DomainRow:
    domain: str
    label: str
    scores: list[float | None]
    change: float | None


def domain_scores(rounds: list[AssessmentRound]) -> tuple[list[DomainRow], dict]:
    """Mean score (1 to 5) by domain in each round, with the change from the first round to the
    last, and the number of members who answered each round."""
    sums: dict[tuple, list[int]] = {}
    rows = (
        AssessmentScore.objects.filter(round__in=rounds)
        .values("round_id", "statement")
        .annotate(total=Sum("score"), n=Count("id"))
    )
    for row in rows:
        key = (row["round_id"], STATEMENT_DOMAIN.get(row["statement"]))
        entry = sums.setdefault(key, [0, 0])
        entry[0] += row["total"]
        entry[1] += row["n"]
    respondents = dict(
        AssessmentScore.objects.filter(round__in=rounds)
        .values_list("round_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    table = []
    for domain in Domain:
        scores = []
        for assessment_round in rounds:
            total, n = sums.get((assessment_round.pk, domain.value), (0, 0))
            scores.append(round(total / n, 2) if n else None)
        known = [s for s in scores if s is not None]
        change = round(known[-1] - known[0], 2) if len(known) > 1 else None
        table.append(DomainRow(domain.value, domain.label, scores, change))
    return table, respondents


def statements_by_domain() -> list[tuple[str, list[tuple[str, str]]]]:
    grouped: dict[str, list] = {}
    for code, domain, statement in STATEMENTS:
        grouped.setdefault(domain, []).append((code, statement))
    return [(Domain(domain).label, items) for domain, items in grouped.items()]


def consultation_sections(records, viewer) -> list:
    """For another app's page (a paper's, a recommendation's, a decision's): the consultations
    that informed these records, with the numbers of responses and, where they are published,
    what the partnership said it did (core/related.py)."""
    from joinedup.core.related import Section

    from .access import visible_consultations

    found = set()
    for record in records:
        found.update(consultations_informing(record).values_list("pk", flat=True))
    if not found:
        return []
    consultations = list(
        visible_consultations(viewer)
        .filter(pk__in=found)
        .annotate(submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .prefetch_related("themes__outcome")
        .order_by("-closes_at")
    )
    if not consultations:
        return []
    return [
        Section(
            "What people told us",
            "engagement/partials/_consultation_summaries.html",
            {"consultations": consultations},
        )
    ]
