"""The outcomes demo: the constitutional standards of METHODS.md as indicators with targets; the
real NHS England A&E and bed data (shipped in `outcomes/data/`) imported through the standard
mappings, with
England's figure for each month summed from its providers and systems; Jersey's own indicators
for the five commissioning intentions of seed 001, with synthetic figures and plans; and the
rating presets, under which every system, Jersey and England get a rating.

What is real: every figure for England, its systems (integrated care boards) and its providers,
and the targets (the standards of METHODS.md). What is synthetic: every figure and plan for
Jersey and its partners (`synthetic=True`, with the source saying "synthetic demo data"), drawn
from `random.Random(SEED)`, and the targets of Jersey's own indicators. The structure (tables in
`demo_data`) follows seeds 001 and 003. Every write goes through the services; a second run
adds nothing.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from joinedup.core.models import AuditEntry, Organisation

from . import demo_data as data
from . import periods, queries, services
from .choices import SUMMED_AS_FRACTION, ImportTarget, SubjectKind, ValueType
from .importing import standard
from .models import ImportBatch, Indicator, PriorityArea, Subject, Theme

SEED = 2022
SYNTHETIC = data.SYNTHETIC
# The real NHS England files ship with the product (see data/README.md for their sources).
DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = [
    ("ae_attendances.csv", "ae-four-hour"),
    ("england_icb_accidents_emergency.csv", "ae-icb"),
    ("england_trust_accidents_emergency.csv", "ae-trust"),
    ("england_critical_general_acute_beds.csv", "bed-occupancy"),
]
ENGLAND_SOURCE = (
    "Summed from England's providers' figures in the imported NHS England files (from its "
    "systems' for A&E from April 2022): not a published national figure."
)


def _counts() -> dict[str, int]:
    counted = [*apps.get_app_config("outcomes").get_models(), AuditEntry]
    return {model.__name__: model.objects.count() for model in counted}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class _Loader:
    by: object = None
    subjects: dict[str, Subject] = field(default_factory=dict)
    areas: dict[str, PriorityArea] = field(default_factory=dict)

    # Structure ---------------------------------------------------------------------------

    def structure(self) -> None:
        services.ensure_standard_mappings(by=self.by)
        if hasattr(services, "ensure_rating_presets"):
            services.ensure_rating_presets(by=self.by)
        themes = {}
        for code, name, position, weight, description in data.THEMES:
            themes[code] = Theme.objects.filter(code=code).first() or services.create_theme(
                code=code, name=name, position=position, weight=weight,
                description=description, by=self.by,
            )  # fmt: skip
        for code, name, theme, position, weight, description in data.PRIORITY_AREAS:
            self.areas[code] = PriorityArea.objects.filter(
                code=code
            ).first() or services.create_priority_area(
                code=code, name=name, theme=themes[theme], position=position, weight=weight,
                description=description, by=self.by,
            )  # fmt: skip
        for code, area in data.STANDARD_AREAS.items():
            self.revise(code, priority_area=self.areas[area])
        for definition in [*data.CONSTITUTIONAL, *data.INTENTIONS]:
            definition = dict(definition)
            area = self.areas[definition.pop("area")]
            if not Indicator.objects.filter(code=definition["code"]).exists():
                services.create_indicator(
                    **definition, priority_area=area, effective_from=data.DATA_FROM, by=self.by
                )

    def revise(self, code: str, **changes) -> None:
        """Change an indicator only where it differs, so that a second run records nothing."""
        indicator = Indicator.objects.get(code=code)
        changes = {k: v for k, v in changes.items() if getattr(indicator, k) != v}
        if changes:
            services.revise_indicator(indicator=indicator, by=self.by, **changes)

    # Real data ---------------------------------------------------------------------------

    def real_data(self, data_dir: Path) -> list[str]:
        """Import each file not imported before; then England's figures and benchmarks."""
        imported = []
        for name, mapping in FILES:
            path = data_dir / name
            if ImportBatch.objects.filter(sha256=_sha256(path), mapping__name=mapping).exists():
                continue
            result = services.import_observations(file=path, mapping=mapping, by=self.by)
            imported.append(result.summary())
        if imported:
            self.england()
        return imported

    @transaction.atomic
    def england(self) -> None:
        england = Subject.objects.get(code=standard.ENGLAND["code"])
        figures = []
        for indicator in Indicator.objects.filter(
            code__in=[d["code"] for d in standard.INDICATORS]
        ):
            by_month = {}
            for kind in (SubjectKind.PROVIDER, SubjectKind.SYSTEM):  # systems' sums win
                for group in queries.aggregate_members(
                    indicator, england, period_type=periods.MONTH, kind=kind
                ):
                    by_month[group.period.start] = group
            figures += [_england_row(indicator, england, g) for g in by_month.values()]
        services.record_figures(figures=figures, source=ENGLAND_SOURCE, by=self.by)
        for code in data.ENGLAND_BENCHMARKED:
            indicator = Indicator.objects.get(code=code)
            latest = queries.figure_series(indicator, england, period_type=periods.MONTH).last()
            self.revise(
                code, benchmark=round(latest.value, 2),
                benchmark_label=f"England, {latest.period.label}",
            )  # fmt: skip

    # Jersey ------------------------------------------------------------------------------

    @transaction.atomic
    def jersey(self) -> None:
        jersey = services.create_subject(**data.JERSEY, by=self.by)
        self.subjects["JE"] = jersey
        for organisation, code in data.PARTNERS.items():
            found = Organisation.objects.filter(short_name=organisation).first()
            found = found or Organisation.objects.filter(name=organisation).first()
            if found is not None:  # the core demo's partners, when it is loaded
                self.subjects[code] = services.subject_for_organisation(
                    organisation=found, code=code, parent=jersey, by=self.by
                )
        draw = random.Random(SEED)  # noqa: S311  # nosec B311  # demo figures, not secrets
        observed, planned, first = [], [], {}
        for code, by_subject in data.SERIES.items():
            indicator = Indicator.objects.get(code=code)
            drawn = {}
            for subject_code, params in by_subject.items():
                if subject_code not in self.subjects:
                    continue
                subject = self.subjects[subject_code]
                if "sum_of" in params:
                    rows = _summed(indicator, subject, [drawn[c] for c in params["sum_of"]
                                                        if c in drawn])  # fmt: skip
                else:
                    rows = _drawn(indicator, subject, params, draw)
                    planned += _planned(indicator, subject, params)
                drawn[subject_code] = rows
                observed += rows
            if drawn.get("JE"):
                first[code] = drawn["JE"][0]
        source = f"Joined Up demo {SYNTHETIC}"
        services.record_figures(figures=observed, source=source, synthetic=True, by=self.by)
        services.record_figures(
            figures=planned, into=ImportTarget.PLANS, source=source, synthetic=True, by=self.by
        )
        for code, row in first.items():  # Jersey's own: judged against where it started
            if code in data.ENGLAND_BENCHMARKED:
                continue
            self.revise(
                code, benchmark=round(services.figure_value(
                    row.indicator, row.numerator, row.denominator, row.value), 2),
                benchmark_label=f"Jersey, {row.period.label} {SYNTHETIC}",
            )  # fmt: skip


