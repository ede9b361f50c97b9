"""Reads of indicators and their figures that dashboards, the API and exports share.

The two dashboard reads are one indexed query each: one subject's figures across indicators
(the `(subject, indicator, period_type, period_start)` index), and every subject's figure on
one indicator for one period (the `(indicator, period_type, period_start)` index).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from joinedup.core.access import Viewer
from joinedup.core.caching import public_version

from . import periods
from .choices import SUMMED_AS_FRACTION, SUMMED_AS_TOTAL
from .models import Indicator, Observation, Subject

SUMMED_CACHE_SECONDS = 300


def visible_indicators(viewer: Viewer) -> QuerySet[Indicator]:
    """The indicators this viewer may see, with their priority areas and themes."""
    return (
        Indicator.objects.visible_to(viewer).select_related("priority_area__theme").order_by("code")
    )


def subject_observations(
    subject: Subject, *, viewer: Viewer, latest: bool = False, period_type: str | None = None,
    since: date | None = None, model=Observation,
) -> QuerySet:  # fmt: skip
    """A subject's figures on every indicator this viewer may see, in one query, with each
    figure's indicator (and its priority area and theme), by indicator code then period.

    With `latest`, only each indicator's most recent figure (of each period type). `model`
    may be `Plan`, for the subject's trajectories.
    """
    figures = model.objects.filter(
        subject=subject, indicator__in=Indicator.objects.visible_to(viewer).values("pk")
    )
    if period_type is not None:
        figures = figures.filter(period_type=period_type)
    if since is not None:
        figures = figures.filter(period_start__gte=since)
    if latest:
        newest = (
            model.objects.filter(
                subject=OuterRef("subject"),
                indicator=OuterRef("indicator"),
                period_type=OuterRef("period_type"),
            )
            .order_by("-period_start")
            .values("period_start")[:1]
        )
        figures = figures.filter(period_start=Subquery(newest))
    return figures.select_related("indicator__priority_area__theme").order_by(
        "indicator__code", "period_type", "period_start"
    )


class FigureRow(NamedTuple):
    """A figure as the dashboards read it: only what the methods need, no model instances."""

    indicator_id: object
    period_type: str
    period_start: date
    numerator: float | None
    denominator: float | None
    value: float | None
    synthetic: bool

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.period_type, self.period_start)


def subject_figures(subject: Subject, indicators) -> dict[object, list[FigureRow]]:
    """The subject's figures on these indicators (ids), by indicator id then period, oldest
    first: one query on the `(subject, indicator, period_type, period_start)` index."""
    rows = (
        Observation.objects.filter(subject=subject, indicator__in=list(indicators))
        .order_by("indicator_id", "period_type", "period_start")
        .values_list(*FigureRow._fields)
    )
    by_indicator: dict[object, list[FigureRow]] = {}
    for row in rows:
        by_indicator.setdefault(row[0], []).append(FigureRow(*row))
    return by_indicator


def indicator_comparison(
    indicator: Indicator, period: periods.Period, *, kind: str | None = None,
    parent: Subject | None = None, model=Observation,
) -> QuerySet:  # fmt: skip
    """Every subject's figure on one indicator for one period, in one query, with the subject,
    by subject code. Narrowed to subjects of one kind, or the members of one parent.

    The caller has already found the indicator through `visible_indicators(viewer)`.
    """
    figures = model.objects.filter(
        indicator=indicator, period_type=period.type, period_start=period.start
    )
    if kind is not None:
        figures = figures.filter(subject__kind=kind)
    if parent is not None:
        figures = figures.filter(subject__parent=parent)
    return figures.select_related("subject").order_by("subject__code")


def figure_series(
    indicator: Indicator, subject: Subject, *, period_type: str | None = None, model=Observation
) -> QuerySet:
    """One indicator's figures for one subject, oldest first (one query, the unique key)."""
    figures = model.objects.filter(indicator=indicator, subject=subject)
    if period_type is not None:
        figures = figures.filter(period_type=period_type)
    return figures.order_by("period_type", "period_start")


def latest_period(indicator: Indicator, period_type: str | None = None) -> periods.Period | None:
    """The most recent period with any figure for this indicator."""
    figures = Observation.objects.filter(indicator=indicator)
    if period_type is not None:
        figures = figures.filter(period_type=period_type)
    newest = figures.order_by("-period_start").values_list("period_type", "period_start").first()
    return periods.Period(*newest) if newest else None


@dataclass(frozen=True)
class GroupFigure:
    """A parent's figure for one period, summed from its members' figures."""

    period: periods.Period
    numerator: float | None
    denominator: float | None
    value: float | None
    members: int


