"""The transformation programme: tranches, workstreams and projects; the standard monthly return;
RAID; finance; benefits; and the reports that another body agrees before they are published."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from joinedup.core.fields import uuid_pk
from joinedup.core.models import Organisation, Person
from joinedup.core.visibility import Visible, VisibleQuerySet
from joinedup.governance.models import Body, Escalation, Meeting

from .choices import (
    AskStatus,
    AttestedPart,
    Confidence,
    ConfidenceScale,
    DependencyStatus,
    Dimension,
    FundingArrangement,
    ProjectRole,
    ProjectStatus,
    Rag,
    RaidStatus,
    ReportKind,
    ReportStatus,
    ReturnStatus,
    RiskCategory,
    RiskLevel,
    RiskResponse,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class Programme(models.Model):
    """A multi-year transformation delivered in tranches (the Jersey Care Model)."""

    id = uuid_pk()
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    board = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="programmes_overseen",
        help_text="The programme board: receives exception reports and escalations.",
    )
    reports_agreed_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="programme_reports_agreed",
        help_text="The body that agrees the monthly and tranche reports before publication.",
    )
    confidence_scale = models.CharField(
        max_length=12, choices=ConfidenceScale.choices, default=ConfidenceScale.THREE_POINT
    )
    amber_share = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.75"),
        help_text="The share of a tolerance past which a dimension turns amber.",
    )
    risk_grades = models.JSONField(
        default=dict,
        blank=True,
        help_text="Highest score of each grade (low, moderate, high, extreme); empty for the NHS "
        "default 3, 6, 12, 25.",
    )

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:programme_detail", kwargs={"slug": self.slug})


class Tranche(models.Model):
    """A stage of the programme with targets that freeze when it starts."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    frozen_on = models.DateField(
        null=True, blank=True, help_text="When its targets froze; later changes are re-baselines."
    )

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="tranche_number_unique"),
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="tranche_dates"),
        ]

    def __str__(self) -> str:
        return f"Tranche {self.number}: {self.name}"


class TrancheTarget(models.Model):
    """What the tranche is to achieve, by when; the end-of-tranche report measures against it."""

    id = uuid_pk()
    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="targets")
    description = models.CharField(max_length=300)
    measure = models.CharField(max_length=200, help_text="How achievement is measured.")
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    unit = models.CharField(max_length=40, blank=True)
    due_on = models.DateField()
    achieved_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["tranche", "due_on", "description"]

    def __str__(self) -> str:
        return self.description


class Rebaseline(models.Model):
    """A change to a frozen tranche target, with its reason: the baseline's history."""

    id = uuid_pk()
    target = models.ForeignKey(TrancheTarget, on_delete=models.PROTECT, related_name="rebaselines")
    previous = models.JSONField()
    new = models.JSONField()
    reason = models.TextField()
    by = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["target", "at"]

    def __str__(self) -> str:
        return f"Re-baseline of {self.target} on {self.at:%d %B %Y}"


