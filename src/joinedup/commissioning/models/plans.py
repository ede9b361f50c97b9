"""Analyse and plan: the needs assessment, the commissioning intentions, service areas and their
commissioning model, and the service specifications whose KPIs are outcomes indicators."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from joinedup.core.choices import CareSetting
from joinedup.core.fields import uuid_pk
from joinedup.core.visibility import Visible

from ..choices import CommissioningModel, Route

__all__ = [
    "PopulationGroup",
    "NeedsChapter",
    "NeedsEvidence",
    "Principle",
    "CarePathway",
    "Intention",
    "DeliveryAction",
    "ServiceArea",
    "ModelChange",
    "RouteDecision",
    "RouteOption",
    "Specification",
    "SpecificationVersion",
    "SpecificationOutcome",
    "Kpi",
]


class PopulationGroup(models.Model):
    """A group of Islanders that the needs assessment looks at (older people, carers, …)."""

    id = uuid_pk()
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NeedsChapter(Visible):
    """A chapter of the needs assessment (the Jersey Needs Assessment): what it found, for whom,
    on what evidence, and the gap between need and what is provided."""

    id = uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    gap = models.TextField(blank=True, help_text="The gap found between need and provision.")
    assessed_on = models.DateField(null=True, blank=True)
    population_groups = models.ManyToManyField(PopulationGroup, blank=True, related_name="chapters")
    synthetic = models.BooleanField(default=False, help_text="Written for the demo.")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:chapter_detail", kwargs={"slug": self.slug})


class NeedsEvidence(models.Model):
    """A piece of a chapter's evidence, dated: an outcomes indicator, or a document (a link or
    an uploaded file)."""

    id = uuid_pk()
    chapter = models.ForeignKey(NeedsChapter, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(
        "outcomes.Indicator",
        on_delete=models.PROTECT,
        related_name="needs_evidence",
        null=True,
        blank=True,
    )
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="commissioning/needs/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    dated = models.DateField()
    note = models.TextField(blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-dated", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, title="", url="", file="")
                | (Q(indicator__isnull=True) & ~Q(title="") & (~Q(url="") | ~Q(file=""))),
                name="needs_evidence_indicator_or_document",
            )
        ]

    def __str__(self):
        return self.title or str(self.indicator)


class Principle(models.Model):
    """One of the strategy's principles, co-produced by the contributing partners."""

    id = uuid_pk()
    number = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.text


class CarePathway(models.Model):
    """A care pathway: 'commissioning is driven by the pathways' (the strategy's outcomes)."""

    id = uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Intention(Visible):
    """One of the strategy's commissioning intentions: its scope, vision, what we want to
    achieve for Islanders and how (its delivery plan), and the needs it answers."""

    id = uuid_pk()
    number = models.PositiveSmallIntegerField(unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    theme = models.CharField(max_length=100, blank=True, help_text="'Early intervention', …")
    scope = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    needs_chapters = models.ManyToManyField(NeedsChapter, blank=True, related_name="intentions")
    care_pathways = models.ManyToManyField(CarePathway, blank=True, related_name="intentions")

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:intention_detail", kwargs={"slug": self.slug})


class DeliveryAction(models.Model):
    """A line of an intention's delivery plan: what we want to achieve for Islanders, and how."""

    id = uuid_pk()
    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField()
    achieve = models.CharField(max_length=200, help_text="What we want to achieve for Islanders.")
    how = models.TextField()
    owner = models.CharField(max_length=200, blank=True)
    due_by = models.DateField(null=True, blank=True)
    synthetic = models.BooleanField(default=False, help_text="Owner and date made up for the demo.")

    class Meta:
        ordering = ["intention", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["intention", "position"], name="one_delivery_action_per_position"
            )
        ]

    def __str__(self):
        return self.achieve


class ServiceArea(Visible):
    """A service area and its current commissioning model; how it got there is in `changes`."""

    id = uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    care_setting = models.CharField(max_length=32, choices=CareSetting.choices)
    model = models.CharField(max_length=40, choices=CommissioningModel.choices)
    description = models.TextField(blank=True)
    care_pathways = models.ManyToManyField(CarePathway, blank=True, related_name="service_areas")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commissioning:service_area_detail", kwargs={"slug": self.slug})


