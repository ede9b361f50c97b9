"""The published methods applied to stored figures: what the dashboards, the indicator pages,
the ratings and the API show. Figures are read through `queries.py`; every statistic comes from
`methods/` (no arithmetic of the methods is repeated here, only arranging arrays)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from joinedup.core.access import Viewer

from . import methods, periods, queries
from .choices import ValueType
from .methods import Assurance, Comparison, PlanStatus, Rating, Trend, Variation
from .models import Indicator, Plan, Subject

SPARKLINE = 12  # periods in a dashboard row's small chart
TREND_TYPES = {ValueType.PROPORTION}  # the recent-trend test is for proportions


def _floats(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _or_none(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) else value


def intervals(indicator: Indicator, numerators, denominators, values, *, confidence=0.95):
    """Value and confidence limits of each figure by the indicator's value type: Wilson for
    proportions, exact Poisson or Byar for crude rates and counts; none for the other types."""
    x, n, v = _floats(numerators), _floats(denominators), _floats(values)
    nothing = np.full(v.shape, np.nan)
    kind = indicator.value_type
    if kind == ValueType.PROPORTION:
        value, lower, upper = methods.proportion(
            x, n, confidence=confidence, multiplier=indicator.multiplier
        )
        return np.where(np.isnan(value), v, value), lower, upper
    if kind == ValueType.RATE:
        value, lower, upper = methods.crude_rate(
            x, n, confidence=confidence, multiplier=indicator.multiplier
        )
        return np.where(np.isnan(value), v, value), lower, upper
    if kind == ValueType.COUNT:
        lower, upper = methods.poisson_interval(v, confidence=confidence)
        return v, lower, upper
    return v, nothing, nothing


@dataclass(frozen=True)
class Result:
    """One figure with its 95% limits and how it compares with the benchmark and the target."""

    period: periods.Period
    value: float | None
    lower: float | None
    upper: float | None
    numerator: float | None
    denominator: float | None
    benchmark: Comparison
    target: Comparison
    synthetic: bool = False
    subject: Subject | None = None


def assess(indicator: Indicator, figures) -> list[Result]:
    """Each figure with its interval and its comparisons with the indicator's benchmark (the
    Fingertips rule on the 95% interval) and target (on the interval where there is one)."""
    figures = list(figures)
    if not figures:
        return []
    value, lower, upper = intervals(
        indicator,
        [f.numerator for f in figures],
        [f.denominator for f in figures],
        [f.value for f in figures],
    )
    polarity = indicator.polarity
    if indicator.benchmark is None:
        against_benchmark = np.zeros(len(figures), dtype=np.int8)
    else:
        against_benchmark = methods.compare_to_benchmark(
            value, lower, upper, indicator.benchmark, polarity=polarity
        )
    if indicator.target is None:
        against_target = np.zeros(len(figures), dtype=np.int8)
    else:
        against_target = methods.compare_to_target(
            value, indicator.target, polarity=polarity, lower=lower, upper=upper,
            target_upper=indicator.target_upper,
        )  # fmt: skip
    return [
        Result(
            period=figure.period,
            value=_or_none(value[i]),
            lower=_or_none(lower[i]),
            upper=_or_none(upper[i]),
            numerator=figure.numerator,
            denominator=figure.denominator,
            benchmark=Comparison.from_code(int(against_benchmark[i])),
            target=Comparison.from_code(int(against_target[i])),
            synthetic=figure.synthetic,
        )  # fmt: skip
        for i, figure in enumerate(figures)
    ]


def recent_trend(indicator: Indicator, figures) -> Trend:
    """The chi-squared test for trend on the five most recent periods (proportions only)."""
    figures = list(figures)
    if indicator.value_type not in TREND_TYPES or len(figures) < 5:
        return Trend.CANNOT_BE_CALCULATED
    code = methods.recent_trend(
        _floats(f.numerator for f in figures), _floats(f.denominator for f in figures),
        polarity=indicator.polarity,
    )  # fmt: skip
    return Trend.from_code(int(code))


@dataclass(frozen=True)
class Series:
    """One indicator for one subject over time: each figure assessed, its XmR chart (Making Data
    Count), the plan for the same periods, and the verdicts that summarise them."""

    indicator: Indicator
    subject: Subject
    results: list[Result]
    plan: list[float | None]
    mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    variation: list[Variation]
    signals: list[int]
    latest_variation: Variation
    assurance: Assurance
    trend: Trend
    plan_lower: list[float | None] = field(default_factory=list)
    plan_upper: list[float | None] = field(default_factory=list)
    plan_status: PlanStatus = PlanStatus.NOT_ASSESSED


def series(indicator: Indicator, subject: Subject, *, period_type: str | None = None) -> Series:
    """Two queries: the subject's figures on the indicator, and its plan."""
    figures = list(queries.figure_series(indicator, subject, period_type=period_type))
    if figures and period_type is None:  # keep to one kind of period: the most recent's
        period_type = figures[-1].period_type
        figures = [f for f in figures if f.period_type == period_type]
    planned = {
        p.period_start: p.value
        for p in queries.figure_series(indicator, subject, period_type=period_type, model=Plan)
    }
    return build_series(indicator, subject, figures, planned)


