"""Writes of engagement: each one a transaction ending in an audit entry. A refusal is a
ValidationError naming the field, raised before anything is stored."""

import hashlib
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.choices import Visibility

from . import text
from .choices import STATEMENT_DOMAIN, Audience, QuestionKind, ResponseStatus, StorySource
from .links import INFORMS, LED_TO
from .models import (
    Answer,
    AnswerChoice,
    AssessmentRound,
    AssessmentScore,
    Assurance,
    Consultation,
    Link,
    Option,
    Question,
    Response,
    Story,
    Theme,
    YouSaidWeDid,
)

AUDIENCE_VISIBILITY = {
    Audience.PUBLIC: Visibility.PUBLIC,
    Audience.PARTNERS: Visibility.PARTNERSHIP,
    Audience.BODY: Visibility.PARTNERSHIP,
}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(person):
    return person.user if person is not None else None


@transaction.atomic
def create_consultation(
    *, slug, title, summary, audience, opens_at, closes_at, questions, identified=False,
    body=None, by=None,
) -> Consultation:  # fmt: skip
    """A draft consultation with its questions: each a dict of kind, text and, as they apply,
    hint, required, options (labels), scale_min, scale_max, scale_labels and max_length."""
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": "The closing date must be after the opening date"})
    if audience == Audience.BODY and body is None:
        raise ValidationError({"body": "Select the body whose members are consulted"})
    if not questions:
        raise ValidationError({"questions": "Add at least one question"})
    consultation = Consultation.objects.create(
        slug=slug, title=title, summary=summary, audience=audience, body=body,
        identified=identified, opens_at=opens_at, closes_at=closes_at,
        visibility=AUDIENCE_VISIBILITY[audience], created_by=by,
    )  # fmt: skip
    for position, spec in enumerate(questions, start=1):
        _add_question(consultation, position, dict(spec))
    audit.record(
        action="consultation.created", by=by, obj=consultation,
        data={"title": title, "audience": audience, "questions": len(questions)},
    )  # fmt: skip
    return consultation


def _add_question(consultation, position, spec) -> Question:
    labels = spec.pop("options", [])
    question = Question.objects.create(consultation=consultation, position=position, **spec)
    if question.has_options and len(labels) < 2:
        raise ValidationError({"questions": f"Question {position} needs at least two options"})
    Option.objects.bulk_create(
        Option(question=question, position=n, label=label) for n, label in enumerate(labels, 1)
    )
    return question


@transaction.atomic
def publish_consultation(*, consultation: Consultation, by=None) -> Consultation:
    if consultation.published_at is None:
        consultation.published_at = timezone.now()
        consultation.save(update_fields=["published_at"])
        audit.record(action="consultation.published", by=by, obj=consultation)
    return consultation


def find_response(*, consultation, person=None, token=None) -> Response | None:
    """The respondent's response: by person for an identified consultation, else by the
    digest of the session's token."""
    if consultation.identified:
        if person is None:
            return None
        return Response.objects.filter(consultation=consultation, person=person).first()
    if not token:
        return None
    return Response.objects.filter(consultation=consultation, token_digest=digest(token)).first()


def _check_can_answer(consultation, person, existing, at):
    if consultation.published_at is None or at < consultation.opens_at:
        raise ValidationError({"__all__": "This consultation is not open yet"})
    if at >= consultation.closes_at:
        raise ValidationError(
            {"__all__": f"This consultation closed on {consultation.closes_at:%-d %B %Y}: "
             "no more responses can be taken"}
        )  # fmt: skip
    if consultation.identified and person is None:
        raise ValidationError({"__all__": "Sign in to answer this consultation"})
    if existing is not None and existing.status == ResponseStatus.SUBMITTED:
        raise ValidationError({"__all__": "You have already answered this consultation"})


def clean_answers(questions, values: dict, *, submit: bool) -> dict:
    """Each question's answer checked against its kind, as {question id: value}; a missing
    required answer is refused only when submitting. Errors name the question's field."""
    errors, cleaned = {}, {}
    for question in questions:
        field = f"q_{question.pk}"
        try:
            value = _clean_one(question, values.get(question.pk))
        except ValidationError as error:
            errors[field] = error.messages
            continue
        if value in (None, "", [], {}):
            if submit and question.required:
                errors[field] = [_required_message(question)]
            continue
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _required_message(question) -> str:
    if question.kind == QuestionKind.TEXT:
        return "Enter an answer to this question: it is required"
    if question.kind == QuestionKind.RANKING:
        return "Rank every option: this question is required"
    return "Select an answer to this question: it is required"