class Workstream(models.Model):
    """A strand of delivery with its own board, reporting to the programme office."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    board = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="workstreams")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(VisibleQuerySet):
    def active(self):
        return self.exclude(status=ProjectStatus.CLOSED)


class Project(Visible):
    """A project of a workstream, led by one partner, often delivered with others."""

    id = uuid_pk()
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    reference = models.CharField(max_length=20, unique=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects_led"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="projects_joined")
    status = models.CharField(
        max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PIPELINE
    )
    description = models.TextField(blank=True)
    budget = models.DecimalField(**MONEY, default=Decimal(0), help_text="Whole-life budget.")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Generated for the demo.")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        indexes = [models.Index(fields=["workstream", "status"], name="project_ws_status")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:project_detail", kwargs={"slug": self.slug})


class ProjectRoleAssignment(models.Model):
    """A named project role held by a person of a partner organisation."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=24, choices=ProjectRole.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="project_roles")

    class Meta:
        ordering = ["project", "role"]
        constraints = [
            models.UniqueConstraint(fields=["project", "role"], name="project_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class Objective(models.Model):
    """What a project is to achieve; returns report progress against each."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position"]

    def __str__(self) -> str:
        return self.text


class Milestone(models.Model):
    """A dated point of delivery: baseline as planned, forecast as now expected, actual when met."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    baseline_on = models.DateField()
    forecast_on = models.DateField()
    actual_on = models.DateField(null=True, blank=True)
    is_key = models.BooleanField(default=False, help_text="Shown on the programme's tracker.")

    class Meta:
        ordering = ["project", "baseline_on", "title"]
        indexes = [models.Index(fields=["project", "forecast_on"], name="milestone_forecast")]

    def __str__(self) -> str:
        return self.title

    @property
    def slip_days(self) -> int:
        """Days the forecast (or actual) date lies beyond the baseline."""
        return ((self.actual_on or self.forecast_on) - self.baseline_on).days


class Tolerance(models.Model):
    """How far a dimension may deviate before the level above must decide: for the programme,
    or overridden for one project."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tolerances")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="tolerances"
    )
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    limit = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "project", "dimension"], name="tolerance_unique"
            ),
            models.UniqueConstraint(
                fields=["programme", "dimension"],
                condition=Q(project__isnull=True),
                name="programme_tolerance_unique",
            ),
            models.CheckConstraint(condition=Q(limit__gte=0), name="tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.limit}"


class ReturnRound(models.Model):
    """The standard monthly return, issued by the PMO to every active project at once."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    month = models.DateField(help_text="The first day of the month reported on.")
    due_on = models.DateField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["programme", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "month"], name="round_month_unique")
        ]

    def __str__(self) -> str:
        return f"Return for {self.month:%B %Y}"


class MonthlyReturn(models.Model):
    """One project's return for one month. Drafted and submitted by the project manager; once
    submitted it is an immutable snapshot, so trends come from history."""

    id = uuid_pk()
    round = models.ForeignKey(ReturnRound, on_delete=models.PROTECT, related_name="returns")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="returns")
    status = models.CharField(
        max_length=12, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    overall_status = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    overall_override_reason = models.TextField(
        blank=True, help_text="Why the overall status differs from the worst dimension."
    )
    confidence = models.CharField(max_length=12, choices=Confidence.choices, blank=True)
    confidence_narrative = models.TextField(blank=True)
    progress = models.TextField(blank=True, help_text="Progress against objectives.")
    resources_used = models.TextField(blank=True)
    spend_to_date = models.DecimalField(**MONEY, null=True, blank=True)
    achievements = models.TextField(blank=True)
    next_milestones = models.TextField(blank=True)
    decisions_needed = models.TextField(blank=True)
    drafted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "project"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="one_return_per_month")
        ]
        indexes = [models.Index(fields=["project", "status"], name="return_project_status")]

    def __str__(self) -> str:
        return f"{self.project} — {self.round.month:%B %Y}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReturnStatus.SUBMITTED

    @property
    def is_late(self) -> bool:
        return self.is_submitted and self.submitted_at.date() > self.round.due_on


