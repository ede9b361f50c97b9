"""The methods applied to stored figures: intervals by value type, comparisons with benchmark and
target, the XmR chart and its verdicts, the dashboard, the comparison of subjects, and a rating
that explains itself."""

from datetime import date

import pytest
from scipy.stats import binomtest

from joinedup.core.access import ANONYMOUS
from joinedup.core.choices import Visibility
from joinedup.outcomes import analysis, methods, periods, services
from joinedup.outcomes.choices import Polarity, ValueType
from joinedup.outcomes.methods import Assurance, Comparison, Rating
from tests.outcomes import factories

pytestmark = pytest.mark.django_db


def month(n: int) -> periods.Period:
    year, index = divmod(n, 12)
    return periods.Period("month", date(2020 + year, index + 1, 1))


def record(indicator, subject, n, numerator, denominator=None, value=None):
    return services.record_observation(
        indicator=indicator, subject=subject, period=month(n), numerator=numerator,
        denominator=denominator, value=value,
    )  # fmt: skip


def test_a_proportions_interval_is_wilsons_times_the_multiplier(setting):
    record(setting.indicator, setting.a, 0, 880, 1000)
    (result,) = analysis.series(setting.indicator, setting.a).results
    oracle = binomtest(880, 1000).proportion_ci(confidence_level=0.95, method="wilson")
    assert result.value == pytest.approx(88.0)
    assert (result.lower, result.upper) == pytest.approx((oracle.low * 100, oracle.high * 100))


def test_a_figure_is_compared_with_the_benchmark_and_the_target(setting):
    indicator = factories.indicator("AE", target=95.0, benchmark=90.0)
    good, poor = factories.subject("GOOD"), factories.subject("POOR")
    record(indicator, good, 0, 9_700, 10_000)
    record(indicator, poor, 0, 8_000, 10_000)
    results = {r.subject.code: r for r in analysis.comparison(indicator, month(0))}
    assert (results["GOOD"].benchmark, results["GOOD"].target) == (
        Comparison.BETTER, Comparison.BETTER,
    )  # fmt: skip
    assert (results["POOR"].benchmark, results["POOR"].target) == (
        Comparison.WORSE, Comparison.WORSE,
    )  # fmt: skip
    assert [r.subject.code for r in analysis.comparison(indicator, month(0))] == ["GOOD", "POOR"]


def test_lower_is_better_ranks_the_lowest_first(setting):
    indicator = factories.indicator("DTOC", polarity=Polarity.LOWER_IS_BETTER, target=3.5)
    for code, delayed in (("X", 50), ("Y", 20)):
        record(indicator, factories.subject(code), 0, delayed, 1000)
    assert [r.subject.code for r in analysis.comparison(indicator, month(0))] == ["Y", "X"]


def test_the_series_has_xmr_limits_and_a_failing_assurance_when_always_short(setting):
    indicator = factories.indicator("AE4", target=95.0)
    for n in range(20):
        record(indicator, setting.a, n, 8_500 + (n % 3) * 50, 10_000)
    built = analysis.series(indicator, setting.a)
    chart = methods.xmr([r.value for r in built.results])
    assert built.mean == pytest.approx(float(chart.mean))
    assert built.upper_limit == pytest.approx(float(chart.upper))
    assert built.upper_limit < 95.0
    assert built.assurance == Assurance.CONSISTENTLY_FAILS


def test_a_plan_is_read_beside_the_actuals(setting):
    for n in range(6):
        record(setting.indicator, setting.a, n, 900, 1000)
        services.set_plan(
            indicator=setting.indicator, subject=setting.a, period=month(n), value=85.0
        )
    built = analysis.series(setting.indicator, setting.a)
    assert built.plan == [85.0] * 6
    assert len(built.plan_lower) == len(built.plan_upper) == 6
    assert built.plan_status != methods.PlanStatus.NOT_ASSESSED


def test_counts_have_poisson_limits_and_money_none(setting):
    counts = factories.indicator("CNT", value_type=ValueType.COUNT)
    money = factories.indicator("GBP", value_type=ValueType.MONEY)
    record(counts, setting.a, 0, None, value=4)
    record(money, setting.a, 0, None, value=1200.0)
    (count,) = analysis.series(counts, setting.a).results
    (spend,) = analysis.series(money, setting.a).results
    lower, upper = methods.exact_poisson(4)
    assert (count.lower, count.upper) == pytest.approx((float(lower), float(upper)))
    assert (spend.lower, spend.upper) == (None, None)