def build_series(indicator, subject, figures, planned: dict) -> Series:
    results = assess(indicator, figures)
    values = _floats(r.value for r in results)
    plan = [planned.get(f.period_start) for f in figures]
    if len(values) == 0:
        return Series(
            indicator, subject, [], [], None, None, None, [], [], Variation.NOT_ASSESSED,
            Assurance.NOT_ASSESSED, Trend.CANNOT_BE_CALCULATED,
        )  # fmt: skip
    chart = methods.xmr(values)
    polarity = indicator.polarity
    assurance = Assurance.NOT_ASSESSED
    if indicator.target is not None:
        assurance = Assurance.from_code(
            int(methods.assurance_icon(chart, indicator.target, polarity=polarity))
        )
    plan_view = {}
    if any(p is not None for p in plan):
        compared = methods.against_plan(values, _floats(plan))
        plan_view = {
            "plan_lower": [_or_none(v) for v in compared.lower],
            "plan_upper": [_or_none(v) for v in compared.upper],
            "plan_status": PlanStatus.from_code(int(compared.status)),
        }
    return Series(
        indicator=indicator, subject=subject, results=results, plan=plan,
        mean=_or_none(chart.mean), lower_limit=_or_none(chart.lower),
        upper_limit=_or_none(chart.upper),
        variation=list(
            Variation.decode(np.atleast_1d(methods.point_variation(chart, polarity=polarity)))
        ),
        signals=[int(s) for s in np.atleast_1d(chart.signals)],
        latest_variation=Variation.from_code(
            int(methods.variation_icon(chart, polarity=polarity))
        ),
        assurance=assurance, trend=recent_trend(indicator, figures[-5:]), **plan_view,
    )  # fmt: skip


@dataclass(frozen=True)
class DashboardRow:
    indicator: Indicator
    latest: Result
    trend: Trend
    variation: Variation
    sparkline: list[float | None]
    summed_from: int | None = None  # members summed, where the subject has no figure of its own


def dashboard(subject: Subject, viewer: Viewer) -> list[DashboardRow]:
    """Every indicator the viewer may see with its latest figure for the subject, assessed, with
    its trend and variation and its recent values. Where the subject has no figures of its own
    on an indicator but its members have (England in NHS England's files, a system), the figures
    summed from its members'. Three queries: the indicators, the figures, the members' sums."""
    indicators = {i.pk: i for i in queries.visible_indicators(viewer)}
    own = queries.subject_figures(subject, indicators)
    rows = [_dashboard_row(indicators[pk], subject, figures) for pk, figures in own.items()]
    others = [i for pk, i in indicators.items() if pk not in own]
    for pk, groups in queries.summed_member_figures(subject, others).items():
        if groups:
            figures = [_summed(group) for group in groups]
            rows.append(_dashboard_row(indicators[pk], subject, figures, groups[-1].members))
    return rows


