"""Do: the contracting process (one `ocid` each), its notice, lots, weighted award criteria and
documents; clarification questions; sealed bids; evaluation and moderation; the award.

A process's status is never stored: it is derived from the timestamps recorded by the services
(published, cancelled, bids opened, awarded, award confirmed) and the timetable, by `status()`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.core.fields import uuid_pk
from joinedup.core.models import Organisation, Person
from joinedup.core.visibility import Visible, VisibleQuerySet

from ..choices import Route

__all__ = [
    "ContractingProcess",
    "Lot",
    "AwardCriterion",
    "NoticeDocument",
    "Question",
    "Bid",
    "BidMember",
    "Evaluator",
    "Score",
    "ModeratedScore",
    "Award",
    "ProcessStatus",
]

MONEY = {"max_digits": 14, "decimal_places": 2}


def new_ocid() -> str:
    """An Open Contracting id: our registered-style prefix and a short unique part."""
    return f"ocds-jnup01-{uuid.uuid4().hex[:12]}"


class ProcessStatus(models.TextChoices):
    """The stages of a contracting process, derived from its timestamps (never stored)."""

    DRAFT = "draft", "Draft"
    OPEN_FOR_QUESTIONS = "open_for_questions", "Open for questions and bids"
    OPEN_FOR_BIDS = "open_for_bids", "Open for bids"
    EVALUATION = "evaluation", "Evaluation"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class ProcessQuerySet(VisibleQuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class ContractingProcess(Visible):
    """Everything done to buy one thing, from planning to contract: identified by its `ocid`.

    Its notice (description, value, documents, lots, criteria, timetable and suitability flags)
    is public once published; drafts are seen by commissioners only."""

    id = uuid_pk()
    ocid = models.CharField(max_length=64, unique=True, default=new_ocid)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    route = models.CharField(max_length=32, choices=Route.choices)
    buyer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    intention = models.ForeignKey(
        "commissioning.Intention",
        on_delete=models.PROTECT,
        related_name="processes",
        null=True,
        blank=True,
    )
    specification = models.ForeignKey(
        "commissioning.Specification",
        on_delete=models.PROTECT,
        related_name="processes",
        null=True,
        blank=True,
    )
    service_area = models.ForeignKey(
        "commissioning.ServiceArea", on_delete=models.PROTECT, related_name="processes"
    )
    description = models.TextField(blank=True)
    estimated_value = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="Estimated total value, in £."
    )
    suitable_for_small = models.BooleanField(
        default=False, help_text="Suitable for small providers."
    )
    suitable_for_voluntary = models.BooleanField(
        default=False, help_text="Suitable for voluntary-sector providers."
    )
    # The timetable, as published.
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField(null=True, blank=True)
    evaluation_ends_at = models.DateTimeField(null=True, blank=True)
    award_planned_at = models.DateTimeField(null=True, blank=True)
    standstill_planned_end = models.DateTimeField(null=True, blank=True)
    # What has happened, recorded once by the services.
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    bids_opened_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def deadline_passed(self, now=None) -> bool:
        """Whether bidding has closed: the submission deadline is reached and every question
        has an answer (an unanswered question holds the deadline: see ADR 0007)."""
        now = now or timezone.now()
        if self.submission_deadline is None or now < self.submission_deadline:
            return False
        unanswered = getattr(self, "unanswered", None)  # annotated by lists of processes
        if unanswered is not None:
            return unanswered == 0
        return not self.questions.filter(answered_at__isnull=True).exists()

    def status(self, now=None) -> str:
        """The stage the process is in, from its timestamps and timetable."""
        now = now or timezone.now()
        if self.cancelled_at:
            return ProcessStatus.CANCELLED
        if self.published_at is None:
            return ProcessStatus.DRAFT
        if not self.deadline_passed(now):
            if self.clarification_deadline and now < self.clarification_deadline:
                return ProcessStatus.OPEN_FOR_QUESTIONS
            return ProcessStatus.OPEN_FOR_BIDS
        awards = list(self.awards.all())
        if not awards:
            return ProcessStatus.EVALUATION
        if all(award.confirmed_at for award in awards) and len(awards) >= len(self.lots.all()):
            return ProcessStatus.AWARDED
        return ProcessStatus.STANDSTILL

    def status_label(self, now=None) -> str:
        return ProcessStatus(self.status(now)).label


class Lot(models.Model):
    """A part of a contracting process that is bid for and awarded on its own."""

    id = uuid_pk()
    process = models.ForeignKey(ContractingProcess, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField(max_length=300)
    number = models.PositiveSmallIntegerField(default=1)
    description = models.TextField(blank=True)
    value = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"Lot {self.number}: {self.title}"


class AwardCriterion(models.Model):
    """A weighted award criterion, published with the notice; the weights of a process sum to
    100 and are frozen once bids may be submitted."""

    id = uuid_pk()
    process = models.ForeignKey(
        ContractingProcess, on_delete=models.CASCADE, related_name="criteria"
    )
    number = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(help_text="Percentage of the total score.")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_range"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class NoticeDocument(models.Model):
    """A tender document: an uploaded PDF, DOCX or XLSX, or a link."""

    id = uuid_pk()
    process = models.ForeignKey(
        ContractingProcess, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="tenders/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    url = models.URLField(blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A clarification question and its public answer. Who asked is kept, never published."""

    id = uuid_pk()
    process = models.ForeignKey(
        ContractingProcess, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField()
    asked_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["asked_at"]

    def __str__(self):
        return self.text[:80]


class Bid(models.Model):
    """A bid for one lot, from an organisation alone or a consortium that it leads.

    Sealed: its content is read only through `queries.procurement.bid_content`, which refuses
    everyone but the bidder until the submission deadline has passed."""

    id = uuid_pk()
    process = models.ForeignKey(ContractingProcess, on_delete=models.PROTECT, related_name="bids")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="bids")
    lead = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The content, sealed until the deadline.
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    organisation_summary = models.TextField()
    approach = models.TextField()
    experience = models.TextField(blank=True)
    social_value = models.TextField(blank=True)
    quality_and_safeguarding = models.TextField(blank=True)
    financial_standing = models.TextField(blank=True)
    price = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self):
        return f"Bid by {self.lead} for {self.lot}"

    @property
    def is_consortium(self) -> bool:
        return self.members.exists()


