"""The partnership's bodies, their meetings, and what they recommend and decide."""

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse

from joinedup.core.models import Organisation, Person
from joinedup.core.visibility import Visible

from .choices import (
    ActionStatus,
    AttendanceStatus,
    BodyKind,
    DecisionPower,
    DeclarationConsequence,
    EscalationStatus,
    InterestKind,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    MembershipRole,
    ReachedBy,
    ResponseStatus,
)


class Body(Visible):
    """A board, panel, group or forum of the partnership, with its place in the hierarchy and
    its power: a body that only recommends, advises or assures can never record a decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    short_name = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=32, choices=BodyKind.choices)
    decision_power = models.CharField(max_length=16, choices=DecisionPower.choices)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_bodies"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="For a partner's own committee: the sovereign organisation it belongs to.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body_detail", kwargs={"slug": self.slug})

    @property
    def can_decide(self) -> bool:
        return self.decision_power == DecisionPower.DECIDES


class TermsOfReference(models.Model):
    """One version of a body's terms of reference, approved at a meeting."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveIntegerField()
    purpose = models.TextField()
    functions = models.TextField(blank=True)
    out_of_scope = models.TextField(blank=True)
    membership_composition = models.TextField(blank=True)
    quorum_minimum = models.PositiveIntegerField(
        default=1, help_text="Voting members who must be present, without a conflict."
    )
    quorum_requires_chair = models.BooleanField(default=False)
    quorum_rule = models.CharField(max_length=300, blank=True)
    cadence = models.CharField(max_length=200, blank=True)
    review_on = models.DateField(null=True, blank=True)
    approved_at = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "version"], name="tor_body_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} terms of reference v{self.version}"


class MembershipQuerySet(models.QuerySet):
    def current_on(self, day: date):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Membership(models.Model):
    """A person's seat on a body, representing one organisation, in one role, for a period."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(max_length=16, choices=MembershipRole.choices)
    is_voting = models.BooleanField(default=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["body", "role", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}, {self.body}"


class Meeting(models.Model):
    """A meeting of a body. Who may see it follows the body."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    cancelled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.short_name or self.body.name}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"meeting_id": self.id})


class AgendaItem(models.Model):
    """An item on a meeting's agenda: Part A (public) or Part B (confidential to the body)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=24, choices=ItemCategory.choices)
    purpose = models.CharField(max_length=16, choices=ItemPurpose.choices)
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_confidential = models.BooleanField("Part B (confidential)", default=False)
    exemption_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="item_position_unique"),
            models.CheckConstraint(
                condition=Q(is_confidential=False) | ~Q(exemption_reason=""),
                name="confidential_item_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Paper(models.Model):
    """A paper for an agenda item. A confidential paper is released on its release date unless
    it is re-exempted, with a recorded reason, before then."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="papers/%Y/%m/")
    file_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    is_confidential = models.BooleanField(default=False)
    exemption_reason = models.CharField(max_length=300, blank=True)
    release_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper_download", kwargs={"paper_id": self.id})


class Attendance(models.Model):
    """Whether a person was at a meeting, as a member or in attendance."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Interest(models.Model):
    """An entry in a person's standing register of interests."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interests")
    kind = models.CharField(max_length=16, choices=InterestKind.choices)
    description = models.CharField(max_length=300)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.person}: {self.description}"


class Declaration(models.Model):
    """An interest declared on an agenda item, and what the member did about it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="declarations")
    interest = models.ForeignKey(Interest, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=300)
    consequence = models.CharField(max_length=16, choices=DeclarationConsequence.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="declaration_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.item}: {self.get_consequence_display()}"


class Recommendation(models.Model):
    """A collective, non-binding recommendation of a body to sovereign organisations, each of
    which responds in its own right. With `committees_in_common`, the item is shared and each
    partner's committee records its own resolution as its response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=40, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="recommendations")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recommendations")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="recommendations")
    title = models.CharField(max_length=200)
    text = models.TextField()
    reached_by = models.CharField(max_length=24, choices=ReachedBy.choices)
    dissent = models.TextField(blank=True)
    committees_in_common = models.BooleanField(default=False)
    addressed_to = models.ManyToManyField(
        Organisation, through="Addressee", related_name="recommendations_received"
    )
    response_due = models.DateField(null=True, blank=True)
    supersedes = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:recommendation_detail", kwargs={"reference": self.reference})


class Addressee(models.Model):
    """One organisation a recommendation is addressed to."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="addressees"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "organisation"], name="addressee_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Response(models.Model):
    """An addressed organisation's response to a recommendation. Responses are never edited: a
    change of mind, or a revocation, is a new response, so the history stays whole."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="responses"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=24, choices=ResponseStatus.choices)
    reasons = models.TextField()
    decided_by = models.CharField(
        max_length=200, help_text="Who decided, e.g. 'Mind Jersey board'."
    )
    authority = models.CharField(max_length=200, help_text="Under what authority they decided.")
    decided_on = models.DateField()
    minutes_url = models.URLField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["recommendation", "organisation", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"


class Decision(models.Model):
    """A binding decision by a body with the power to decide (or a person with that authority,
    such as the Minister), with its basis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=40, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    title = models.CharField(max_length=200)
    text = models.TextField()
    basis = models.TextField(help_text="The papers, evidence and indicators it rests on.")
    papers = models.ManyToManyField(Paper, blank=True, related_name="decisions")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField()
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", kwargs={"reference": self.reference})


class DecisionLink(models.Model):
    """A record of another app that a decision concerns: a project, a risk, an indicator."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=40)
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "content_type", "object_id"], name="decision_link_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="decision_link_record")]

    def __str__(self) -> str:
        return f"{self.decision.reference} concerns {self.content_type.model} {self.object_id}"


class Minutes(models.Model):
    """The minutes of a meeting: drafted, then approved as an item of a later meeting."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(help_text="Markdown.")
    approved_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="minutes_approved"
    )
    approved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at_id is not None


class Action(models.Model):
    """An action agreed at a meeting, with one owner and a due date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default="open")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.status == ActionStatus.OPEN and self.due_on < today


class Escalation(models.Model):
    """A matter a body raises with the body it reports to, for a decision or help."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="escalations_raised")
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="escalations_received")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalations",
        help_text="The agenda item it came from: an escalation on Part B business is Part B.",
    )
    subject = models.CharField(max_length=300)
    detail = models.TextField()
    decision_requested = models.TextField()
    due_by = models.DateField()
    status = models.CharField(
        max_length=16, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    response = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    raised_on = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("governance:escalation_detail", kwargs={"escalation_id": self.id})

    def is_overdue(self, today: date) -> bool:
        """Still awaiting a response after the day it was due."""
        return self.status == EscalationStatus.OPEN and self.due_by < today


class ForwardPlanItem(models.Model):
    """An item planned for a future meeting of a body (its work plan)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="forward_plan")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=24, choices=ItemCategory.choices)
    purpose = models.CharField(max_length=16, choices=ItemPurpose.choices)
    board_number = models.PositiveIntegerField(
        help_text="Which meeting of the work plan it is for (Board 1, Board 2, …)."
    )
    position = models.PositiveIntegerField(default=0, help_text="Its place in that board's agenda.")
    scheduled_item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="planned_as"
    )

    class Meta:
        ordering = ["body", "board_number", "position"]

    def __str__(self) -> str:
        return f"Board {self.board_number}: {self.title}"
