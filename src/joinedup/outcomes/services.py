"""Writes to indicators, subjects, figures and import mappings. Each is one transaction with
one audit entry, and each refuses, with a message and no change, what cannot be right."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit, concurrency
from joinedup.core.choices import Visibility
from joinedup.core.rules import refuse

from . import importing, methods, periods
from .choices import NEVER_NEGATIVE, ImportTarget, SubjectKind, ValueType
from .importing import standard
from .importing.loading import LoadCounts, load_figures
from .importing.reading import open_import_file
from .importing.spec import MappingSpec, parse_spec
from .models import (
    ImportBatch,
    ImportMapping,
    Indicator,
    IndicatorVersion,
    Observation,
    Plan,
    PriorityArea,
    RatingScheme,
    Subject,
    Theme,
)

DEFAULT_MAX_IMPORT_BYTES = 200 * 1024 * 1024
# Changing any of these changes what the indicator measures: a new version.
DEFINITION_FIELDS = (
    "definition", "numerator_definition", "denominator_definition", "value_type", "multiplier",
    "unit", "source",
)  # fmt: skip
OTHER_FIELDS = (
    "name", "polarity", "frequency", "target", "target_upper", "benchmark", "benchmark_label",
    "priority_area", "weight", "visibility",
)  # fmt: skip
FIGURE_TABLES = {ImportTarget.OBSERVATIONS: Observation, ImportTarget.PLANS: Plan}


def max_import_bytes() -> int:
    """The largest file an import accepts: the JOINEDUP_IMPORT_MAX_BYTES setting, or 200 MB."""
    return int(getattr(settings, "JOINEDUP_IMPORT_MAX_BYTES", DEFAULT_MAX_IMPORT_BYTES))


@transaction.atomic
def create_theme(*, code, name, weight=1.0, position=0, description="", by=None) -> Theme:
    theme = Theme(code=code, name=name, weight=weight, position=position, description=description)
    theme.full_clean()
    theme.save()
    audit.record(action="theme.created", by=by, obj=theme, data={"code": code, "name": name})
    return theme


@transaction.atomic
def create_priority_area(
    *, code, name, theme, weight=1.0, position=0, description="", by=None
) -> PriorityArea:
    area = PriorityArea(
        code=code, name=name, theme=theme, weight=weight, position=position,
        description=description,
    )  # fmt: skip
    area.full_clean()
    area.save()
    audit.record(
        action="priority_area.created", by=by, obj=area,
        data={"code": code, "name": name, "theme": theme.code},
    )  # fmt: skip
    return area


@transaction.atomic
def create_subject(*, code, name, kind, parent=None, organisation=None, by=None) -> Subject:
    """Add an area, or a partner organisation (kind `organisation`) as a subject of figures."""
    subject = Subject(code=code, name=name, kind=kind, parent=parent, organisation=organisation)
    subject.full_clean()
    subject.save()
    audit.record(
        action="subject.created", by=by, obj=subject,
        data={"code": code, "kind": kind, "parent": parent.code if parent else None},
    )  # fmt: skip
    return subject


def subject_for_organisation(*, organisation, code=None, parent=None, by=None) -> Subject:
    """The subject that is this partner organisation, created the first time it is asked for."""
    existing = Subject.objects.filter(organisation=organisation).first()
    if existing is not None:
        return existing
    return create_subject(
        code=code or organisation.slug, name=organisation.name, kind=SubjectKind.ORGANISATION,
        parent=parent, organisation=organisation, by=by,
    )  # fmt: skip


@transaction.atomic
def move_subject(*, subject, parent, by=None) -> Subject:
    """Make a subject a member of another (or of none), refusing a loop."""
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk == subject.pk:
            refuse(f"{subject} cannot be a member of itself or of its own members.", "parent")
        ancestor = ancestor.parent
    subject.parent = parent
    subject.save(update_fields=["parent"])
    audit.record(
        action="subject.moved", by=by, obj=subject,
        data={"parent": parent.code if parent else None},
    )  # fmt: skip
    return subject


def _version_of(indicator: Indicator, *, effective_from: date, reason: str) -> IndicatorVersion:
    return IndicatorVersion(
        indicator=indicator, version=indicator.version, effective_from=effective_from,
        reason=reason, **{f: getattr(indicator, f) for f in DEFINITION_FIELDS},
    )  # fmt: skip


@transaction.atomic
def create_indicator(
    *, code, name, definition, value_type, polarity, frequency, multiplier=1.0, unit="",
    source="", numerator_definition="", denominator_definition="", target=None,
    target_upper=None, benchmark=None, benchmark_label="", priority_area=None, weight=1.0,
    visibility=Visibility.PUBLIC, restricted_to=(), effective_from=None, by=None,
) -> Indicator:  # fmt: skip
    """Define an indicator; its definition is version 1, in force from `effective_from`."""
    indicator = Indicator(
        code=code, name=name, definition=definition, value_type=value_type, polarity=polarity,
        frequency=frequency, multiplier=multiplier, unit=unit, source=source,
        numerator_definition=numerator_definition, denominator_definition=denominator_definition,
        target=target, target_upper=target_upper, benchmark=benchmark,
        benchmark_label=benchmark_label, priority_area=priority_area, weight=weight,
        visibility=visibility, version=1,
    )  # fmt: skip
    indicator.full_clean()
    indicator.save()
    if restricted_to:
        indicator.restricted_to.set(restricted_to)
    first = _version_of(indicator, effective_from=effective_from or timezone.localdate(), reason="")
    first.full_clean(exclude=["indicator"])
    first.save()
    audit.record(
        action="indicator.created", by=by, obj=indicator,
        data={"code": code, "value_type": value_type, "visibility": visibility},
    )  # fmt: skip
    return indicator


@transaction.atomic
def revise_indicator(
    *, indicator: Indicator, effective_from: date | None = None, reason: str = "", by=None,
    **changes,
) -> Indicator:  # fmt: skip
    """Change an indicator. A change to its definition (what it counts, its value type,
    multiplier, unit or source) makes a new version in force from `effective_from`; the old
    versions are kept. Other changes (name, polarity, target, …) change it in place."""
    unknown = changes.keys() - set(DEFINITION_FIELDS) - set(OTHER_FIELDS)
    if unknown:
        refuse(f"An indicator has no field {', '.join(sorted(unknown))} to change.")
    redefined = sorted(f for f in DEFINITION_FIELDS if f in changes and changes[f] != getattr(
        indicator, f
    ))  # fmt: skip
    changed = sorted(f for f in changes if changes[f] != getattr(indicator, f))
    if redefined:
        if effective_from is None:
            refuse("A new definition needs the day from which it is in force.", "effective_from")
        latest = indicator.versions.order_by("-version").first()
        if latest is not None and effective_from < latest.effective_from:
            refuse(
                f"Version {latest.version} is in force from {latest.effective_from}: a new "
                "version cannot start before it.",
                "effective_from",
            )
    for field_name in changed:
        setattr(indicator, field_name, changes[field_name])
    if redefined:
        indicator.version += 1
    indicator.full_clean()
    indicator.save()
    if redefined:
        _version_of(indicator, effective_from=effective_from, reason=reason).save()
    audit.record(
        action="indicator.redefined" if redefined else "indicator.changed", by=by,
        obj=indicator, data={"fields": changed, "version": indicator.version, "reason": reason},
    )  # fmt: skip
    return indicator


def figure_problems(value_type: str, numerator, denominator, value) -> list[str]:
    """What cannot be right about one figure: the checks an import makes of every row."""
    problems = []
    if numerator is None and value is None:
        problems.append("a figure needs a numerator or a value")
    if denominator is not None and numerator is None:
        problems.append("a denominator needs a numerator")
    for name, number in (("numerator", numerator), ("denominator", denominator), ("value", value)):
        if number is not None and not math.isfinite(number):
            problems.append(f"the {name} is not a finite number")
    if problems:
        return problems
    if numerator is not None and numerator < 0:
        problems.append("the numerator is negative")
    if denominator is not None and denominator < 0:
        problems.append("the denominator is negative")
    proportion = value_type == ValueType.PROPORTION and None not in (numerator, denominator)
    if proportion and numerator > denominator:
        problems.append("the numerator is above the denominator: a proportion cannot be")
    if denominator == 0 and numerator not in (None, 0):
        problems.append("the denominator is 0 but the numerator is not")
    if value is not None and value < 0 and value_type in NEVER_NEGATIVE:
        problems.append(f"a {ValueType(value_type).label.lower()} cannot be negative")
    return problems


def figure_value(indicator: Indicator, numerator, denominator, value):
    """The value shown for a figure: as given, or the numerator over the denominator times the
    multiplier (computed as the import computes it, so that the two agree to the last bit)."""
    if value is not None:
        return value
    if denominator is not None:
        return numerator / denominator * indicator.multiplier if denominator != 0 else None
    return numerator


def _record_figure(model, *, indicator, subject, period, numerator, denominator, value, source,
                   synthetic, by):  # fmt: skip
    problems = figure_problems(indicator.value_type, numerator, denominator, value)
    if problems:
        raise ValidationError(problems)
    figure, created = model.objects.update_or_create(
        indicator=indicator, subject=subject, period_type=period.type, period_start=period.start,
        defaults={
            "period_end": period.end, "numerator": numerator, "denominator": denominator,
            "value": figure_value(indicator, numerator, denominator, value), "source": source,
            "synthetic": synthetic, "batch": None,
        },
    )  # fmt: skip
    audit.record(
        action=f"{model._meta.model_name}.recorded", by=by, obj=figure,
        data={
            "indicator": indicator.code, "subject": subject.code, "period": period.label,
            "numerator": numerator, "denominator": denominator, "value": figure.value,
            "new": created,
        },
    )  # fmt: skip
    return figure


@transaction.atomic
def record_observation(
    *, indicator, subject, period: periods.Period, numerator=None, denominator=None, value=None,
    source="", synthetic=False, by=None,
) -> Observation:  # fmt: skip
    """Record (or correct) one indicator's figure for one subject and period."""
    return _record_figure(
        Observation, indicator=indicator, subject=subject, period=period, numerator=numerator,
        denominator=denominator, value=value, source=source, synthetic=synthetic, by=by,
    )  # fmt: skip