class DimensionStatus(models.Model):
    """A return's forecast on one dimension, and the status derived from its tolerance."""

    id = uuid_pk()
    monthly_return = models.ForeignKey(
        MonthlyReturn, on_delete=models.CASCADE, related_name="dimensions"
    )
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    forecast_deviation = models.DecimalField(max_digits=10, decimal_places=2)
    tolerance = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="The tolerance in force when it was submitted."
    )
    needs_action = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Rag.choices)
    commentary = models.TextField(blank=True)

    class Meta:
        ordering = ["monthly_return", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["monthly_return", "dimension"], name="one_status_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.get_status_display()}"


class Attestation(models.Model):
    """A named role vouching for its part of a submitted return."""

    id = uuid_pk()
    monthly_return = models.ForeignKey(
        MonthlyReturn, on_delete=models.PROTECT, related_name="attestations"
    )
    part = models.CharField(max_length=12, choices=AttestedPart.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["monthly_return", "part"]
        constraints = [
            models.UniqueConstraint(fields=["monthly_return", "part"], name="one_attestation")
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} attested by {self.person}"


class ExceptionReport(models.Model):
    """Required when a return forecasts a breach of tolerance: routed to the programme board
    through a governance escalation."""

    id = uuid_pk()
    monthly_return = models.OneToOneField(
        MonthlyReturn, on_delete=models.PROTECT, related_name="exception_report"
    )
    cause = models.TextField()
    consequences = models.TextField()
    options = models.TextField()
    recommendation = models.TextField()
    escalation = models.OneToOneField(
        Escalation, null=True, on_delete=models.PROTECT, related_name="exception_report"
    )

    def __str__(self) -> str:
        return f"Exception: {self.monthly_return}"


class ReturnReminder(models.Model):
    """A reminder the PMO sent to a project whose return is late or missing."""

    id = uuid_pk()
    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="reminders")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    sent_to = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Reminder to {self.sent_to} on {self.sent_at:%d %B %Y}"


class RiskAppetite(models.Model):
    """How much risk of a category a level will hold before escalating: the partnership's, or
    one partner organisation's own."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="appetites")
    category = models.CharField(max_length=16, choices=RiskCategory.choices)
    level = models.CharField(max_length=12, choices=RiskLevel.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tolerance_score = models.PositiveSmallIntegerField()
    statement = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "category", "level", "organisation"], name="appetite_unique"
            ),
            models.UniqueConstraint(
                fields=["programme", "category", "level"],
                condition=Q(organisation__isnull=True),
                name="partnership_appetite_unique",
            ),
            models.CheckConstraint(
                condition=Q(tolerance_score__gte=1, tolerance_score__lte=25),
                name="appetite_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}, {self.level} level: {self.tolerance_score}"


def _score_field(prefix: str):
    return models.GeneratedField(
        expression=F(f"{prefix}_likelihood") * F(f"{prefix}_consequence"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )


def _one_to_five(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"risk_{field}_1_5"
    )


class Risk(Visible):
    """A risk: cause, event and effect, scored on the NHS 5 × 5 matrix as inherent, current and
    target, with exactly one owner and the organisations that hold or share it."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="risks")
    level = models.CharField(max_length=12, choices=RiskLevel.choices)
    workstream = models.ForeignKey(
        Workstream, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    cause = models.TextField()
    event = models.TextField()
    effect = models.TextField()
    category = models.CharField(max_length=16, choices=RiskCategory.choices)
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="risks_owned")
    holders = models.ManyToManyField(Organisation, related_name="risks_held")
    inherent_likelihood = models.PositiveSmallIntegerField()
    inherent_consequence = models.PositiveSmallIntegerField()
    inherent_score = _score_field("inherent")
    current_likelihood = models.PositiveSmallIntegerField()
    current_consequence = models.PositiveSmallIntegerField()
    current_score = _score_field("current")
    target_likelihood = models.PositiveSmallIntegerField()
    target_consequence = models.PositiveSmallIntegerField()
    target_score = _score_field("target")
    target_on = models.DateField()
    controls = models.TextField(blank=True)
    response = models.CharField(max_length=12, choices=RiskResponse.choices)
    review_on = models.DateField()
    status = models.CharField(max_length=8, choices=RaidStatus.choices, default=RaidStatus.OPEN)
    escalation = models.ForeignKey(
        Escalation, null=True, blank=True, on_delete=models.PROTECT, related_name="risks"
    )
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-current_score", "reference"]
        constraints = [
            _one_to_five(f"{kind}_{axis}")
            for kind in ("inherent", "current", "target")
            for axis in ("likelihood", "consequence")
        ]
        indexes = [
            models.Index(fields=["programme", "status", "-current_score"], name="risk_top"),
            models.Index(fields=["project", "status"], name="risk_project"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("programme:risk_detail", kwargs={"reference": self.reference})


class RiskAssessment(models.Model):
    """One scoring of a risk's current position: the history behind its movement."""

    id = uuid_pk()
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    likelihood = models.PositiveSmallIntegerField()
    consequence = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(Person, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["risk", "at"]
        indexes = [models.Index(fields=["risk", "at"], name="assessment_risk_at")]

    def __str__(self) -> str:
        return f"{self.risk.reference} scored {self.score}"


class Issue(models.Model):
    """Something that has happened and must be dealt with."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=200)
    description = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField()
    status = models.CharField(max_length=8, choices=RaidStatus.choices, default=RaidStatus.OPEN)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return self.title


class Assumption(models.Model):
    """Something a project plans on being true, to be checked by a date."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="assumptions")
    text = models.TextField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    check_by = models.DateField()
    holds = models.BooleanField(null=True, help_text="Unknown until checked.")

    class Meta:
        ordering = ["check_by"]

    def __str__(self) -> str:
        return self.text[:80]


class Dependency(models.Model):
    """What one project or partner needs from another, by when, and whether it is committed."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="dependencies")
    description = models.TextField()
    giver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    giving_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="dependants"
    )
    receiving_project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="dependencies"
    )
    needed_by = models.DateField()
    committed_by = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=DependencyStatus.choices, default=DependencyStatus.REQUESTED
    )

    class Meta:
        ordering = ["needed_by"]
        verbose_name_plural = "dependencies"

    def __str__(self) -> str:
        return f"{self.giver} → {self.receiver}: {self.description[:60]}"


class Ask(models.Model):
    """A request to a partner organisation: what, by when, and its response."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="asks")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.PROTECT, related_name="asks"
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    what = models.TextField()
    by_when = models.DateField()
    asked_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AskStatus.choices, default=AskStatus.OPEN)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["by_when"]

    def __str__(self) -> str:
        return f"Ask of {self.to_organisation}: {self.what[:60]}"


class Challenge(models.Model):
    """The programme board's challenge of a project's non-delivery, and the reply."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="challenges")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges"
    )
    text = models.TextField()
    raised_on = models.DateField()
    reply = models.TextField(blank=True)
    replied_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_on"]

    def __str__(self) -> str:
        return f"Challenge to {self.project}: {self.text[:60]}"


class FundingSource(models.Model):
    """Money for the programme: which partner provides it, which holds it, pooled or aligned."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="funding")
    name = models.CharField(max_length=200)
    provided_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    held_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    arrangement = models.CharField(max_length=8, choices=FundingArrangement.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="funding_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class FinanceLine(models.Model):
    """A project's budget, actual and forecast for one month from one funding source."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="finance")
    month = models.DateField()
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="lines")
    budget = models.DecimalField(**MONEY)
    actual = models.DecimalField(**MONEY, null=True, blank=True)
    forecast = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["project", "month", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "month", "source"], name="finance_line_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "project"], name="finance_month")]

    def __str__(self) -> str:
        return f"{self.project} {self.month:%b %Y} {self.source}"


class Benefit(models.Model):
    """An improvement the project is to bring about, measured, owned and enabled by milestones."""

    id = uuid_pk()
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="benefits")
    description = models.CharField(max_length=300)
    observable_outcome = models.TextField()
    attribution = models.TextField(
        blank=True, help_text="How much of the change is down to this project, and why."
    )
    measure = models.CharField(max_length=200)
    indicator_code = models.CharField(
        max_length=40, blank=True, help_text="The outcomes indicator that measures it, if any."
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    target_on = models.DateField()
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefits_owned")
    enabled_by = models.ManyToManyField(Milestone, blank=True, related_name="benefits")
    needs_reforecast = models.BooleanField(default=False)
    reforecast_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "target_on"]

    def __str__(self) -> str:
        return self.description


class BenefitProfile(models.Model):
    """A benefit's monthly target, forecast and actual."""

    id = uuid_pk()
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="profile")
    month = models.DateField()
    target = models.DecimalField(max_digits=14, decimal_places=2)
    forecast = models.DecimalField(max_digits=14, decimal_places=2)
    actual = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["benefit", "month"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "month"], name="benefit_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.benefit} {self.month:%b %Y}"


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)


class Report(models.Model):
    """The monthly programme report or the end-of-tranche report. Drafted, consolidated by the
    PMO, agreed by the body set to agree it, then published; the published content is frozen."""

    id = uuid_pk()
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=8, choices=ReportKind.choices)
    month = models.DateField(null=True, blank=True)
    tranche = models.ForeignKey(
        Tranche, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(max_length=200)
    asks_of_board = models.TextField(help_text="What the agreeing body is asked to do.")
    status = models.CharField(
        max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    agreed_by = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    agreed_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(
        null=True, blank=True, help_text="The report's figures, frozen when it is published."
    )
    public_content = models.JSONField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "month"],
                condition=Q(kind=ReportKind.MONTHLY),
                name="one_monthly_report",
            ),
            models.UniqueConstraint(
                fields=["programme", "tranche"],
                condition=Q(kind=ReportKind.TRANCHE),
                name="one_tranche_report",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:report_detail", kwargs={"report_id": self.id})