def _clean_one(question, value):
    if value in (None, "", [], {}):
        return None
    option_ids = {str(o.pk) for o in question.options.all()}
    if question.kind == QuestionKind.TEXT:
        return text.check(str(value), limit=question.max_length) or None
    if question.kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not question.scale_min <= number <= question.scale_max:
            low, high = question.scale_min, question.scale_max
            raise ValidationError(f"Choose a number from {low} to {high}")
        return number
    if question.kind == QuestionKind.SINGLE:
        if str(value) not in option_ids:
            raise ValidationError("Select one of the options")
        return str(value)
    if question.kind == QuestionKind.MULTIPLE:
        chosen = {str(v) for v in value}
        if not chosen <= option_ids:
            raise ValidationError("Select from the options shown")
        return sorted(chosen)
    return _clean_ranking(value, option_ids)


def _clean_ranking(value: dict, option_ids: set[str]) -> dict | None:
    ranks = {str(k): v for k, v in value.items() if v not in (None, "")}
    if not ranks:
        return None
    try:
        ranks = {k: int(v) for k, v in ranks.items()}
    except (TypeError, ValueError):
        raise ValidationError("Give each option a number") from None
    if set(ranks) != option_ids:
        raise ValidationError("Rank every option, or none of them")
    if sorted(ranks.values()) != list(range(1, len(option_ids) + 1)):
        raise ValidationError(f"Use each number from 1 to {len(option_ids)} once")
    return ranks


@transaction.atomic
def save_response(
    *, consultation, values: dict, submit: bool, person=None, token: str | None = None,
    at: datetime | None = None,
) -> Response:  # fmt: skip
    """Save the respondent's answers as a draft, or submit them. Everything is checked before
    anything is written: a refusal stores nothing."""
    at = at or timezone.now()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    existing = find_response(consultation=consultation, person=person, token=token)
    _check_can_answer(consultation, person, existing, at)
    if not consultation.identified and not token:
        raise ValidationError({"__all__": "Your session has expired: start again"})
    questions = list(consultation.questions.prefetch_related("options"))
    cleaned = clean_answers(questions, values, submit=submit)
    response = existing or Response(
        consultation=consultation,
        person=person if consultation.identified else None,
        token_digest="" if consultation.identified else digest(token),
        started_at=at,
    )
    if submit:
        response.status, response.submitted_at = ResponseStatus.SUBMITTED, at
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError({"__all__": "You have already answered this consultation"}) from None
    _write_answers(response, questions, cleaned)
    audit.record(
        action="response.submitted" if submit else "response.saved",
        # An anonymous respondent stays anonymous even in the audit log.
        by=_user(person) if consultation.identified else None, obj=consultation,
        data={"response": str(response.pk), "answers": len(cleaned)},
    )  # fmt: skip
    return response


def _write_answers(response, questions, cleaned) -> None:
    response.answers.all().delete()
    for question in questions:
        if question.pk not in cleaned:
            continue
        value = cleaned[question.pk]
        answer = Answer.objects.create(
            response=response, question=question,
            value=value if question.kind == QuestionKind.SCALE else None,
            text=value if question.kind == QuestionKind.TEXT else "",
        )  # fmt: skip
        if question.kind == QuestionKind.SINGLE:
            AnswerChoice.objects.create(answer=answer, option_id=value)
        elif question.kind == QuestionKind.MULTIPLE:
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, option_id=pk) for pk in value
            )
        elif question.kind == QuestionKind.RANKING:
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, option_id=pk, rank=rank) for pk, rank in value.items()
            )