def aggregate_members(
    indicator: Indicator, parent: Subject, *, period_type: str, since: date | None = None,
    until: date | None = None, kind: str | None = None, model=Observation,
) -> list[GroupFigure]:  # fmt: skip
    """A parent's (a system's, a nation's) figure for each period, from its direct members'
    figures in one query: the sum of their numerators over the sum of their denominators
    (times the multiplier) for proportions, rates, ratios and means; the sum of their values
    for counts and money. Never an average of the members' values.

    `kind` keeps to members of one kind (say, providers and not systems, when a nation has
    both, so that nothing is counted twice). Members without a denominator are left out of a
    fraction. Directly standardised rates cannot be summed this way, and raise ValueError.
    """
    fraction = indicator.value_type in SUMMED_AS_FRACTION
    if not fraction and indicator.value_type not in SUMMED_AS_TOTAL:
        raise ValueError(
            f"{indicator.get_value_type_display()} figures cannot be summed from members"
        )
    figures = model.objects.filter(
        indicator=indicator, subject__parent=parent, period_type=period_type
    )
    if fraction:
        figures = figures.filter(numerator__isnull=False, denominator__isnull=False)
    else:
        figures = figures.filter(value__isnull=False)
    if kind is not None:
        figures = figures.filter(subject__kind=kind)
    if since is not None:
        figures = figures.filter(period_start__gte=since)
    if until is not None:
        figures = figures.filter(period_start__lte=until)
    rows = (
        figures.values("period_start")
        .annotate(
            numerator=Sum("numerator"),
            denominator=Sum("denominator"),
            total=Sum("value"),
            members=Count("subject"),
        )
        .order_by("period_start")
    )
    return [_group_figure(indicator, period_type, row, fraction) for row in rows]


def _group_figure(indicator, period_type, row, fraction) -> GroupFigure:
    numerator, denominator = row["numerator"], row["denominator"]
    if fraction:
        value = numerator / denominator * indicator.multiplier if denominator else None
    else:
        value = row["total"]
    return GroupFigure(
        periods.Period(period_type, row["period_start"]),
        numerator if fraction else None,
        denominator if fraction else None,
        value,
        row["members"],
    )


def summed_member_figures(parent: Subject, indicators) -> dict[object, list[GroupFigure]]:
    """For a parent's dashboard: on each of these indicators that can be summed, the parent's
    figure for each period summed from its direct members', as `aggregate_members` does for one
    indicator, all in one query; by indicator id.

    Each indicator keeps to its most recent period type and to the kind of member with the most
    figures, so that nothing is counted twice when a nation has both systems and providers.
    One query, and none while nothing audited has changed since the last.
    """
    summable = {
        i.pk: i for i in indicators if i.value_type in (*SUMMED_AS_FRACTION, *SUMMED_AS_TOTAL)
    }
    if not summable:
        return {}
    # A nation's sums read every member's figure: kept until anything audited changes (every
    # write of figures is audited), so the dashboard and the rating of one page share them.
    key = (
        "summed:"
        + hashlib.sha256(
            f"{parent.pk}|{sorted(map(str, summable))}|{public_version()}".encode()
        ).hexdigest()
    )
    if (cached := cache.get(key)) is not None:
        return cached
    complete = Q(numerator__isnull=False, denominator__isnull=False)
    rows = (
        Observation.objects.filter(subject__parent=parent, indicator__in=list(summable))
        .values("indicator_id", "subject__kind", "period_type", "period_start")
        .annotate(
            summed_numerator=Sum("numerator", filter=complete),
            summed_denominator=Sum("denominator", filter=complete),
            total=Sum("value", filter=Q(value__isnull=False)),
            fraction_members=Count("subject", filter=complete),
            total_members=Count("subject", filter=Q(value__isnull=False)),
        )
        .order_by("indicator_id", "period_start")
    )
    by_indicator: dict = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    summed = {pk: _summed_one(summable[pk], found) for pk, found in by_indicator.items()}
    cache.set(key, summed, SUMMED_CACHE_SECONDS)
    return summed


def _summed_one(indicator: Indicator, rows: list[dict]) -> list[GroupFigure]:
    fraction = indicator.value_type in SUMMED_AS_FRACTION
    members = "fraction_members" if fraction else "total_members"
    latest_type = max(rows, key=lambda row: row["period_start"])["period_type"]
    rows = [row for row in rows if row["period_type"] == latest_type and row[members]]
    per_kind: dict[str, int] = {}
    for row in rows:
        per_kind[row["subject__kind"]] = per_kind.get(row["subject__kind"], 0) + row[members]
    if not per_kind:
        return []
    kind = max(sorted(per_kind), key=per_kind.__getitem__)
    return [
        _group_figure(
            indicator,
            latest_type,
            {
                **row,
                "numerator": row["summed_numerator"],
                "denominator": row["summed_denominator"],
                "members": row[members],
            },
            fraction,
        )  # fmt: skip
        for row in rows
        if row["subject__kind"] == kind
    ]