@transaction.atomic
def set_plan(
    *, indicator, subject, period: periods.Period, numerator=None, denominator=None, value=None,
    source="", synthetic=False, by=None,
) -> Plan:  # fmt: skip
    """Set the planned figure (the trajectory) for one indicator, subject and period."""
    return _record_figure(
        Plan, indicator=indicator, subject=subject, period=period, numerator=numerator,
        denominator=denominator, value=value, source=source, synthetic=synthetic, by=by,
    )  # fmt: skip


@dataclass(frozen=True)
class FigureRow:
    """One figure to record in bulk."""

    indicator: Indicator
    subject: Subject
    period: periods.Period
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None


@transaction.atomic
def record_figures(
    *, figures, into=ImportTarget.OBSERVATIONS, source="", synthetic=False, by=None
) -> LoadCounts:
    """Record many figures at once (for generated demo data, say) by the bulk path of imports,
    with one audit entry. Every figure is checked first; any problem refuses them all."""
    rows, problems = [], []
    for number, f in enumerate(figures, 1):
        found = figure_problems(f.indicator.value_type, f.numerator, f.denominator, f.value)
        problems.extend(f"figure {number}: {p}" for p in found)
        rows.append((
            f.indicator.pk.hex, f.subject.pk.hex, f.period.type, f.period.start, f.period.end,
            f.numerator, f.denominator, figure_value(f.indicator, f.numerator, f.denominator,
                                                     f.value),
        ))  # fmt: skip
    if problems:
        raise ValidationError(problems)
    frame = pl.DataFrame(
        rows, schema=[(c, t) for c, t in zip(importing.LOAD_COLUMNS, _LOAD_TYPES, strict=True)],
        orient="row",
    )  # fmt: skip
    _check_unique_keys(frame)
    counts = load_figures(
        [frame], table=FIGURE_TABLES[into]._meta.db_table, batch_id=None, source=source,
        synthetic=synthetic,
    )  # fmt: skip
    audit.record(
        action=f"{FIGURE_TABLES[into]._meta.model_name}.recorded_in_bulk", by=by,
        data={"source": source, "synthetic": synthetic, "new": counts.new,
              "changed": counts.changed, "unchanged": counts.unchanged},
    )  # fmt: skip
    return counts


