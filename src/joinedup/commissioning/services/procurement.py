"""Writes of a procurement: the notice and its publication, documents, timetable amendments,
clarification questions and answers, sealed bids, evaluators' declarations and scores,
moderation, award and the end of the standstill.

Each write is one transaction with an audit entry and, where it changes what the contracting
process publishes, an OCDS release. A refusal is a ValidationError naming the field, with nothing
changed. A refusal that is a breach of the rules (scoring with a declared conflict, opening bids
before the deadline) is recorded in the audit log before the refusal is raised, outside the
refused change, so the attempt stays on the record. The deadline rules are in ADR 0007.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import audit, concurrency, uploads
from joinedup.core.rules import refuse
from joinedup.governance.services import check_paper_file

from ..choices import Route
from ..models import (
    Award,
    AwardCriterion,
    Bid,
    BidMember,
    ContractingProcess,
    Evaluator,
    Lot,
    ModeratedScore,
    NoticeDocument,
    Question,
    Score,
)
from ..ocds import releases

MAX_SCORE = 10
MIN_EVALUATORS = 2
MIN_STANDSTILL_DAYS = 10
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class ValueBand:
    """How much a bid must say, in proportion to what the contract is worth (ADR 0007)."""

    label: str
    below: Decimal | None
    sections: tuple[str, ...]


BASIC = ("organisation_summary", "approach")
VALUE_BANDS = (
    ValueBand("Under £100,000", Decimal("100000"), BASIC),
    ValueBand("£100,000 to £1 million", Decimal("1000000"), (*BASIC, "experience", "social_value")),
    ValueBand(
        "£1 million or more",
        None,
        (*BASIC, "experience", "social_value", "quality_and_safeguarding", "financial_standing"),
    ),
)
BID_SECTIONS = VALUE_BANDS[-1].sections


def value_band(value) -> ValueBand:
    """The band of a process's estimated value; an unknown value asks for everything."""
    if value is None:
        return VALUE_BANDS[-1]
    return next(band for band in VALUE_BANDS if band.below is None or value < band.below)


