"""Indicators, the subjects they measure, their figures by period, and how figures were loaded."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from joinedup.core.models import Organisation
from joinedup.core.visibility import Visible

from . import methods, periods
from .choices import Frequency, ImportTarget, PeriodType, Polarity, SubjectKind, ValueType


class Theme(models.Model):
    """One of the few top-level themes that a scheme of ratings rolls priority areas up into
    (the STP progress dashboard had three)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.FloatField(default=1.0, help_text="Its weight in the overall rating.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def two_level(self) -> bool:
        return self.comparison == self.ComparisonKind.BENCHMARK_TWO_LEVEL

    def as_method(self) -> methods.RatingScheme:
        """The scheme as the roll-up of `methods.ratings` takes it."""
        return methods.RatingScheme(
            name=self.slug,
            scores={methods.Comparison(label): score for label, score in self.scores.items()},
            edges=tuple(self.edges),
            ratings=tuple(methods.Rating(label) for label in self.ratings),
        )


class PriorityArea(models.Model):
    """An area the partnership has chosen to improve, within a theme, measured by indicators."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priority_areas")
    description = models.TextField(blank=True)
    weight = models.FloatField(default=1.0, help_text="Its weight within its theme.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["theme__position", "position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def two_level(self) -> bool:
        return self.comparison == self.ComparisonKind.BENCHMARK_TWO_LEVEL

    def as_method(self) -> methods.RatingScheme:
        """The scheme as the roll-up of `methods.ratings` takes it."""
        return methods.RatingScheme(
            name=self.slug,
            scores={methods.Comparison(label): score for label, score in self.scores.items()},
            edges=tuple(self.edges),
            ratings=tuple(methods.Rating(label) for label in self.ratings),
        )


class Subject(models.Model):
    """What a figure is about: a partner organisation, or an area (a nation, a system footprint,
    a place, a neighbourhood, a provider known only by its code). Each has a code and may belong
    to a parent, so that a parent's figure can be summed from its members'."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=64, unique=True, help_text="ODS, ONS or local code.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=SubjectKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    organisation = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes_subject",
        help_text="For a partner organisation: the partner it is.",
    )

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"], name="subject_parent_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=SubjectKind.ORGANISATION, organisation__isnull=False)
                | (~Q(kind=SubjectKind.ORGANISATION) & Q(organisation__isnull=True)),
                name="subject_organisation_iff_kind",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="subject_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name if self.name == self.code else f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:subject_dashboard", kwargs={"code": self.code})


class Indicator(Visible):
    """A measure the partnership is accountable for: what it counts, which way is better, the
    target and benchmark it is judged against, and where it sits among the priority areas.

    The definitional fields hold the current version; every version, with the day it took
    effect, is kept in `IndicatorVersion`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    definition = models.TextField()
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    value_type = models.CharField(max_length=16, choices=ValueType.choices)
    multiplier = models.FloatField(
        default=1.0, help_text="100 for a percentage, 100000 for a rate per 100,000."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="`%`, `per 100,000`, `£`, …")
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    source = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    target = models.FloatField(
        null=True, blank=True, help_text="A single target, or the lower end of a target range."
    )
    target_upper = models.FloatField(
        null=True, blank=True, help_text="With a target range: its upper end (exclusive)."
    )
    benchmark = models.FloatField(null=True, blank=True)
    benchmark_label = models.CharField(max_length=100, blank=True, help_text="`England`, …")
    priority_area = models.ForeignKey(
        PriorityArea, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    weight = models.FloatField(default=1.0, help_text="Its weight within its priority area.")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(multiplier__gt=0), name="indicator_multiplier"),
            models.CheckConstraint(
                condition=Q(target_upper__isnull=True)
                | Q(target__isnull=False, target_upper__gt=F("target")),
                name="indicator_target_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("outcomes:indicator_detail", kwargs={"code": self.code})

    @property
    def has_target_range(self) -> bool:
        return self.target is not None and self.target_upper is not None


class IndicatorVersion(models.Model):
    """One version of an indicator's definition, kept when the definition changes, with the day
    from which figures follow it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    effective_from = models.DateField()
    definition = models.TextField()
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    value_type = models.CharField(max_length=16, choices=ValueType.choices)
    multiplier = models.FloatField()
    unit = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=300, blank=True)
    reason = models.TextField(blank=True, help_text="Why the definition changed.")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "version"], name="indicator_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.version} from {self.effective_from}"