class ModelChange(models.Model):
    """A dated change of a service area's commissioning model, with the reason (the first
    entry, with no `from_model`, is the model it started in)."""

    id = uuid_pk()
    service_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="changes")
    from_model = models.CharField(max_length=40, choices=CommissioningModel.choices, blank=True)
    to_model = models.CharField(max_length=40, choices=CommissioningModel.choices)
    changed_on = models.DateField()
    reason = models.TextField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["service_area", "changed_on", "recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_model=F("to_model")), name="model_change_changes_model"
            )
        ]

    def __str__(self):
        return f"{self.service_area}: {self.get_to_model_display()} from {self.changed_on}"


class RouteDecision(models.Model):
    """How an intention (or part of it, in one service area) is to be delivered: the route
    chosen by an options appraisal, and the governance decision that approved it. The latest
    per intention is the one in force; earlier ones are kept."""

    id = uuid_pk()
    intention = models.ForeignKey(Intention, on_delete=models.PROTECT, related_name="routes")
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="routes", null=True, blank=True
    )
    route = models.CharField(max_length=32, choices=Route.choices)
    rationale = models.TextField(help_text="Why the preferred option was chosen.")
    decision = models.ForeignKey(
        "governance.Decision", on_delete=models.PROTECT, related_name="commissioning_routes"
    )
    decided_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["intention", "-decided_on", "-recorded_at"]

    def __str__(self):
        return f"{self.intention}: {self.get_route_display()}"


class RouteOption(models.Model):
    """An option considered in a route decision's appraisal, with its pros and cons."""

    id = uuid_pk()
    decision = models.ForeignKey(RouteDecision, on_delete=models.CASCADE, related_name="options")
    route = models.CharField(max_length=32, choices=Route.choices)
    pros = models.TextField()
    cons = models.TextField()
    preferred = models.BooleanField(default=False)

    class Meta:
        ordering = ["decision", "-preferred", "route"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "route"], name="one_option_per_route"),
            models.UniqueConstraint(
                fields=["decision"], condition=Q(preferred=True), name="one_preferred_option"
            ),
        ]

    def __str__(self):
        return self.get_route_display()


class Specification(Visible):
    """A service specification; its content lives in numbered versions."""

    id = uuid_pk()
    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    intention = models.ForeignKey(
        Intention, on_delete=models.PROTECT, related_name="specifications", null=True, blank=True
    )
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="specifications"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("commissioning:specification_detail", kwargs={"slug": self.slug})

    @property
    def current(self):
        """The latest version (from a prefetch of `versions` when there is one)."""
        versions = list(self.versions.all())
        return max(versions, key=lambda v: v.version) if versions else None


class SpecificationVersion(models.Model):
    """One version of a specification: a new version copies the last and changes it; old
    versions are kept as they were."""

    id = uuid_pk()
    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveIntegerField()
    service_description = models.TextField(blank=True)
    population = models.TextField(blank=True, help_text="Who the service is for.")
    change_note = models.TextField(blank=True, help_text="What changed from the last version.")
    effective_from = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["specification", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "version"], name="one_number_per_specification_version"
            )
        ]

    def __str__(self):
        return f"{self.specification} v{self.version}"


class SpecificationOutcome(models.Model):
    """An outcome a specification version asks the service to achieve for Islanders."""

    id = uuid_pk()
    specification_version = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="outcomes"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["specification_version", "position"]

    def __str__(self):
        return self.text


class Kpi(models.Model):
    """A key performance indicator of a specification version: an outcomes indicator and its
    target, a single figure or a range, so that the providers' returns land as observations."""

    id = uuid_pk()
    specification_version = models.ForeignKey(
        SpecificationVersion, on_delete=models.CASCADE, related_name="kpis"
    )
    indicator = models.ForeignKey(
        "outcomes.Indicator", on_delete=models.PROTECT, related_name="commissioning_kpis"
    )
    target = models.FloatField(null=True, blank=True)
    target_upper = models.FloatField(
        null=True, blank=True, help_text="With a target range: its upper end."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["specification_version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["specification_version", "indicator"], name="one_kpi_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(target_upper__isnull=True)
                | Q(target__isnull=False, target_upper__gt=F("target")),
                name="kpi_target_range",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} target {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.target is None:
            return "none set"
        if self.target_upper is not None:
            return f"{self.target:g} to {self.target_upper:g}"
        return f"{self.target:g}"
