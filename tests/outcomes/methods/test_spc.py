"""XmR charts: limits and screening by hand, every special-cause rule, the icons and the plan."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from joinedup.outcomes.methods import (
    Assurance,
    PlanStatus,
    Polarity,
    Signal,
    Variation,
    against_plan,
    assurance_icon,
    point_variation,
    variation_icon,
    xmr,
)

HIGHER, LOWER, NONE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NO_JUDGEMENT
nan = np.nan

# Forty points alternating around 0: mean 0, every moving range 2, no signal of any kind.
BASE = [1.0, -1.0] * 20


def tail_of(tail, **options):
    """The signals and directions of the points appended to ``BASE``."""
    chart = xmr(BASE + tail, **options)
    assert not chart.signals[: len(BASE) - 1].any()
    return chart.signals[len(BASE) :].tolist(), chart.direction[len(BASE) :].tolist()


def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    chart = xmr([1, 2, 3, 2, 1])
    assert_allclose([chart.mean, chart.mr_bar], [1.8, 1.0])
    assert_allclose([chart.lower, chart.upper], [1.8 - 2.66, 1.8 + 2.66])
    assert_allclose(chart.moving_range, [nan, 1, 1, 1, 1])
    assert not chart.signals.any()


def test_screening_drops_moving_ranges_above_3_267_times_their_mean_once():
    values = [5, 6, 5, 6, 5, 6, 5, 6, 5, 30]  # moving ranges: eight of 1, then 25
    assert xmr(values, screen=False).mr_bar == pytest.approx(33 / 9)
    screened = xmr(values)
    assert screened.mr_bar == pytest.approx(1.0)  # 25 > 3.267 × 33/9 is dropped
    assert screened.upper == pytest.approx(7.9 + 2.66)
    assert screened.signals[-1] == Signal.OUTSIDE_LIMITS and screened.direction[-1] == 1


OUT, SHIFT, TREND, NEAR = (int(s) for s in Signal)

# appended points, their signals, their directions
RULE_CASES = [
    pytest.param([9.0], [OUT], [1], id="above the upper limit"),
    pytest.param([-9.0], [OUT], [-1], id="below the lower limit"),
    pytest.param([0.5] * 7, [SHIFT] * 7, [1] * 7, id="seven above the mean"),
    pytest.param([-0.5] * 8, [SHIFT] * 8, [-1] * 8, id="eight below the mean"),
    pytest.param([0.5] * 6, [0] * 6, [0] * 6, id="six above the mean"),
    pytest.param(
        [0.5, 0.5, 0.5, nan, 0.5, 0.5, 0.5, 0.5], [0] * 8, [0] * 8, id="a gap breaks a run"
    ),
    # After BASE's last point (−1), six rising points make seven rising in a row.
    pytest.param([-0.8, -0.6, -0.4, -0.2, 0.0, 0.2], [TREND] * 6, [1] * 6, id="seven rising"),
    pytest.param([-0.8, -0.6, -0.4, -0.2, 0.0], [0] * 5, [0] * 5, id="six rising"),
    pytest.param(
        [-0.8, -0.6, -0.6, -0.4, -0.2, 0.0, 0.2], [0] * 7, [0] * 7, id="a tie breaks a trend"
    ),
    pytest.param([5.0, 0.0, 5.0], [NEAR, 0, NEAR], [1, 0, 1], id="two of three high"),
    pytest.param([-5.0, -5.0], [NEAR, NEAR], [-1, -1], id="two in a row low"),
    pytest.param([5.0, 0.0, -5.0], [0, 0, 0], [0, 0, 0], id="two of three on opposite sides"),
    pytest.param([5.0, 0.0, 0.0, 5.0], [0] * 4, [0] * 4, id="two of four"),
]


@pytest.mark.parametrize(("tail", "signals", "directions"), RULE_CASES)
def test_special_cause_rules(tail, signals, directions):
    assert tail_of(tail) == (signals, directions)


def test_the_seven_rising_points_include_the_last_base_point():
    chart = xmr([*BASE, -0.8, -0.6, -0.4, -0.2, 0.0, 0.2])
    assert chart.signals[len(BASE) - 1] == Signal.TREND


def test_a_point_in_a_rising_trend_and_a_shift_below_the_mean_points_to_its_side():
    rising_below = [-1.5, -1.3, -1.1, -0.9, -0.7, -0.5, -0.3]
    chart = xmr([1.0, -1.0] * 10 + rising_below + [3.0] * 7)
    assert chart.signals[22] == Signal.SHIFT | Signal.TREND
    assert chart.direction[22] == -1


def test_a_series_too_short_for_a_moving_range_has_no_limits_and_no_signals():
    for values in ([3.0], [nan, nan], [2.0, nan, 5.0]):
        chart = xmr(values)
        assert np.isnan([chart.mean, chart.lower, chart.upper]).all()
        assert not chart.signals.any()
        assert variation_icon(chart, polarity=HIGHER) == Variation.NOT_ASSESSED.code


def test_xmr_is_vectorised_over_series():
    series = np.array([BASE + [9.0], BASE + [0.0], BASE[::-1] + [-9.0]])
    together = xmr(series)
    for row, values in enumerate(series):
        alone = xmr(values)
        assert_allclose([together.lower[row], together.upper[row]], [alone.lower, alone.upper])
        assert_array_equal(together.signals[row], alone.signals)


# appended points, polarity, the latest point's icon
ICON_CASES = [
    ([0.0], HIGHER, Variation.COMMON_CAUSE),
    ([9.0], HIGHER, Variation.IMPROVING_HIGH),
    ([9.0], LOWER, Variation.CONCERNING_HIGH),
    ([9.0], NONE, Variation.NEITHER_HIGH),
    ([-9.0], HIGHER, Variation.CONCERNING_LOW),
    ([-9.0], LOWER, Variation.IMPROVING_LOW),
    ([-9.0], NONE, Variation.NEITHER_LOW),
    ([9.0, nan], HIGHER, Variation.IMPROVING_HIGH),  # the latest point present
]


@pytest.mark.parametrize(("tail", "polarity", "expected"), ICON_CASES)
def test_variation_icon_of_the_latest_point(tail, polarity, expected):
    assert Variation.decode(variation_icon(xmr(BASE + tail), polarity=polarity)) == expected


def test_point_variation_marks_every_point_and_leaves_missing_ones_unassessed():
    chart = xmr([*BASE, nan, 9.0])
    codes = point_variation(chart, polarity=LOWER)
    assert codes[0] == Variation.COMMON_CAUSE.code
    assert codes[-2] == Variation.NOT_ASSESSED.code
    assert codes[-1] == Variation.CONCERNING_HIGH.code


def test_icons_take_a_polarity_per_series():
    chart = xmr(np.array([BASE + [9.0], BASE + [9.0]]))
    codes = variation_icon(chart, polarity=[HIGHER, LOWER])
    assert list(Variation.decode(codes)) == [Variation.IMPROVING_HIGH, Variation.CONCERNING_HIGH]


# Limits of [1, 2, 3, 2, 1]: 1.8 ± 2.66, so about −0.86 to 4.46.
ASSURANCE_CASES = [
    (-1, HIGHER, Assurance.CONSISTENTLY_PASSES),
    (2, HIGHER, Assurance.HIT_AND_MISS),
    (5, HIGHER, Assurance.CONSISTENTLY_FAILS),
    (-1, LOWER, Assurance.CONSISTENTLY_FAILS),
    (2, LOWER, Assurance.HIT_AND_MISS),
    (5, LOWER, Assurance.CONSISTENTLY_PASSES),
    (1.8 - 2.66, HIGHER, Assurance.HIT_AND_MISS),  # on a limit is not beyond it
    (-1, NONE, Assurance.NOT_ASSESSED),
    (nan, HIGHER, Assurance.NOT_ASSESSED),
]


@pytest.mark.parametrize(("target", "polarity", "expected"), ASSURANCE_CASES)
def test_assurance_icon(target, polarity, expected):
    chart = xmr([1, 2, 3, 2, 1])
    assert Assurance.decode(assurance_icon(chart, target, polarity=polarity)) == expected


def test_assurance_is_not_assessed_without_limits():
    assert assurance_icon(xmr([1.0]), 0, polarity=HIGHER) == Assurance.NOT_ASSESSED.code


PLAN = [100, 110, 120, 130, 140, 150]
# Variances 0, 2, −2, 2, −2, then the latest: moving ranges 2, 4, 4, 4 and the latest's.
PLAN_CASES = [
    (0, PlanStatus.WITHIN_LIMITS),
    (-5, PlanStatus.WITHIN_LIMITS),
    (20, PlanStatus.ABOVE_LIMITS),
    (-20, PlanStatus.BELOW_LIMITS),
]


@pytest.mark.parametrize(("latest_variance", "expected"), PLAN_CASES)
def test_against_plan_status_of_the_latest_actual(latest_variance, expected):
    actual = np.add(PLAN, [0, 2, -2, 2, -2, latest_variance])
    result = against_plan(actual, PLAN)
    assert_allclose(result.variance, actual - PLAN)
    assert_allclose(result.upper - PLAN, 2.66 * result.mr_bar)
    assert_allclose(PLAN - result.lower, 2.66 * result.mr_bar)
    assert PlanStatus.decode(result.status) == expected


def test_against_plan_limits_follow_the_plan_not_its_slope():
    rising = against_plan([100, 111, 119, 131, 139], [100, 110, 120, 130, 140])
    assert rising.mr_bar == pytest.approx(1.75)  # variances 0, 1, −1, 1, −1: ranges 1, 2, 2, 2


def test_against_plan_uses_the_latest_period_with_both_actual_and_plan():
    plan = [100, 110, 120, 130, 140, 150, 160, 170]
    result = against_plan(np.add(plan, [0, 1, -1, 1, -1, 1, 40, nan]), plan)
    assert result.mr_bar == pytest.approx(1.8)  # the range of 39 is screened out
    assert result.status == PlanStatus.ABOVE_LIMITS.code
    assert against_plan([nan, nan], [1, 2]).status == PlanStatus.NOT_ASSESSED.code
