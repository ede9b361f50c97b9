"""Reads of procurement, and who may see and do what.

A notice is public once published (and as its visibility allows); drafts are commissioners'.
Answered questions are public, without who asked. Bids are sealed: `bid_content` is the only
function that returns what a bid says, and it refuses everyone but the bidder until the bids are
opened after the submission deadline, recording each refused attempt. Evaluation scores are seen
by their evaluator and, for moderation, by commissioners; never by the public.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole

from ..models import Bid, ContractingProcess, Evaluator, Question, Score


class BidSealed(PermissionDenied):
    """A bid's content was asked for before the bids were opened."""


def is_commissioner(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.COMMISSIONER)


def visible_processes(viewer: Viewer):
    """The notices this viewer may see: published ones, and drafts too for commissioners."""
    processes = ContractingProcess.objects.visible_to(viewer)
    if not is_commissioner(viewer):
        processes = processes.published()
    return processes


def find_a_tender(viewer: Viewer, *, now=None):
    """Published notices, those still open for bids first (soonest deadline first), then the
    rest, newest first."""
    now = now or timezone.now()
    open_now = Q(cancelled_at__isnull=True, submission_deadline__gt=now)
    return (
        visible_processes(viewer)
        .published()
        .select_related("service_area", "buyer")
        .prefetch_related("awards", "lots")
        .annotate(
            is_open=Case(
                When(open_now, then=Value(0)), default=Value(1), output_field=IntegerField()
            ),
            unanswered=Count("questions", filter=Q(questions__answered_at__isnull=True)),
        )  # fmt: skip
        .order_by("is_open", "submission_deadline", "-published_at")
    )


def draft_processes(viewer: Viewer):
    if not is_commissioner(viewer):
        return ContractingProcess.objects.none()
    return ContractingProcess.objects.filter(published_at__isnull=True, cancelled_at__isnull=True)


def access_process(viewer: Viewer, slug: str) -> ContractingProcess:
    process = visible_processes(viewer).filter(slug=slug).first()
    if process is None:
        raise Http404("No such notice.")
    return process


def access_managed_process(viewer: Viewer, slug: str) -> ContractingProcess:
    """A process for its commissioner to run; PermissionDenied for anyone else."""
    if not is_commissioner(viewer):
        raise PermissionDenied("Only a commissioner can do this.")
    return access_process(viewer, slug)


def public_questions(process: ContractingProcess):
    """The answered questions, as everyone reads them (no asker)."""
    return process.questions.filter(answered_at__isnull=False).only(
        "id", "text", "answer", "asked_at", "answered_at"
    )


def own_questions(viewer: Viewer, process: ContractingProcess):
    if viewer.person_id is None:
        return Question.objects.none()
    return process.questions.filter(asked_by_id=viewer.person_id, answered_at__isnull=True)


def access_question(viewer: Viewer, process: ContractingProcess, question_id) -> Question:
    if not is_commissioner(viewer):
        raise PermissionDenied("Only a commissioner can answer questions.")
    question = process.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404("No such question.")
    return question


def can_bid(viewer: Viewer) -> bool:
    return viewer.organisation_id is not None


def own_bids(viewer: Viewer, process: ContractingProcess):
    """The bids of the viewer's organisation (as lead or member): theirs to read at any time."""
    if viewer.organisation_id is None:
        return Bid.objects.none()
    mine = Q(lead_id=viewer.organisation_id) | Q(members__organisation_id=viewer.organisation_id)
    return process.bids.filter(mine).distinct().select_related("lot", "lead")


def evaluator_of(viewer: Viewer, process: ContractingProcess) -> Evaluator | None:
    if viewer.person_id is None:
        return None
    return process.evaluators.filter(person_id=viewer.person_id).first()


def _is_bidder(viewer: Viewer, bid: Bid) -> bool:
    return viewer.organisation_id is not None and (
        bid.lead_id == viewer.organisation_id
        or bid.members.filter(organisation_id=viewer.organisation_id).exists()
    )


def _may_evaluate(viewer: Viewer, process: ContractingProcess) -> bool:
    if is_commissioner(viewer):
        return True
    evaluator = evaluator_of(viewer, process)
    return evaluator is not None and evaluator.may_score


def bid_content(viewer: Viewer, bid_id, *, now=None) -> Bid:
    """THE way to a bid's content. The bidder reads their own bid at any time. Commissioners,
    administrators and evaluators free of conflicts read it only once the bids are opened, which
    needs the submission deadline to have passed; an earlier attempt raises `BidSealed` and is
    recorded in the audit log. Anyone else gets a 404."""
    bid = (
        Bid.objects.select_related("process", "lot", "lead", "submitted_by__user")
        .filter(pk=bid_id)
        .first()
    )
    if bid is None:
        raise Http404("No such bid.")
    if _is_bidder(viewer, bid):
        return bid
    process = bid.process
    if not _may_evaluate(viewer, process):
        raise Http404("No such bid.")
    if process.bids_opened_at is None or not process.deadline_passed(now):
        audit.record(
            action="bid.sealed_read_refused",
            by=viewer.user,
            obj=bid,
            data={"process": str(process.pk), "submission_deadline": process.submission_deadline},
        )
        raise BidSealed("This bid is sealed until the bids are opened after the deadline.")
    return bid


def opened_bids(viewer: Viewer, process: ContractingProcess):
    """The live bids of a process, for its commissioner and evaluators, once opened."""
    if not _may_evaluate(viewer, process):
        raise PermissionDenied("Only the commissioner and the evaluators see the bids.")
    if process.bids_opened_at is None:
        return Bid.objects.none()
    return (
        process.bids.filter(withdrawn_at__isnull=True)
        .select_related("lot", "lead")
        .prefetch_related("members__organisation", "moderated_scores")
        .order_by("lot__number", "submitted_at")
    )


def live_bid_count(process: ContractingProcess) -> int:
    """How many bids stand: a number anyone running the process may know before the deadline."""
    return process.bids.filter(withdrawn_at__isnull=True).count()


def own_scores(evaluator: Evaluator, bid: Bid) -> dict:
    """An evaluator sees only their own scores until moderation."""
    return {s.criterion_id: s for s in Score.objects.filter(evaluator=evaluator, bid=bid)}


def scores_for_moderation(viewer: Viewer, bid: Bid) -> dict:
    """Every evaluator's original scores of a bid by criterion, for the commissioner."""
    if not is_commissioner(viewer):
        raise PermissionDenied("Only a commissioner moderates.")
    table: dict = {}
    scores = Score.objects.filter(bid=bid).select_related("evaluator__person__user")
    for score in scores.order_by("evaluator__appointed_at"):
        table.setdefault(score.criterion_id, []).append(score)
    return table