def _when(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        refuse("That cannot be recorded as happening in the future.")
    return at


def _breach(*, action: str, by, obj, data: dict, message: str, field: str | None = None):
    """Record an attempt against the rules, then refuse it. Called before the change's own
    transaction opens, so the refusal does not roll the record back."""
    audit.record(action=action, by=by, obj=obj, data=data)
    refuse(message, field)


def _refuse_if_closed(process: ContractingProcess):
    if process.cancelled_at:
        refuse("This contracting process was cancelled.")
    if process.awards.exists():
        refuse(
            "This contracting process is awarded: nothing in it can change during the standstill "
            "period, or after it."
        )


def _check_timetable(times: dict, now: datetime):
    order = [
        ("clarification_deadline", "The clarification deadline"),
        ("submission_deadline", "The submission deadline"),
        ("evaluation_ends_at", "The end of evaluation"),
        ("award_planned_at", "The award date"),
        ("standstill_planned_end", "The end of the standstill"),
    ]
    for name, label in order:
        if times.get(name) is None:
            refuse(f"{label} is needed.", name)
    for (before, before_label), (after, _label) in zip(order, order[1:], strict=False):
        if times[after] <= times[before]:
            refuse(f"This must come after {before_label.lower()}.", after)
    if times["clarification_deadline"] <= now:
        refuse("The clarification deadline must be in the future.", "clarification_deadline")


def _check_criteria(criteria) -> list[tuple[str, int, str]]:
    """Criteria as (name, weight, description); their weights must sum to exactly 100."""
    cleaned = []
    for name, weight, description in criteria:
        if not (name or "").strip():
            refuse("Every criterion needs a name.", "criteria")
        if not isinstance(weight, int) or not 1 <= weight <= 100:
            refuse(f"The weight of '{name}' must be a whole number from 1 to 100.", "criteria")
        cleaned.append((name.strip(), weight, (description or "").strip()))
    if not cleaned:
        refuse("Give at least one award criterion.", "criteria")
    total = sum(weight for _name, weight, _d in cleaned)
    if total != 100:
        refuse(f"The weights must add up to 100; they add up to {total}.", "criteria")
    if len({name.lower() for name, _w, _d in cleaned}) != len(cleaned):
        refuse("Two criteria have the same name.", "criteria")
    return cleaned


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "tender"
    slug, number = base, 2
    while ContractingProcess.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_notice(
    *, title: str, description: str, buyer, service_area, estimated_value, lots: list[str],
    criteria, clarification_deadline, submission_deadline, evaluation_ends_at, award_planned_at,
    standstill_planned_end, suitable_for_small=False, suitable_for_voluntary=False,
    specification=None, intention=None, route=Route.TENDER, by=None, at=None,
) -> ContractingProcess:  # fmt: skip
    """A draft notice with its lots, weighted criteria and timetable; nobody but commissioners
    sees it until it is published."""
    now = _when(at)
    if not title.strip():
        refuse("Give the notice a title.", "title")
    if estimated_value is not None and estimated_value < 0:
        refuse("The estimated value cannot be negative.", "estimated_value")
    times = {
        "clarification_deadline": clarification_deadline,
        "submission_deadline": submission_deadline,
        "evaluation_ends_at": evaluation_ends_at,
        "award_planned_at": award_planned_at,
        "standstill_planned_end": standstill_planned_end,
    }
    _check_timetable(times, now)
    cleaned = _check_criteria(criteria)
    lot_titles = [lot.strip() for lot in lots if lot.strip()] or [title.strip()]
    process = ContractingProcess.objects.create(
        slug=_unique_slug(title), title=title.strip(), description=description.strip(),
        route=route, buyer=buyer, service_area=service_area, specification=specification,
        intention=intention or (specification.intention if specification else None),
        estimated_value=estimated_value, suitable_for_small=suitable_for_small,
        suitable_for_voluntary=suitable_for_voluntary, created_at=now, created_by=by, **times,
    )  # fmt: skip
    for number, lot_title in enumerate(lot_titles, start=1):
        Lot.objects.create(process=process, number=number, title=lot_title[:300])
    for number, (name, weight, text) in enumerate(cleaned, start=1):
        AwardCriterion.objects.create(
            process=process, number=number, name=name, weight=weight, description=text
        )
    audit.record(
        action="tender.created", by=by, obj=process,
        data={"ocid": process.ocid, "title": process.title, "lots": len(lot_titles),
              "weights": [weight for _n, weight, _d in cleaned]},
    )  # fmt: skip
    return process


@transaction.atomic
def set_criteria(*, process: ContractingProcess, criteria, by=None) -> list[AwardCriterion]:
    """Replace a draft's award criteria. Once published they are frozen."""
    if process.published_at:
        refuse("The award criteria were published with the notice and cannot change.", "criteria")
    cleaned = _check_criteria(criteria)
    process.criteria.all().delete()
    made = [
        AwardCriterion.objects.create(
            process=process, number=number, name=name, weight=weight, description=text
        )
        for number, (name, weight, text) in enumerate(cleaned, start=1)
    ]
    audit.record(
        action="tender.criteria_set", by=by, obj=process,
        data={"criteria": [[name, weight] for name, weight, _d in cleaned]},
    )  # fmt: skip
    return made


@transaction.atomic
def publish_notice(*, process: ContractingProcess, by=None, at=None) -> ContractingProcess:
    """Publish the notice: from now on bids may be submitted and the criteria are frozen."""
    now = _when(at)
    if process.published_at:
        refuse("This notice is already published.")
    if process.cancelled_at:
        refuse("This contracting process was cancelled.")
    _check_criteria([(c.name, c.weight, c.description) for c in process.criteria.all()])
    if not process.lots.exists():
        refuse("A notice needs at least one lot.")
    if not process.description.strip():
        refuse("Describe what is being bought before publishing.", "description")
    _check_timetable(
        {name: getattr(process, name) for name in (
            "clarification_deadline", "submission_deadline", "evaluation_ends_at",
            "award_planned_at", "standstill_planned_end")},
        now,
    )  # fmt: skip
    process.published_at = now
    process.save(update_fields=["published_at"])
    audit.record(
        action="tender.published", by=by, obj=process,
        data={"ocid": process.ocid, "submission_deadline": process.submission_deadline},
    )  # fmt: skip
    releases.emit(process, tags=["tender"], by=by, at=now)
    return process


@transaction.atomic
def add_document(
    *, process: ContractingProcess, title: str, uploaded=None, url: str = "", by=None, at=None
) -> NoticeDocument:
    """Add a tender document, an uploaded file (PDF, DOCX or XLSX) or a link. After publication
    it is an amendment of the notice, possible until the submission deadline."""
    now = _when(at)
    _refuse_if_closed(process)
    if process.published_at and process.submission_deadline <= now:
        refuse("Documents cannot be added after the submission deadline.")
    if not title.strip():
        refuse("Give the document a title.", "title")
    if bool(uploaded) == bool(url.strip()):
        refuse("Upload a file or give a link, not both.", "file" if uploaded else "url")
    document = NoticeDocument(process=process, title=title.strip()[:200], added_at=now)
    if uploaded:
        document.content_type = check_paper_file(uploaded)
        document.file_name = uploads.safe_file_name(uploaded.name, limit=200)
        document.size = uploaded.size
        extension = uploaded.name.rsplit(".", 1)[-1].lower()  # a paper's, as checked
        document.file.save(f"{document.id}.{extension}", uploaded, save=False)
    else:
        try:
            URLValidator(schemes=["https", "http"])(url.strip())
        except ValidationError:
            refuse("Enter a full web address, starting https://", "url")
        document.url = url.strip()
    document.save()
    audit.record(
        action="tender.document_added", by=by, obj=process,
        data={"document": str(document.pk), "title": document.title},
    )  # fmt: skip
    if process.published_at:
        releases.emit(process, tags=["tenderAmendment"], by=by, at=now)
    return document


@transaction.atomic
def amend_timetable(
    *, process: ContractingProcess, submission_deadline, reason: str, clarification_deadline=None,
    by=None, at=None, based_on: str | None = None,
) -> ContractingProcess:  # fmt: skip
    """Move a published notice's submission deadline later (never earlier, never into the past),
    with the reason; the later stages of the timetable move by the same time. From the form,
    `based_on` is the version of the notice it was drawn from."""
    now = _when(at)
    current = ContractingProcess.objects.select_for_update().get(pk=process.pk)
    concurrency.refuse_if_changed(current, based_on, what="this notice")
    _refuse_if_closed(process)
    if process.bids_opened_at:
        refuse("The bids are opened: the timetable can no longer change.")
    if not reason.strip():
        refuse("Give the reason the timetable changes.", "reason")
    if submission_deadline <= now:
        refuse(
            "The submission deadline cannot be moved into the past"
            + (" while a question is unanswered." if _unanswered(process) else "."),
            "submission_deadline",
        )
    if process.published_at and submission_deadline < process.submission_deadline:
        refuse(
            "A published submission deadline can only move later, so no bidder loses time.",
            "submission_deadline",
        )
    clarification = clarification_deadline or process.clarification_deadline
    if clarification >= submission_deadline:
        refuse("The clarification deadline must come before the submission deadline.",
                "clarification_deadline")  # fmt: skip
    shift = submission_deadline - process.submission_deadline
    old = process.submission_deadline
    process.clarification_deadline = clarification
    process.submission_deadline = submission_deadline
    for name in ("evaluation_ends_at", "award_planned_at", "standstill_planned_end"):
        if shift > timedelta(0):
            setattr(process, name, getattr(process, name) + shift)
    process.save()
    audit.record(
        action="tender.timetable_amended", by=by, obj=process,
        data={"from": old, "to": submission_deadline, "reason": reason.strip()},
    )  # fmt: skip
    if process.published_at:
        releases.emit(process, tags=["tenderAmendment"], by=by, at=now)
    return process


def _unanswered(process: ContractingProcess) -> int:
    return process.questions.filter(answered_at__isnull=True).count()


@transaction.atomic
def ask_question(*, process: ContractingProcess, text: str, person, at=None) -> Question:
    """A clarification question from a signed-in partner, until the clarification deadline.
    Who asked is recorded but never published."""
    now = _when(at)
    if not process.published_at or process.cancelled_at:
        refuse("Questions can be asked only about a published notice.")
    if now >= process.clarification_deadline:
        refuse("The clarification deadline has passed: no more questions can be asked.", "text")
    text = text.strip()
    if not text:
        refuse("Enter your question.", "text")
    if len(text) > TEXT_LIMIT:
        refuse(f"A question must be at most {TEXT_LIMIT} characters.", "text")
    question = Question.objects.create(
        process=process, text=text, asked_by=person, organisation=person.organisation, asked_at=now
    )
    audit.record(action="tender.question_asked", by=person.user, obj=question,
                 data={"process": str(process.pk)})  # fmt: skip
    return question


@transaction.atomic
def answer_question(*, question: Question, answer: str, by=None, at=None) -> Question:
    """Publish the answer to a question, for every bidder to read. Once the submission deadline
    has arrived, set a new one first, so bidders have time to use the answer (ADR 0007)."""
    now = _when(at)
    process = question.process
    _refuse_if_closed(process)
    if question.answered_at:
        refuse("This question is already answered.")
    answer = answer.strip()
    if not answer:
        refuse("Enter the answer.", "answer")
    if len(answer) > TEXT_LIMIT:
        refuse(f"An answer must be at most {TEXT_LIMIT} characters.", "answer")
    if now >= process.submission_deadline:
        refuse(
            "The submission deadline arrived with this question unanswered: set a new submission "
            "deadline first, so that bidders have time to read the answer.",
            "answer",
        )
    question.answer, question.answered_at, question.answered_by = answer, now, by
    question.save(update_fields=["answer", "answered_at", "answered_by"])
    audit.record(action="tender.question_answered", by=by, obj=question,
                 data={"process": str(process.pk)})  # fmt: skip
    releases.emit(process, tags=["tenderUpdate"], by=by, at=now)
    return question


@transaction.atomic
def submit_bid(
    *, process: ContractingProcess, lot: Lot, person, members=(), contact_name: str,
    contact_email: str, price, at=None, **sections,
) -> Bid:  # fmt: skip
    """A sealed bid for one lot from the person's organisation, alone or leading a consortium.
    What it must say is proportionate to the estimated value (`value_band`)."""
    now = _when(at)
    # Bids for a notice are taken one at a time, so that the same organisation pressing submit
    # twice at once cannot lodge two live bids, and a cancellation is seen by the next bid.
    # Refreshed in place, not replaced: the caller's process is the one the new bid points to.
    process.refresh_from_db(from_queryset=ContractingProcess.objects.select_for_update())
    lead = person.organisation
    if lead is None or not lead.is_active:
        refuse("Only someone of an active partner organisation can bid.")
    if not process.published_at or process.cancelled_at:
        refuse("Bids can be made only for a published notice.")
    if now >= process.submission_deadline:
        refuse("The submission deadline has passed: no more bids are accepted.")
    if lead.pk == process.buyer_id:
        refuse("The buyer cannot bid for its own contract.")
    if lot.process_id != process.pk:
        refuse("Choose a lot of this notice.", "lot")
    members = list(dict.fromkeys(members))
    if any(member.pk == lead.pk for member in members):
        refuse("The lead is not also a member of its own consortium.", "members")
    if any(not member.is_active for member in members):
        refuse("Every consortium member must be an active partner organisation.", "members")
    live = Bid.objects.filter(process=process, lot=lot, lead=lead, withdrawn_at__isnull=True)
    if live.exists():
        refuse("Your organisation already has a bid for this lot: withdraw it to bid again.",
                "lot")  # fmt: skip
    required = value_band(process.estimated_value).sections
    for name in BID_SECTIONS:
        sections[name] = (sections.get(name) or "").strip()
        if name in required and not sections[name]:
            refuse("This section is needed for a contract of this value.", name)
        if len(sections[name]) > TEXT_LIMIT:
            refuse(f"At most {TEXT_LIMIT} characters.", name)
    if not contact_name.strip():
        refuse("Give a contact name.", "contact_name")
    if price is None or price <= 0:
        refuse("Give the price, in pounds, more than nothing.", "price")
    bid = Bid.objects.create(
        process=process, lot=lot, lead=lead, submitted_by=person, submitted_at=now,
        contact_name=contact_name.strip(), contact_email=contact_email, price=price,
        **{name: sections[name] for name in BID_SECTIONS},
    )  # fmt: skip
    for member in members:
        BidMember.objects.create(bid=bid, organisation=member)
    # The audit entry says that a bid arrived, never what it says.
    audit.record(action="bid.submitted", by=person.user, obj=bid,
                 data={"process": str(process.pk), "lot": str(lot.pk),
                       "consortium_members": len(members)})  # fmt: skip
    return bid


@transaction.atomic
def withdraw_bid(*, bid: Bid, person, at=None) -> Bid:
    """The bidder withdraws their bid, before the submission deadline."""
    now = _when(at)
    if person.organisation_id != bid.lead_id:
        refuse("Only the lead organisation can withdraw its bid.")
    if bid.withdrawn_at:
        refuse("This bid is already withdrawn.")
    if now >= bid.process.submission_deadline:
        refuse("The submission deadline has passed: the bid stands.")
    bid.withdrawn_at = now
    bid.save(update_fields=["withdrawn_at"])
    audit.record(action="bid.withdrawn", by=person.user, obj=bid, data={})
    return bid


def open_bids(*, process: ContractingProcess, by=None, at=None) -> ContractingProcess:
    """Open the sealed bids for evaluation: only once the submission deadline has passed with
    every question answered. An early attempt is recorded as a breach."""
    now = _when(at)
    if process.bids_opened_at:
        refuse("The bids are already open.")
    if not process.published_at or process.cancelled_at:
        refuse("Only the bids of a published notice can be opened.")
    if now < process.submission_deadline:
        _breach(
            action="tender.bids_open_refused", by=by, obj=process,
            data={"reason": "before the submission deadline",
                  "submission_deadline": process.submission_deadline},
            message="The bids are sealed until the submission deadline "
            f"({timezone.localtime(process.submission_deadline):%d %B %Y, %H:%M}).",
        )  # fmt: skip
    if _unanswered(process):
        refuse("A question is unanswered: the bids stay sealed until every question is "
                "answered and the new deadline has passed.")  # fmt: skip
    return _open_bids(process, now, by)


@transaction.atomic
def _open_bids(process, now, by):
    process.bids_opened_at = now
    process.save(update_fields=["bids_opened_at"])
    count = process.bids.filter(withdrawn_at__isnull=True).count()
    audit.record(action="tender.bids_opened", by=by, obj=process, data={"bids": count})
    releases.emit(process, tags=["tenderUpdate"], by=by, at=now)
    return process


@transaction.atomic
def appoint_evaluator(*, process: ContractingProcess, person, by=None, at=None) -> Evaluator:
    now = _when(at)
    _refuse_if_closed(process)
    if not process.published_at:
        refuse("Evaluators are appointed once the notice is published.")
    if process.evaluators.filter(person=person).exists():
        refuse("This person is already an evaluator.", "person")
    evaluator = Evaluator.objects.create(process=process, person=person, appointed_at=now)
    audit.record(action="evaluation.evaluator_appointed", by=by, obj=evaluator,
                 data={"process": str(process.pk), "person": str(person.pk)})  # fmt: skip
    return evaluator


@transaction.atomic
def declare_interests(
    *, evaluator: Evaluator, has_conflict: bool, conflict: str = "", by=None, at=None
) -> Evaluator:
    """The evaluator declares, before scoring, that they have no conflict of interest or what it
    is. A declared conflict stands: it cannot later be declared away."""
    now = _when(at)
    if by is None or evaluator.person.user_id != by.pk:
        refuse("Evaluators declare their own interests.")
    _refuse_if_closed(evaluator.process)
    if evaluator.has_conflict:
        refuse("You have declared a conflict of interest on this tender; it stands.")
    if has_conflict and not conflict.strip():
        refuse("Describe the conflict of interest.", "conflict")
    if evaluator.declared_at and not has_conflict:
        refuse("You have already declared that you have no conflict.")
    evaluator.declared_at, evaluator.has_conflict = now, has_conflict
    evaluator.conflict = conflict.strip() if has_conflict else ""
    evaluator.save(update_fields=["declared_at", "has_conflict", "conflict"])
    audit.record(action="evaluation.interests_declared", by=by, obj=evaluator,
                 data={"conflict": has_conflict, "description": evaluator.conflict})  # fmt: skip
    return evaluator


def _in_bid(organisation_id, bid: Bid) -> bool:
    return organisation_id is not None and (
        bid.lead_id == organisation_id
        or bid.members.filter(organisation_id=organisation_id).exists()
    )


def score_bid(*, evaluator: Evaluator, bid: Bid, scores: dict, by=None, at=None) -> list[Score]:
    """An evaluator's independent scores of one bid: {criterion: (score 0-10, rationale)} for
    every criterion. A conflicted evaluator's attempt is refused and recorded."""
    now = _when(at)
    process = evaluator.process
    if by is None or evaluator.person.user_id != by.pk:
        refuse("Evaluators record their own scores.")
    if evaluator.declared_at is None:
        refuse("Declare your interests before scoring.")
    conflicted = evaluator.has_conflict or _in_bid(evaluator.person.organisation_id, bid)
    if conflicted:
        _breach(
            action="evaluation.conflicted_scoring_refused", by=by, obj=evaluator,
            data={"bid": str(bid.pk), "declared": evaluator.has_conflict},
            message="You have a conflict of interest with this tender or this bid, so you "
            "cannot score it.",
        )  # fmt: skip
    _refuse_if_closed(process)
    if bid.process_id != process.pk or bid.withdrawn_at:
        refuse("This bid is not one of this tender's bids.")
    if process.bids_opened_at is None:
        refuse("The bids are not open yet.")
    if bid.moderated_scores.exists():
        refuse("This bid has been moderated: the original scores are kept as they were.")
    return _save_scores(evaluator, bid, scores, now, by)


def _checked_marks(process, marks: dict, field: str) -> list:
    criteria = list(process.criteria.all())
    checked = []
    for criterion in criteria:
        mark, text = marks.get(criterion.pk, marks.get(criterion, (None, "")))
        if mark is None or not 0 <= mark <= MAX_SCORE:
            refuse(f"Score '{criterion.name}' from 0 to {MAX_SCORE}.", f"score_{criterion.pk}")
        if not (text or "").strip():
            refuse(f"Give the {field} for '{criterion.name}'.", f"{field}_{criterion.pk}")
        checked.append((criterion, mark, text.strip()[:TEXT_LIMIT]))
    return checked


@transaction.atomic
def _save_scores(evaluator, bid, marks, now, by) -> list[Score]:
    saved = []
    for criterion, mark, rationale in _checked_marks(evaluator.process, marks, "rationale"):
        score, _created = Score.objects.update_or_create(
            evaluator=evaluator, bid=bid, criterion=criterion,
            defaults={"score": mark, "rationale": rationale, "scored_at": now},
        )  # fmt: skip
        saved.append(score)
    audit.record(action="evaluation.scored", by=by, obj=evaluator,
                 data={"bid": str(bid.pk), "criteria": len(saved)})  # fmt: skip
    return saved


def scoring_evaluators(process: ContractingProcess) -> list[Evaluator]:
    return [e for e in process.evaluators.select_related("person__user") if e.may_score]


@transaction.atomic
def moderate_bid(*, bid: Bid, marks: dict, by=None, at=None) -> list[ModeratedScore]:
    """Agree the moderated score of each criterion of a bid, with the reason, once every
    evaluator free of conflicts has scored it. The evaluators' own scores are kept."""
    now = _when(at)
    process = bid.process
    _refuse_if_closed(process)
    if process.bids_opened_at is None:
        refuse("The bids are not open yet.")
    evaluators = scoring_evaluators(process)
    if len(evaluators) < MIN_EVALUATORS:
        refuse(f"Moderation needs at least {MIN_EVALUATORS} evaluators free of conflicts.")
    if process.evaluators.filter(declared_at__isnull=True).exists():
        refuse("Every evaluator must declare their interests before moderation.")
    needed = len(evaluators) * process.criteria.count()
    scored = Score.objects.filter(bid=bid, evaluator__in=evaluators).count()
    if scored < needed:
        refuse("Every evaluator must score this bid before it is moderated.")
    saved = []
    for criterion, mark, reason in _checked_marks(process, marks, "reason"):
        moderated, _created = ModeratedScore.objects.update_or_create(
            bid=bid, criterion=criterion,
            defaults={"score": mark, "reason": reason, "moderated_by": by, "moderated_at": now},
        )  # fmt: skip
        saved.append(moderated)
    audit.record(action="evaluation.moderated", by=by, obj=bid,
                 data={"scores": {s.criterion.name: s.score for s in saved}})  # fmt: skip
    return saved


def weighted_total(bid: Bid) -> float | None:
    """The bid's moderated score out of 100 (each criterion's score as a share of its weight),
    or None until every criterion is moderated."""
    moderated = {m.criterion_id: m.score for m in bid.moderated_scores.all()}
    criteria = list(bid.process.criteria.all())
    if not criteria or any(c.pk not in moderated for c in criteria):
        return None
    return round(sum(moderated[c.pk] * c.weight / MAX_SCORE for c in criteria), 2)


def evaluation_complete(process: ContractingProcess) -> bool:
    """Every live bid moderated on every criterion."""
    bids = process.bids.filter(withdrawn_at__isnull=True)
    if process.bids_opened_at is None or not bids.exists():
        return False
    return all(weighted_total(bid) is not None for bid in bids)


@transaction.atomic
def award_lot(
    *, process: ContractingProcess, lot: Lot, bid: Bid, standstill_days: int = MIN_STANDSTILL_DAYS,
    by=None, at=None,
) -> Award:  # fmt: skip
    """Award a lot to its best moderated bid, opening the standstill period."""
    now = _when(at)
    if process.cancelled_at:
        refuse("This contracting process was cancelled.")
    if Award.objects.filter(process=process, lot=lot).exists():
        refuse("This lot is awarded: the award cannot change during the standstill period or "
                "after it.")  # fmt: skip
    if not evaluation_complete(process):
        refuse("The evaluation is not complete: every bid must be moderated first.")
    if bid.process_id != process.pk or bid.lot_id != lot.pk or bid.withdrawn_at:
        refuse("Choose a bid for this lot.", "bid")
    if standstill_days < MIN_STANDSTILL_DAYS:
        refuse(f"The standstill period is at least {MIN_STANDSTILL_DAYS} days.",
                "standstill_days")  # fmt: skip
    rivals = process.bids.filter(lot=lot, withdrawn_at__isnull=True)
    best = max(weighted_total(rival) for rival in rivals)
    if weighted_total(bid) < best:
        refuse("Award the lot to the bid with the highest moderated score.", "bid")
    award = Award.objects.create(
        process=process, lot=lot, bid=bid, value=bid.price, awarded_at=now, awarded_by=by,
        standstill_ends_at=now + timedelta(days=standstill_days),
    )  # fmt: skip
    award.suppliers.set([bid.lead_id, *bid.members.values_list("organisation_id", flat=True)])
    audit.record(
        action="tender.awarded", by=by, obj=award,
        data={"bid": str(bid.pk), "lead": bid.lead.name, "value": bid.price,
              "standstill_ends_at": award.standstill_ends_at},
    )  # fmt: skip
    releases.emit(process, tags=["award"], by=by, at=now)
    return award


@transaction.atomic
def confirm_award(*, award: Award, by=None, at=None) -> Award:
    """After the standstill period the award is final: the contract can be made."""
    now = _when(at)
    if award.confirmed_at:
        refuse("This award is already final.")
    if now < award.standstill_ends_at:
        refuse(
            "The standstill period runs until "
            f"{timezone.localtime(award.standstill_ends_at):%d %B %Y, %H:%M}."
        )
    award.confirmed_at = now
    award.save(update_fields=["confirmed_at"])
    audit.record(action="tender.award_confirmed", by=by, obj=award, data={})
    releases.emit(award.process, tags=["award"], by=by, at=now)
    return award


@transaction.atomic
def cancel_process(*, process: ContractingProcess, reason: str, by=None, at=None):
    now = _when(at)
    _refuse_if_closed(process)
    if not reason.strip():
        refuse("Give the reason the process is cancelled.", "reason")
    process.cancelled_at, process.cancel_reason = now, reason.strip()
    process.save(update_fields=["cancelled_at", "cancel_reason"])
    audit.record(action="tender.cancelled", by=by, obj=process, data={"reason": reason.strip()})
    if process.published_at:
        releases.emit(process, tags=["tenderCancellation"], by=by, at=now)
    return process