def _dashboard_row(indicator, subject, figures, summed_from=None) -> DashboardRow:
    """What `build_series` would give, reduced to what a dashboard row shows: the latest figure
    assessed, the recent values, the trend and the latest point's variation."""
    latest_type = figures[-1].period_type
    figures = [f for f in figures if f.period_type == latest_type]
    (latest,) = assess(indicator, figures[-1:])
    values, _, _ = intervals(
        indicator, [f.numerator for f in figures], [f.denominator for f in figures],
        [f.value for f in figures],
    )  # fmt: skip
    chart = methods.xmr(values)
    return DashboardRow(
        indicator=indicator,
        latest=latest,
        trend=recent_trend(indicator, figures[-5:]),
        variation=Variation.from_code(
            int(methods.variation_icon(chart, polarity=indicator.polarity))
        ),
        sparkline=[_or_none(v) for v in values[-SPARKLINE:]],
        summed_from=summed_from,
    )


def comparison(indicator: Indicator, period: periods.Period, **narrowing) -> list[Result]:
    """Every subject's figure on the indicator for one period, assessed, best first by the
    indicator's polarity (one query)."""
    figures = list(queries.indicator_comparison(indicator, period, **narrowing))
    results = [
        replace(result, subject=figure.subject)
        for result, figure in zip(assess(indicator, figures), figures, strict=True)
    ]
    descending = indicator.polarity != "lower_is_better"
    present = [r for r in results if r.value is not None]
    absent = [r for r in results if r.value is None]
    return sorted(present, key=lambda r: r.value, reverse=descending) + absent


# Ratings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatedIndicator:
    indicator: Indicator
    result: Result | None
    comparison: Comparison
    score: float | None


@dataclass(frozen=True)
class RatedGroup:
    name: str
    score: float | None
    rating: Rating
    members: list


@dataclass(frozen=True)
class RatingExplanation:
    """A subject's rating and everything that produced it: each indicator's latest figure,
    its comparison and score; each priority area's and theme's mean score and band."""

    scheme: methods.RatingScheme
    themes: list[RatedGroup]
    score: float | None
    rating: Rating


def _two_level(indicator: Indicator, figure) -> tuple[Result, Comparison]:
    """The latest figure compared with the benchmark at 95% and 99.8% (best/worst beyond)."""
    (result,) = assess(indicator, [figure])
    if indicator.benchmark is None:
        return result, Comparison.NOT_COMPARED
    args = ([figure.numerator], [figure.denominator], [figure.value])
    value, lower95, upper95 = intervals(indicator, *args)
    _, lower998, upper998 = intervals(indicator, *args, confidence=0.998)
    code = methods.compare_to_benchmark_two_level(
        value, lower95, upper95, lower998, upper998, indicator.benchmark,
        polarity=indicator.polarity,
    )  # fmt: skip
    return result, Comparison.from_code(int(code[0]))