_LOAD_TYPES = (
    pl.String,
    pl.String,
    pl.String,
    pl.Date,
    pl.Date,
    pl.Float64,
    pl.Float64,
    pl.Float64,
)


def _check_unique_keys(frame: pl.DataFrame) -> None:
    key = ["indicator_id", "subject_id", "period_type", "period_start"]
    keys = pl.struct(key)
    repeated = frame.select(keys.is_duplicated() & ~keys.is_first_distinct()).to_series()
    if repeated.any():
        raise ValidationError(
            [f"figure {i + 1} repeats another's indicator, subject and period"
             for i in repeated.arg_true().to_list()]
        )  # fmt: skip


def check_mapping_spec(spec) -> MappingSpec:
    """The spec parsed, if it can work: it parses, and the indicators and the parent subject it
    names exist. Otherwise ValidationError naming every problem."""
    parsed = parse_spec(spec)
    known = set(
        Indicator.objects.filter(code__in=parsed.fixed_indicator_codes).values_list(
            "code", flat=True
        )
    )
    problems = [
        f"the mapping names an indicator '{code}' that does not exist"
        for code in sorted(parsed.fixed_indicator_codes - known)
    ]
    if parsed.parent_code and not Subject.objects.filter(code=parsed.parent_code).exists():
        problems.append(f"the parent of new subjects, '{parsed.parent_code}', does not exist")
    if problems:
        raise ValidationError(problems)
    return parsed