def test_the_dashboard_shows_each_indicators_latest_figure_in_two_queries(
    setting, django_assert_num_queries
):
    other = factories.indicator("OTHER")
    for n in range(3):
        record(setting.indicator, setting.a, n, 900 + n, 1000)
        record(other, setting.a, n, 500, 1000)
    with django_assert_num_queries(2):  # the indicators, its figures (none left to sum)
        rows = analysis.dashboard(setting.a, ANONYMOUS)
    latest = {row.indicator.code: row.latest for row in rows}
    assert latest["IND"].value == pytest.approx(90.2)
    assert latest["IND"].period == month(2)


def test_a_rating_explains_each_step_from_figures_to_band(setting):
    theme = services.create_theme(code="T1", name="Quality")
    area = services.create_priority_area(code="P1", name="Urgent care", theme=theme)
    better = factories.indicator("B1", benchmark=50.0, priority_area=area)
    worse = factories.indicator("W1", benchmark=50.0, priority_area=area)
    record(better, setting.a, 0, 900, 1000)  # far above the benchmark: "best" at 99.8%
    record(worse, setting.a, 0, 460, 1000)  # below, but within the 99.8% limits: "worse"
    explained = analysis.rate(setting.a, ANONYMOUS, scheme=methods.SEGMENTATION)
    (urgent,) = explained.themes[0].members
    scores = {r.indicator.code: (r.comparison, r.score) for r in urgent.members}
    assert scores == {"B1": (Comparison.BEST, 1.0), "W1": (Comparison.WORSE, 4.0)}
    assert urgent.score == pytest.approx(2.5)
    assert urgent.rating == Rating.MAKING_PROGRESS
    assert explained.rating == Rating.MAKING_PROGRESS


def test_a_parent_without_figures_of_its_own_shows_its_members_summed(
    setting, django_assert_num_queries
):
    record(setting.indicator, setting.a, 0, 10, 100)
    record(setting.indicator, setting.b, 0, 9, 10)
    record(setting.indicator, setting.a, 1, 30, 100)
    record(setting.indicator, setting.b, 1, 5, 10)
    with django_assert_num_queries(4):  # the indicators, its figures, the version, the sums
        (row,) = analysis.dashboard(setting.system, ANONYMOUS)
    # 35 of 110, not the mean of 30 % and 50 %; both members counted.
    assert row.latest.value == pytest.approx(100 * 35 / 110)
    assert (row.latest.period, row.summed_from) == (month(1), 2)
    assert row.sparkline == [pytest.approx(100 * 19 / 110), pytest.approx(100 * 35 / 110)]


def test_a_parents_own_figures_are_not_replaced_by_its_members_sum(setting):
    record(setting.indicator, setting.system, 0, 1, 2)
    record(setting.indicator, setting.a, 0, 10, 100)
    (row,) = analysis.dashboard(setting.system, ANONYMOUS)
    assert (row.latest.value, row.summed_from) == (50.0, None)


def test_members_summed_on_the_dashboard_keep_to_indicators_the_viewer_may_see(setting):
    hidden = factories.indicator("HIDDEN", visibility=Visibility.PARTNERSHIP)
    record(hidden, setting.a, 0, 10, 100)
    assert analysis.dashboard(setting.system, ANONYMOUS) == []


def test_a_parent_without_figures_of_its_own_is_rated_on_its_members_summed(setting):
    theme = services.create_theme(code="T1", name="Quality")
    area = services.create_priority_area(code="P1", name="Urgent care", theme=theme)
    rated = factories.indicator("R1", benchmark=50.0, priority_area=area)
    record(rated, setting.a, 0, 900, 1000)
    record(rated, setting.b, 0, 880, 1000)
    explained = analysis.rate(setting.system, ANONYMOUS, scheme=methods.SEGMENTATION)
    ((only,),) = [area.members for area in explained.themes[0].members]
    assert only.result.value == pytest.approx(89.0)  # 1,780 of 2,000
    assert only.comparison == Comparison.BEST


def test_a_parents_sums_are_kept_until_anything_audited_changes(setting, django_assert_num_queries):
    record(setting.indicator, setting.a, 0, 10, 100)
    analysis.dashboard(setting.system, ANONYMOUS)
    with django_assert_num_queries(3):  # the indicators, its figures, the version: no sums
        (row,) = analysis.dashboard(setting.system, ANONYMOUS)
    assert row.latest.value == pytest.approx(10.0)
    record(setting.indicator, setting.b, 0, 30, 100)  # audited: the sums are read again
    (row,) = analysis.dashboard(setting.system, ANONYMOUS)
    assert (row.latest.value, row.summed_from) == (pytest.approx(20.0), 2)