def _england_row(indicator, england, group) -> services.FigureRow:
    if indicator.value_type in SUMMED_AS_FRACTION:
        return services.FigureRow(
            indicator, england, group.period, numerator=group.numerator,
            denominator=group.denominator,
        )  # fmt: skip
    return services.FigureRow(indicator, england, group.period, value=group.value)


def _periods(indicator: Indicator) -> list[periods.Period]:
    step, kind = (3, periods.QUARTER) if indicator.frequency == "quarterly" else (1, periods.MONTH)
    count = data.MONTHS // step
    return [periods.Period(kind, _add_months(data.FIRST_MONTH, i * step)) for i in range(count)]


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _drawn(indicator, subject, params, draw: random.Random) -> list[services.FigureRow]:
    """A noisy path from `start` to `end`: a numerator over a denominator near `size` for
    fractions, a value for counts."""
    spans = _periods(indicator)
    rows = []
    for i, period in enumerate(spans):
        level = params["start"] + (params["end"] - params["start"]) * i / (len(spans) - 1)
        level = max(level + draw.gauss(0, params["noise"]), 0)
        if indicator.value_type == ValueType.COUNT:
            rows.append(services.FigureRow(indicator, subject, period, value=round(level)))
            continue
        size = params["size"]
        denominator = max(round(draw.gauss(size, size * 0.04)), 1)
        numerator = min(round(min(level, 1.0) * denominator), denominator)
        rows.append(
            services.FigureRow(
                indicator, subject, period, numerator=numerator, denominator=denominator
            )
        )
    return rows


def _planned(indicator, subject, params) -> list[services.FigureRow]:
    """A straight trajectory from the start to the planned level by the last period."""
    if "plan" not in params:
        return []
    spans = _periods(indicator)
    scale = 1.0 if indicator.value_type == ValueType.COUNT else indicator.multiplier
    start, goal = params["start"] * scale, params["plan"] * scale
    return [
        services.FigureRow(
            indicator,
            subject,
            period,
            value=round(start + (goal - start) * i / (len(spans) - 1), 2),
        )  # fmt: skip
        for i, period in enumerate(spans)
    ]


def _summed(indicator, subject, members) -> list[services.FigureRow]:
    """The parent's figure: its members' numerators and denominators (or values) summed."""
    rows = []
    for parts in zip(*members, strict=True):
        period = parts[0].period
        if indicator.value_type == ValueType.COUNT:
            rows.append(
                services.FigureRow(indicator, subject, period, value=sum(p.value for p in parts))
            )
        else:
            rows.append(
                services.FigureRow(
                    indicator,
                    subject,
                    period,
                    numerator=sum(p.numerator for p in parts),
                    denominator=sum(p.denominator for p in parts),
                )  # fmt: skip
            )
    return rows


def load(*, data_dir: Path | None = None) -> dict:
    """Load the outcomes demo; running it again adds nothing. Returns what was added, by
    model, with `real_data`: the imports made, or why the real data was left out."""
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    before = _counts()
    admin = get_user_model().objects.filter(username="admin").first()
    loader = _Loader(by=admin)
    loader.structure()
    if all((data_dir / name).is_file() for name, _ in FILES):
        imports = loader.real_data(data_dir)
        real = " ".join(imports) if imports else "already imported"
    else:
        real = (
            f"skipped: the real NHS England data is not at {data_dir}; "
            "import it later with `joinedup import-observations`"
        )
    if not Subject.objects.filter(code=data.JERSEY["code"]).exists():
        loader.jersey()
    after = _counts()
    return {**{name: after[name] - before[name] for name in after}, "real_data": real}