@transaction.atomic
def save_import_mapping(*, name: str, spec: dict, description: str = "", by=None) -> ImportMapping:
    """Create or replace the import mapping of this name, refusing a spec that cannot work:
    one that does not parse, or that names indicators or a parent subject that do not exist."""
    check_mapping_spec(spec)
    mapping = ImportMapping.objects.filter(name=name).first() or ImportMapping(name=name)
    created = mapping._state.adding
    mapping.spec, mapping.description = spec, description
    mapping.full_clean()
    mapping.save()
    audit.record(
        action="import_mapping.created" if created else "import_mapping.changed", by=by,
        obj=mapping, data={"name": name, "spec": spec},
    )  # fmt: skip
    return mapping


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    batch: ImportBatch
    rows_read: int
    rows_skipped: int
    new: int
    changed: int
    unchanged: int
    subjects_created: tuple[str, ...]
    imported_before: bool

    def summary(self) -> str:
        text = (
            f"{self.batch.file_name}: {self.rows_read:,} rows read"
            + (f" ({self.rows_skipped:,} left out by the mapping)" if self.rows_skipped else "")
            + f"; {self.new:,} new, {self.changed:,} changed, {self.unchanged:,} unchanged "
            f"{self.batch.target}"
        )
        if self.subjects_created:
            text += f"; {len(self.subjects_created):,} subjects created"
        if self.imported_before:
            text += "; this file was imported before"
        return text + "."


def import_observations(*, file, mapping, by=None, create_subjects: bool = False) -> ImportResult:
    """Import a CSV or XLSX file (a path or a binary file object) through a saved mapping (or
    its name). The whole file is checked first: any problem raises ValidationError listing
    every one by line, and nothing is written. Then every figure is upserted in one
    transaction, with one import batch and one audit entry: re-importing the same file
    changes nothing. Unknown subject codes are refused unless `create_subjects` (or the
    mapping) says to create them."""
    if isinstance(mapping, str):
        mapping = ImportMapping.objects.filter(name=mapping).first()
        if mapping is None:
            raise ValidationError(["there is no import mapping of that name"])
    spec = parse_spec(mapping.spec)
    imported = open_import_file(file, max_bytes=max_import_bytes())
    try:
        # Checked outside the transaction: on SQLite a transaction holds the write lock.
        checked = importing.check_file(imported, spec, create_subjects=create_subjects)
        return _load(imported, checked, mapping, by)
    finally:
        imported.close()


@transaction.atomic
def _load(imported, checked: importing.CheckedFile, mapping: ImportMapping, by) -> ImportResult:
    spec = checked.context.spec
    imported_before = ImportBatch.objects.filter(sha256=imported.sha256, mapping=mapping).exists()
    batch = ImportBatch.objects.create(
        mapping=mapping, mapping_spec=mapping.spec, target=spec.into, file_name=imported.name,
        sha256=imported.sha256, size_bytes=imported.size, by=by, started_at=timezone.now(),
        rows_read=checked.rows_read, rows_skipped=checked.rows_skipped,
        subjects_created=[code for code, _ in checked.new_subjects], synthetic=spec.synthetic,
    )  # fmt: skip
    _create_subjects(checked.new_subjects, spec)
    table = FIGURE_TABLES[spec.into]
    counts = load_figures(
        importing.figures_to_load(imported, checked), table=table._meta.db_table,
        batch_id=batch.id, source=spec.source, synthetic=spec.synthetic,
        fresh=_first_figures(table, checked.indicator_ids),
    )  # fmt: skip
    batch.figures_new, batch.figures_changed = counts.new, counts.changed
    batch.figures_unchanged, batch.finished_at = counts.unchanged, timezone.now()
    batch.save(update_fields=[
        "figures_new", "figures_changed", "figures_unchanged", "finished_at"
    ])  # fmt: skip
    audit.record(
        action=f"{spec.into}.imported", by=by, obj=batch,
        data={
            "file": imported.name, "sha256": imported.sha256, "mapping": mapping.name,
            "rows_read": checked.rows_read, "rows_skipped": checked.rows_skipped,
            "new": counts.new, "changed": counts.changed, "unchanged": counts.unchanged,
            "subjects_created": len(checked.new_subjects),
        },
    )  # fmt: skip
    return ImportResult(
        batch, checked.rows_read, checked.rows_skipped, counts.new, counts.changed,
        counts.unchanged, tuple(code for code, _ in checked.new_subjects), imported_before,
    )  # fmt: skip


