"""The recent-trend test: the chi-squared statistic by hand, and every verdict, table-driven."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from joinedup.outcomes.methods import Polarity, Trend, recent_trend, trend_statistic
from joinedup.outcomes.methods.trend import THRESHOLD

HIGHER, LOWER, NONE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NO_JUDGEMENT
nan = np.nan


def chi2_by_hand(x, n):
    """The formula of the methods, term by term, over t = 1..5."""
    t = range(1, 6)
    big_n, big_r = sum(n), sum(x)
    sum_xt = sum(xi * ti for xi, ti in zip(x, t, strict=True))
    sum_nt = sum(ni * ti for ni, ti in zip(n, t, strict=True))
    sum_nt2 = sum(ni * ti * ti for ni, ti in zip(n, t, strict=True))
    numerator = big_n * (big_n * sum_xt - big_r * sum_nt) ** 2
    return numerator / (big_r * (big_n - big_r) * (big_n * sum_nt2 - sum_nt**2))


def chi2_as_weighted_regression(x, n):
    """The same statistic another way: the n-weighted slope of x/n on t over its variance."""
    x, n, t = np.asarray(x, float), np.asarray(n, float), np.arange(1.0, 6)
    p_bar, t_bar = x.sum() / n.sum(), (n * t).sum() / n.sum()
    spread = (n * (t - t_bar) ** 2).sum()
    slope = (x * (t - t_bar)).sum() / spread
    return slope**2 * spread / (p_bar * (1 - p_bar)), slope


def test_the_threshold_is_chi_squared_with_one_degree_of_freedom_at_99_8_percent():
    assert stats.chi2.ppf(0.998, 1) == pytest.approx(THRESHOLD, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "n"),
    [
        ([10, 20, 30, 40, 50], [100] * 5),
        ([500, 480, 530, 610, 640], [1000, 1010, 990, 1020, 1000]),
        ([3, 2, 5, 4, 9], [40, 35, 50, 41, 60]),
        ([12.5, 13, 11, 14, 15.5], [20, 20, 20, 20, 20]),
    ],
)
def test_trend_statistic_matches_the_formula_by_hand_and_as_a_regression(x, n):
    chi2, slope = trend_statistic(x, n)
    assert chi2 == pytest.approx(chi2_by_hand(x, n), rel=1e-12)
    regression_chi2, regression_slope = chi2_as_weighted_regression(x, n)
    assert chi2 == pytest.approx(regression_chi2, rel=1e-10)
    assert slope == pytest.approx(regression_slope, rel=1e-10)


def test_trend_statistic_uses_only_the_last_five_periods():
    x, n = [99, 0, 10, 20, 30, 40, 50], [100] * 7
    assert_allclose(trend_statistic(x, n), trend_statistic(x[2:], n[2:]))


RISING, FALLING = [10, 20, 30, 40, 50], [50, 40, 30, 20, 10]

# x, n, polarity, expected
CASES = [
    (RISING, [100] * 5, HIGHER, Trend.INCREASING_GETTING_BETTER),
    (RISING, [100] * 5, LOWER, Trend.INCREASING_GETTING_WORSE),
    (RISING, [100] * 5, NONE, Trend.INCREASING),
    (FALLING, [100] * 5, HIGHER, Trend.DECREASING_GETTING_WORSE),
    (FALLING, [100] * 5, LOWER, Trend.DECREASING_GETTING_BETTER),
    (FALLING, [100] * 5, NONE, Trend.DECREASING),
    ([30, 31, 29, 30, 30], [100] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),
    ([10, 11, 12, 13, 14], [100] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),  # χ² below 9.55
    ([0, 0, 0, 0, 0], [100] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),  # no events at all
    ([100] * 5, [100] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),  # every one an event
    # Significant χ², but one outlying point drives it: the log-odds slope without it is flat.
    ([10, 10, 10, 10, 80], [100] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),
    ([0, 166, 166, 166, 166], [1000] * 5, HIGHER, Trend.NO_SIGNIFICANT_CHANGE),  # flat without it
    # A zero count makes one log-odds infinite; the slopes without that point still agree.
    ([0, 20, 30, 40, 50], [100] * 5, HIGHER, Trend.INCREASING_GETTING_BETTER),
    (RISING[:4], [100] * 4, HIGHER, Trend.CANNOT_BE_CALCULATED),  # four periods
    ([10, 20, nan, 40, 50], [100] * 5, HIGHER, Trend.CANNOT_BE_CALCULATED),  # a gap
    ([10, 20, 30, 40, 50], [100, 100, 0, 100, 100], HIGHER, Trend.CANNOT_BE_CALCULATED),
    ([10, 20, 130, 40, 50], [100] * 5, HIGHER, Trend.CANNOT_BE_CALCULATED),  # x > n
    ([10, -1, 30, 40, 50], [100] * 5, HIGHER, Trend.CANNOT_BE_CALCULATED),
    ([nan, 10, 20, 30, 40, 50], [100] * 6, HIGHER, Trend.INCREASING_GETTING_BETTER),  # old gap
]


@pytest.mark.parametrize(("x", "n", "polarity", "expected"), CASES)
def test_recent_trend(x, n, polarity, expected):
    assert Trend.decode(recent_trend(x, n, polarity=polarity)) == expected


def test_the_outlier_case_is_significant_by_chi_squared_alone():
    chi2, slope = trend_statistic([10, 10, 10, 10, 80], [100] * 5)
    assert chi2 > THRESHOLD and slope > 0


def test_recent_trend_is_vectorised_over_rows_with_a_polarity_per_row():
    x = np.array([RISING, FALLING, [30, 31, 29, 30, 30]], dtype=float)
    codes = recent_trend(x, [100] * 5, polarity=[HIGHER, HIGHER, LOWER])
    assert codes.dtype == np.int8
    assert list(Trend.decode(codes)) == [
        Trend.INCREASING_GETTING_BETTER,
        Trend.DECREASING_GETTING_WORSE,
        Trend.NO_SIGNIFICANT_CHANGE,
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 1000), min_size=5, max_size=5).map(sorted),
        min_size=1,
        max_size=10,
    )
)
def test_a_vectorised_trend_equals_row_by_row_calls(rows):
    x = np.array(rows, dtype=float)
    n = np.full(5, 1000.0)
    together = recent_trend(x, n, polarity=HIGHER)
    assert list(together) == [int(recent_trend(row, n, polarity=HIGHER)) for row in x]
    for row, chi2 in zip(x, trend_statistic(x, n)[0], strict=True):
        expected = chi2_by_hand(row, n) if 0 < row.sum() < n.sum() else math.nan
        assert chi2 == pytest.approx(expected, rel=1e-9, nan_ok=True)