@transaction.atomic
def create_theme(*, consultation=None, name: str, description: str = "", by=None) -> Theme:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the theme's name"})
    name = _checked(name, 120, "name", "the name")
    description = _checked(description, 2000, "description", "the description")
    if Theme.objects.filter(consultation=consultation, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    theme = Theme.objects.create(consultation=consultation, name=name, description=description)
    audit.record(action="theme.created", by=by, obj=theme, data={"name": name})
    return theme


def _checked(value, limit, field, what) -> str:
    try:
        return text.check(value, limit=limit, what=what)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


@transaction.atomic
def set_answer_themes(*, answer: Answer, themes, by=None) -> Answer:
    consultation_id = answer.question.consultation_id
    if any(theme.consultation_id != consultation_id for theme in themes):
        raise ValidationError({"themes": "Choose themes of this consultation"})
    answer.themes.set(themes)
    audit.record(
        action="answer.themed", by=by, obj=answer,
        data={"themes": sorted(str(t.pk) for t in themes)},
    )  # fmt: skip
    return answer


@transaction.atomic
def link(*, record, consultation=None, theme=None, by=None) -> Link:
    """Record that a consultation or a theme informs a record of another app."""
    label = record._meta.label_lower
    if label not in INFORMS:
        raise ValidationError({"record": "Choose a project, body, paper, recommendation or "
                               "commissioning intention"})  # fmt: skip
    content_type = ContentType.objects.get_for_model(record)
    found, created = Link.objects.get_or_create(
        consultation=consultation, theme=theme, content_type=content_type,
        object_id=str(record.pk),
    )  # fmt: skip
    if created:
        audit.record(
            action="engagement.linked", by=by, obj=consultation or theme,
            data={"informs": label, "id": str(record.pk)},
        )  # fmt: skip
    return found


@transaction.atomic
def record_you_said_we_did(
    *, theme: Theme, you_said: str, we_did: str, led_to=None, publish: bool = False, by=None
) -> YouSaidWeDid:
    you_said = _checked(you_said, 2000, "you_said", "what people said")
    we_did = _checked(we_did, 2000, "we_did", "what was done")
    if not you_said:
        raise ValidationError({"you_said": "Enter what people said"})
    if not we_did:
        raise ValidationError({"we_did": "Enter what the partnership did"})
    if led_to is not None and led_to._meta.label_lower not in LED_TO:
        raise ValidationError({"led_to": "Choose a decision, action or recommendation"})
    outcome = YouSaidWeDid.objects.filter(theme=theme).first() or YouSaidWeDid(theme=theme)
    outcome.you_said, outcome.we_did, outcome.updated_at = you_said, we_did, timezone.now()
    outcome.led_to_type = ContentType.objects.get_for_model(led_to) if led_to else None
    outcome.led_to_id = str(led_to.pk) if led_to else ""
    if publish and outcome.published_at is None:
        outcome.published_at = timezone.now()
    outcome.save()
    audit.record(
        action="you_said_we_did.recorded", by=by, obj=theme,
        data={"led_to": outcome.led_to_id, "published": outcome.published_at is not None},
    )  # fmt: skip
    return outcome


@transaction.atomic
def close_consultation(*, consultation: Consultation, by=None) -> Consultation:
    """Close an open consultation now, before its planned closing date."""
    if not consultation.is_open():
        raise ValidationError({"__all__": "Only an open consultation can be closed"})
    consultation.closes_at = max(timezone.now(), consultation.opens_at + timedelta(seconds=1))
    consultation.save(update_fields=["closes_at"])
    audit.record(action="consultation.closed", by=by, obj=consultation)
    return consultation


@transaction.atomic
def publish_results(*, consultation: Consultation, summary: str = "", by=None) -> Consultation:
    if not consultation.has_closed:
        raise ValidationError({"__all__": "Publish the results once the consultation has closed"})
    consultation.results_summary = _checked(summary, 4000, "summary", "the summary")
    consultation.results_published_at = consultation.results_published_at or timezone.now()
    consultation.save(update_fields=["results_summary", "results_published_at"])
    audit.record(action="consultation.results_published", by=by, obj=consultation)
    return consultation


@transaction.atomic
def record_story(
    *, title: str, story: str, consent: bool, source: str = StorySource.PUBLIC, service: str = "",
    projects=(), themes=(), by=None, publish: bool = False,
) -> Story:  # fmt: skip
    """A patient's or carer's story, kept only with their consent. A story shared by the public
    waits for an officer to publish it."""
    errors = {}
    checked = {}
    for field, value, limit, what, required in (
        ("title", title, 150, "the title", True),
        ("story", story, 2000, "the story", True),
        ("service", service, 150, "the service", False),
    ):
        try:
            checked[field] = text.check(value, limit=limit, what=what)
            if required and not checked[field]:
                errors[field] = [f"Enter {what}"]
        except ValidationError as error:
            errors[field] = error.messages
    if not consent:
        errors["consent"] = ["Confirm that the person agreed to their story being kept and shared"]
    if errors:
        raise ValidationError(errors)
    created = Story.objects.create(
        title=checked["title"], text=checked["story"], service=checked["service"], source=source,
        consent_given=True, recorded_by=by, published_at=timezone.now() if publish else None,
    )  # fmt: skip
    created.projects.set(projects)
    created.themes.set(themes)
    audit.record(action="story.recorded", by=by, obj=created, data={"source": source})
    return created


@transaction.atomic
def publish_story(*, story: Story, by=None) -> Story:
    if story.published_at is None:
        story.published_at = timezone.now()
        story.save(update_fields=["published_at"])
        audit.record(action="story.published", by=by, obj=story)
    return story


@transaction.atomic
def record_assurance(*, project, body, level: str, evidence: str, reasons: str, by=None):
    """A new assurance view of a project; earlier ones stay as its history."""
    from joinedup.governance.choices import DecisionPower

    if body.decision_power != DecisionPower.ASSURES:
        raise ValidationError({"body": "Only a body that gives assurance can record it"})
    evidence = _checked(evidence, 2000, "evidence", "the evidence")
    reasons = _checked(reasons, 2000, "reasons", "the reasons")
    if not evidence:
        raise ValidationError({"evidence": "Enter the evidence the council considered"})
    if not reasons:
        raise ValidationError({"reasons": "Enter the reasons for this view"})
    assurance = Assurance.objects.create(
        project=project, body=body, level=level, evidence=evidence, reasons=reasons,
        recorded_by=by,
    )  # fmt: skip
    audit.record(
        action="assurance.recorded", by=by, obj=project, data={"level": level, "body": body.name}
    )
    return assurance


@transaction.atomic
def open_round(*, name, body, reported_to, opens_on, closes_on, by=None) -> AssessmentRound:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The round must close on or after it opens"})
    created = AssessmentRound.objects.create(
        name=name, body=body, reported_to=reported_to, opens_on=opens_on, closes_on=closes_on
    )
    audit.record(action="self_assessment.opened", by=by, obj=created, data={"name": name})
    return created


@transaction.atomic
def record_self_assessment(
    *, assessment_round: AssessmentRound, person, scores: dict, comments: dict | None = None,
    by=None, check_open: bool = True,
) -> int:  # fmt: skip
    """A member's scores for every statement of the questionnaire, replacing earlier ones."""
    if check_open and not assessment_round.is_open():
        raise ValidationError({"__all__": "This self-assessment round is not open"})
    comments = comments or {}
    errors = {}
    for code in STATEMENT_DOMAIN:
        if scores.get(code) not in {1, 2, 3, 4, 5}:
            errors[f"s_{code}"] = ["Select a score from 1 to 5"]
        try:
            comments[code] = text.check(comments.get(code, ""), limit=1000, what="the comment")
        except ValidationError as error:
            errors[f"c_{code}"] = error.messages
    if errors:
        raise ValidationError(errors)
    AssessmentScore.objects.filter(round=assessment_round, person=person).delete()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(round=assessment_round, person=person, statement=code,
                        score=scores[code], comment=comments[code])
        for code in STATEMENT_DOMAIN
    )  # fmt: skip
    audit.record(action="self_assessment.answered", by=by, obj=assessment_round)
    return len(STATEMENT_DOMAIN)


@transaction.atomic
def report_round(*, assessment_round: AssessmentRound, by=None) -> AssessmentRound:
    """Mark the round's results as reported to the body that oversees the partnership."""
    if not assessment_round.scores.exists():
        raise ValidationError({"__all__": "No member has answered this round yet"})
    assessment_round.reported_at = assessment_round.reported_at or timezone.now()
    assessment_round.save(update_fields=["reported_at"])
    audit.record(
        action="self_assessment.reported", by=by, obj=assessment_round,
        data={"to": assessment_round.reported_to.name},
    )  # fmt: skip
    return assessment_round