def _first_figures(table, indicator_ids: list[str]) -> bool:
    """Whether the table holds no figure of these indicators yet, so that a load may insert
    without comparing. The indicators stay locked until the import commits, so that a second
    import of them waits and then finds this one's figures."""
    list(Indicator.objects.select_for_update().filter(pk__in=indicator_ids).values_list("pk"))
    return not table.objects.filter(indicator_id__in=indicator_ids).exists()


def _create_subjects(new_subjects, spec) -> None:
    if not new_subjects:
        return
    parent = Subject.objects.get(code=spec.parent_code) if spec.parent_code else None
    Subject.objects.bulk_create(
        Subject(code=code, name=name[:200], kind=spec.create_as, parent=parent)
        for code, name in new_subjects
    )


@transaction.atomic
def ensure_standard_mappings(*, by=None) -> list[ImportMapping]:
    """The mappings for the real NHS England data in shared/data (`ae-four-hour`, `ae-icb`,
    `ae-trust`, `bed-occupancy`), with the indicators they feed, their priority area and
    theme, and the subject England, each created if it is missing. Existing ones are left as
    they are, so a second call changes nothing."""
    england = Subject.objects.filter(code=standard.ENGLAND["code"]).first()
    if england is None:
        create_subject(**standard.ENGLAND, by=by)
    theme = Theme.objects.filter(code=standard.THEME["code"]).first()
    theme = theme or create_theme(**standard.THEME, by=by)
    area = PriorityArea.objects.filter(code=standard.PRIORITY_AREA["code"]).first()
    area = area or create_priority_area(**standard.PRIORITY_AREA, theme=theme, by=by)
    codes = [definition["code"] for definition in standard.INDICATORS]
    existing = set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    for definition in standard.INDICATORS:
        if definition["code"] not in existing:
            create_indicator(
                **definition, priority_area=area, effective_from=standard.DATA_FROM, by=by
            )
    mappings = []
    for name, (description, spec) in standard.MAPPINGS.items():
        mapping = ImportMapping.objects.filter(name=name).first()
        mappings.append(
            mapping or save_import_mapping(name=name, spec=spec, description=description, by=by)
        )
    return mappings


# Rating schemes (pages and ratings) ---------------------------------------------------------
# Added with the outcomes pages: the schemes a rating page can be read under, stored so that
# the rules behind every rating are on record.

SCORED_COMPARISONS = [c for c in methods.Comparison if c != methods.Comparison.NOT_COMPARED]
BAND_RATINGS = [r for r in methods.Rating if r != methods.Rating.NOT_RATED]


def _finite_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _checked_scores(scores) -> dict[str, float]:
    if not isinstance(scores, dict) or not scores:
        refuse("Give a score for at least one comparison.", "scores")
    known = {c.value for c in SCORED_COMPARISONS}
    unknown = sorted(str(label) for label in scores if label not in known)
    if unknown:
        refuse(
            f"Unknown comparison {', '.join(unknown)}: scores are given for "
            f"{', '.join(sorted(known))}.",
            "scores",
        )
    bad = sorted(label for label, score in scores.items() if not _finite_number(score))
    if bad:
        refuse(f"The score of {', '.join(bad)} is not a number.", "scores")
    return {label: float(score) for label, score in scores.items()}