class ImportMapping(models.Model):
    """A saved recipe for reading a CSV or XLSX file of figures: which columns give the subject,
    the period and each measure. Written only through `services.save_import_mapping`, which
    validates the spec (see `importing.spec`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    spec = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def two_level(self) -> bool:
        return self.comparison == self.ComparisonKind.BENCHMARK_TWO_LEVEL

    def as_method(self) -> methods.RatingScheme:
        """The scheme as the roll-up of `methods.ratings` takes it."""
        return methods.RatingScheme(
            name=self.slug,
            scores={methods.Comparison(label): score for label, score in self.scores.items()},
            edges=tuple(self.edges),
            ratings=tuple(methods.Rating(label) for label in self.ratings),
        )


class ImportBatch(models.Model):
    """One import of one file through a mapping: who loaded it, when, the file's SHA-256, and
    what it did. Every observation and plan figure points to the batch that last set it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mapping = models.ForeignKey(ImportMapping, on_delete=models.PROTECT, related_name="batches")
    mapping_spec = models.JSONField(help_text="The mapping's spec as it was at the import.")
    target = models.CharField(max_length=16, choices=ImportTarget.choices)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(
        default=0, help_text="Rows that no measure took: filtered out, or missing values."
    )
    figures_new = models.PositiveIntegerField(default=0)
    figures_changed = models.PositiveIntegerField(default=0)
    figures_unchanged = models.PositiveIntegerField(default=0)
    subjects_created = models.JSONField(default=list, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} via {self.mapping.name} at {self.started_at:%Y-%m-%d %H:%M}"


class Figure(models.Model):
    """Abstract: a figure of an indicator for a subject and period, with its numerator and
    denominator where it has them, and where it came from.

    `value` is the figure as shown: as given, or numerator / denominator × the indicator's
    multiplier when only those were given.

    Two indexes make each dashboard read one index range: the unique key on (indicator,
    subject, period type, period start), whose index is ordered indicator, period, subject,
    serves all subjects on one indicator for one period (and the import's upsert); the index
    led by subject serves one subject across indicators, and one indicator's series for one
    subject. A third would cost every bulk load more than it would save any read.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Both foreign keys lead a composite index below, so neither needs its own.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+", db_index=False)
    period_type = models.CharField(max_length=16, choices=PeriodType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    # Provenance, not a hot path: batches are never deleted (PROTECT) and figures are not looked
    # up by batch, so no index; and no database constraint, which would add a check per row to
    # a million-row import for an id the import itself has just created.
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the figure came from.")
    synthetic = models.BooleanField(default=False, help_text="Generated, not measured.")

    class Meta:
        abstract = True
        ordering = ["indicator", "subject", "period_type", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start", "subject"],
                name="%(class)s_key",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="%(class)s_period_order"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(numerator__isnull=False),
                name="%(class)s_denominator_has_numerator",
            ),
        ]
        indexes = [
            models.Index(
                fields=["subject", "indicator", "period_type", "period_start"],
                name="%(class)s_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.subject_id} {self.period_type} {self.period_start}"

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.period_type, self.period_start)


class Observation(Figure):
    """What happened: an indicator's figure for a subject and period, measured or imported."""


class Plan(Figure):
    """What was planned to happen: the trajectory an indicator's figure for a subject was
    expected to follow, period by period, to judge change against plan."""


class RatingScheme(models.Model):
    """A way of rating a subject from its indicators, kept so that anyone can see the rules
    behind a rating: how each comparison with the benchmark scores (`scores`), and which band
    of mean score gets which rating (`edges` ascending, `ratings` one longer). Written only
    through `services.save_rating_scheme`, which checks both against `methods.RatingScheme`."""

    class ComparisonKind(models.TextChoices):
        BENCHMARK = "benchmark", "With the benchmark, at 95%"
        BENCHMARK_TWO_LEVEL = (
            "benchmark_two_level",
            "With the benchmark, at 95% and 99.8% (best and worst beyond)",
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    comparison = models.CharField(
        max_length=24, choices=ComparisonKind.choices, default=ComparisonKind.BENCHMARK_TWO_LEVEL
    )
    scores = models.JSONField(help_text="The score of each comparison label.")
    edges = models.JSONField(help_text="Ascending edges between the bands of mean score.")
    ratings = models.JSONField(help_text="The rating of each band, one more than the edges.")
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_scheme"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def two_level(self) -> bool:
        return self.comparison == self.ComparisonKind.BENCHMARK_TWO_LEVEL

    def as_method(self) -> methods.RatingScheme:
        """The scheme as the roll-up of `methods.ratings` takes it."""
        return methods.RatingScheme(
            name=self.slug,
            scores={methods.Comparison(label): score for label, score in self.scores.items()},
            edges=tuple(self.edges),
            ratings=tuple(methods.Rating(label) for label in self.ratings),
        )