class BidMember(models.Model):
    """A member of a consortium bid, besides its lead."""

    id = uuid_pk()
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "organisation"], name="one_member_per_bid")
        ]

    def __str__(self):
        return f"{self.organisation} in {self.bid}"


class Evaluator(models.Model):
    """A person appointed to score the bids of a process, after declaring their interests."""

    id = uuid_pk()
    process = models.ForeignKey(
        ContractingProcess, on_delete=models.CASCADE, related_name="evaluators"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField()
    declared_at = models.DateTimeField(null=True, blank=True)
    has_conflict = models.BooleanField(default=False)
    conflict = models.TextField(blank=True, help_text="The conflict of interest declared.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "person"], name="one_evaluator_per_person")
        ]

    def __str__(self):
        return f"{self.person} on {self.process}"

    @property
    def may_score(self) -> bool:
        return self.declared_at is not None and not self.has_conflict


class Score(models.Model):
    """One evaluator's independent score of one bid against one criterion (0 to 10). Kept
    unchanged by moderation."""

    id = uuid_pk()
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "bid", "criterion"], name="one_score_per_evaluator"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="score_range"),
        ]

    def __str__(self):
        return f"{self.score} for {self.criterion_id} by {self.evaluator_id}"


class ModeratedScore(models.Model):
    """The score agreed at moderation for one bid against one criterion, with the reason."""

    id = uuid_pk()
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="moderated_scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_moderated_score"),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="moderated_range"),
        ]

    def __str__(self):
        return f"Moderated {self.score} for {self.criterion_id}"


class Award(models.Model):
    """The award of a lot to its winning bid, with a standstill period; final once confirmed
    after the standstill. The contracts register makes its contract from a final award."""

    id = uuid_pk()
    process = models.ForeignKey(ContractingProcess, on_delete=models.PROTECT, related_name="awards")
    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="awards", null=True)
    bid = models.OneToOneField(
        Bid, on_delete=models.PROTECT, related_name="award", null=True, blank=True
    )
    suppliers = models.ManyToManyField(
        Organisation, related_name="+", blank=True, help_text="The bid's lead and members."
    )
    value = models.DecimalField(**MONEY, null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    standstill_ends_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "lot"], name="one_award_per_lot")]

    def __str__(self):
        return f"Award of {self.lot or self.process}"

    @property
    def is_final(self) -> bool:
        """Confirmed after its standstill: the contract may be made."""
        return self.confirmed_at is not None