def _checked_bands(edges, ratings) -> tuple[list[float], list[str]]:
    if not isinstance(edges, list | tuple) or not all(_finite_number(e) for e in edges):
        refuse("The band edges must be a list of numbers.", "edges")
    if any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        refuse("The band edges must rise from each one to the next.", "edges")
    known = {r.value for r in BAND_RATINGS}
    if not isinstance(ratings, list | tuple) or any(r not in known for r in ratings):
        refuse(f"Each band's rating must be one of {', '.join(sorted(known))}.", "ratings")
    if len(ratings) != len(edges) + 1:
        refuse(
            f"{len(edges)} edge{'s' if len(edges) != 1 else ''} make {len(edges) + 1} bands, "
            f"so give {len(edges) + 1} ratings (not {len(ratings)}).",
            "ratings",
        )
    return [float(e) for e in edges], list(ratings)


@transaction.atomic
def save_rating_scheme(
    *, name: str, slug: str, comparison: str, scores: dict, edges: list, ratings: list,
    description: str = "", is_default: bool = False, by=None, based_on: str | None = None,
) -> RatingScheme:  # fmt: skip
    """Create the scheme with this slug, or replace its rules; refuse scores for unknown
    comparisons, edges that do not rise, and ratings that do not match the bands. A new
    default takes over from the old one. From the form, `based_on` is the version of the
    scheme it was drawn from: an analyst never replaces another's rules unseen."""
    if comparison not in RatingScheme.ComparisonKind.values:
        refuse(f"'{comparison}' is not a kind of comparison.", "comparison")
    checked_scores = _checked_scores(scores)
    checked_edges, checked_ratings = _checked_bands(edges, ratings)
    existing = RatingScheme.objects.select_for_update().filter(slug=slug).first()
    concurrency.refuse_if_changed(
        existing, based_on, what=f"the rating scheme '{existing.name if existing else name}'"
    )
    scheme = existing or RatingScheme(slug=slug)
    if RatingScheme.objects.filter(name=name).exclude(slug=slug).exists():
        refuse(f"Another rating scheme is called '{name}'.", "name")
    scheme.name, scheme.description, scheme.comparison = name, description, comparison
    scheme.scores, scheme.edges, scheme.ratings = checked_scores, checked_edges, checked_ratings
    scheme.is_default = is_default
    scheme.full_clean(validate_constraints=False)
    scheme.as_method()  # the roll-up's own checks, so nothing it would refuse is stored
    if is_default:
        RatingScheme.objects.filter(is_default=True).exclude(slug=slug).update(is_default=False)
    scheme.save()
    audit.record(
        action="rating_scheme.saved", by=by, obj=scheme,
        data={"slug": slug, "comparison": comparison, "scores": checked_scores,
              "edges": checked_edges, "ratings": checked_ratings, "is_default": is_default},
    )  # fmt: skip
    return scheme


def rating_scheme_fields(scheme: methods.RatingScheme) -> dict:
    """The stored fields of a scheme of `methods.ratings` (the inverse of `as_method`)."""
    return {
        "scores": {str(label): float(score) for label, score in scheme.scores.items()},
        "edges": [float(edge) for edge in scheme.edges],
        "ratings": [str(rating) for rating in scheme.ratings],
    }


RATING_PRESETS = (
    (methods.SEGMENTATION, "Segmentation", RatingScheme.ComparisonKind.BENCHMARK_TWO_LEVEL, True,
     "Each indicator scores 1 (best) to 4 (worst) from its comparison with the benchmark; the "
     "mean scores are banded into four ratings, in the manner of the NHS Oversight Framework's "
     "segmentation."),
    (methods.SPINE_COUNTS, "Spine counts", RatingScheme.ComparisonKind.BENCHMARK, False,
     "Better than the benchmark scores +1, similar 0, worse −1, so the mean is the share of "
     "better results less the share of worse ones, as a Fingertips spine chart counts them."),
)  # fmt: skip


@transaction.atomic
def ensure_rating_presets(*, by=None) -> list[RatingScheme]:
    """The two preset schemes of METHODS.md, each created if missing; existing ones (perhaps
    edited) are left as they are, so a second call changes nothing."""
    schemes = []
    for preset, name, comparison, is_default, description in RATING_PRESETS:
        slug = preset.name.replace("_", "-")
        existing = RatingScheme.objects.filter(slug=slug).first()
        has_default = RatingScheme.objects.filter(is_default=True).exists()
        schemes.append(
            existing
            or save_rating_scheme(
                name=name,
                slug=slug,
                comparison=comparison,
                description=description,
                is_default=is_default and not has_default,
                by=by,
                **rating_scheme_fields(preset),
            )  # fmt: skip
        )
    return schemes