def rate(
    subject: Subject, viewer: Viewer, *, scheme=methods.SEGMENTATION, two_level: bool = True
) -> RatingExplanation:
    """Roll the subject's latest comparisons up through priority areas and themes under a
    scheme, keeping every step so that the page can show how the rating was reached. A parent's
    indicator with no figure of its own is compared on its members' latest figures summed.
    `two_level=False` compares with the benchmark at 95% only (see the block at the end)."""
    compare = _two_level if two_level else _one_level  # added with the outcomes pages
    latest = {}
    for figure in queries.subject_observations(subject, viewer=viewer, latest=True):
        latest[figure.indicator_id] = figure
    indicators = list(queries.visible_indicators(viewer).filter(priority_area__isnull=False))
    without = [i for i in indicators if i.pk not in latest]
    for pk, groups in queries.summed_member_figures(subject, without).items():
        if groups:  # a parent with no figure of its own: its members' latest, summed
            latest[pk] = _summed(groups[-1])
    areas = sorted(
        {i.priority_area for i in indicators}, key=lambda a: (a.theme.position, a.position, a.code)
    )
    themes = sorted({a.theme for a in areas}, key=lambda t: (t.position, t.code))
    rated, comparisons = [], []
    for indicator in indicators:
        figure = latest.get(indicator.pk)
        result, compared = (None, Comparison.NOT_COMPARED)
        if figure is not None:
            result, compared = compare(indicator, figure)
        rated.append((indicator, result, compared))
        comparisons.append(compared.code)
    if not indicators:
        return RatingExplanation(scheme, [], None, Rating.NOT_RATED)
    rolled = methods.roll_up(
        np.array(comparisons, dtype=np.int8), scheme=scheme,
        area_of=[areas.index(i.priority_area) for i in indicators],
        theme_of=[themes.index(a.theme) for a in areas],
        weights=[i.weight for i in indicators], area_weights=[a.weight for a in areas],
        theme_weights=[t.weight for t in themes],
    )  # fmt: skip
    rated_indicators = [
        RatedIndicator(ind, result, compared, _or_none(rolled.indicator_scores[k]))
        for k, (ind, result, compared) in enumerate(rated)
    ]
    rated_areas = [
        RatedGroup(
            area.name,
            _or_none(rolled.area_scores[a]),
            Rating.from_code(int(rolled.area_ratings[a])),
            [r for r in rated_indicators if r.indicator.priority_area_id == area.pk],
        )  # fmt: skip
        for a, area in enumerate(areas)
    ]
    rated_themes = [
        RatedGroup(
            theme.name,
            _or_none(rolled.theme_scores[t]),
            Rating.from_code(int(rolled.theme_ratings[t])),
            [g for g, area in zip(rated_areas, areas, strict=True) if area.theme_id == theme.pk],
        )  # fmt: skip
        for t, theme in enumerate(themes)
    ]
    return RatingExplanation(
        scheme, rated_themes, _or_none(rolled.overall_score),
        Rating.from_code(int(rolled.overall_rating)),
    )  # fmt: skip


# Added with the outcomes pages ---------------------------------------------------------------


def _one_level(indicator: Indicator, figure) -> tuple[Result, Comparison]:
    """The latest figure compared with the benchmark at 95% only (better, similar, worse)."""
    (result,) = assess(indicator, [figure])
    return result, result.benchmark


def rate_under(subject: Subject, viewer: Viewer, scheme) -> RatingExplanation:
    """The subject's rating under a stored `models.RatingScheme`, with the comparison it names."""
    return rate(subject, viewer, scheme=scheme.as_method(), two_level=scheme.two_level)


@dataclass(frozen=True)
class SummedFigure:
    """A parent's figure for one period, summed from its members' (see `summed_series`)."""

    period_type: str
    period_start: object
    numerator: float | None
    denominator: float | None
    value: float | None
    members: int
    synthetic: bool = False

    @property
    def period(self) -> periods.Period:
        return periods.Period(self.period_type, self.period_start)


def summed_series(indicator: Indicator, subject: Subject) -> Series:
    """For a parent with no figures of its own (England in NHS England's files, a system), its
    series summed from its direct members' numerators and denominators (never averaged), kept
    to members of one kind so that nothing is counted twice. Three queries."""
    empty = build_series(indicator, subject, [], {})
    latest = queries.latest_period(indicator)
    kind = (
        queries.Observation.objects.filter(indicator=indicator, subject__parent=subject)
        .values_list("subject__kind", flat=True)
        .first()
    )
    if latest is None or kind is None:
        return empty
    try:
        groups = queries.aggregate_members(indicator, subject, period_type=latest.type, kind=kind)
    except ValueError:  # directly standardised rates cannot be summed
        return empty
    return build_series(indicator, subject, [_summed(g) for g in groups], {})


def _summed(group: queries.GroupFigure) -> SummedFigure:
    return SummedFigure(
        group.period.type, group.period.start, group.numerator, group.denominator, group.value,
        group.members,
    )  # fmt: skip
