"""Confidence intervals against independent oracles, hand-worked values and published examples."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from joinedup.outcomes.methods import (
    ESP2013,
    byars,
    crude_rate,
    dsr,
    exact_poisson,
    isr,
    mean_ci,
    poisson_interval,
    proportion,
    wilson,
    z_value,
)

CONFIDENCES = [0.95, 0.998]


def test_z_values_are_exact_not_rounded():
    assert z_value(0.95) == pytest.approx(1.959963984540054, abs=1e-15)
    assert z_value(0.998) == pytest.approx(3.090232306167813, abs=1e-15)


@pytest.mark.parametrize("confidence", [0, 1, 1.5, -0.1, 95])
def test_a_confidence_outside_zero_to_one_is_a_programming_error(confidence):
    with pytest.raises(ValueError, match="confidence"):
        wilson(1, 2, confidence=confidence)


WILSON_CASES = [(0, 1), (0, 100), (1, 1), (65, 100), (1045, 5000), (3, 7), (99, 100), (1, 10**7)]


@pytest.mark.parametrize("confidence", CONFIDENCES)
@pytest.mark.parametrize(("x", "n"), WILSON_CASES)
def test_wilson_matches_scipy_binomtest(x, n, confidence):
    expected = stats.binomtest(x, n).proportion_ci(confidence_level=confidence, method="wilson")
    lower, upper = wilson(x, n, confidence=confidence)
    assert_allclose([lower, upper], [expected.low, expected.high], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_wilson_matches_statsmodels_including_fractional_counts(confidence):
    x = np.array([65, 1045, 0.445, 0, 12.5, 7])
    n = np.array([100, 5000, 1, 3, 40, 7])
    lower, upper = wilson(x, n, confidence=confidence)
    expected = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
    assert_allclose(lower, expected[0], atol=1e-14)
    assert_allclose(upper, expected[1], atol=1e-14)


def test_wilson_is_the_formula_of_the_methods_by_hand():
    z = 1.959963984540054
    x, n = 65, 100
    root = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    expected = [
        (2 * x + z * z - root) / (2 * (n + z * z)),
        (2 * x + z * z + root) / (2 * (n + z * z)),
    ]
    assert_allclose(wilson(x, n), expected, rtol=1e-14)
    assert_allclose(wilson(x, n, multiplier=100), np.multiply(expected, 100), rtol=1e-14)


def test_proportion_returns_the_value_with_its_wilson_limits_in_percent():
    value, lower, upper = proportion(65, 100, multiplier=100)
    assert value == 65
    assert_allclose([lower, upper], [55.2544, 73.6358], atol=5e-5)


@pytest.mark.parametrize(
    ("x", "n"),
    [(5, 0), (5, -1), (-1, 10), (11, 10), (np.nan, 10), (5, np.nan)],
    ids=["n zero", "n negative", "x negative", "x above n", "x nan", "n nan"],
)
def test_wilson_and_proportion_give_nan_for_an_invalid_row_without_spoiling_the_others(x, n):
    lower, upper = wilson([x, 5], [n, 10])
    assert np.isnan(lower[0]) and np.isnan(upper[0])
    assert_allclose([lower[1], upper[1]], wilson(5, 10))
    assert np.isnan(proportion(x, n)).all()


# Byar's and the exact method for 65 events in a population of 100 (rate per 100): the worked
# example of PHE's spreadsheet tool for common statistics, quoted to 4 decimal places.
def test_rate_limits_match_the_published_worked_example_for_65_events():
    assert_allclose(byars(65), [50.1632, 82.8491], atol=5e-5)
    assert_allclose(exact_poisson(65), [50.1656, 82.8478], atol=5e-5)
    assert_allclose(crude_rate(65, 100, multiplier=100), [65, 50.1632, 82.8491], atol=5e-5)


@pytest.mark.parametrize("confidence", CONFIDENCES)
@pytest.mark.parametrize("observed", [10, 11, 65, 1045, 123456.5])
def test_byars_is_the_formula_of_the_methods_by_hand(observed, confidence):
    z = z_value(confidence)
    o = observed
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    assert_allclose(byars(observed, confidence=confidence), [lower, upper], rtol=1e-13)


def test_byars_lower_limit_is_missing_when_negative_or_undefined():
    lower, upper = byars([0, 1, 1], confidence=0.998)
    assert np.isnan(lower[0]) and np.isnan(lower[1])  # O = 0 undefined, O = 1 negative
    assert upper[0] > 0 and upper[1] > 1
    assert byars(1)[0] > 0  # at 95% the lower limit of 1 is still positive


@pytest.mark.parametrize("confidence", CONFIDENCES)
@pytest.mark.parametrize("observed", [0, 1, 2, 5, 9, 9.5, 10, 65, 1000])
def test_exact_poisson_matches_scipy_chi2_ppf(observed, confidence):
    tail = (1 - confidence) / 2
    lower = 0 if observed == 0 else stats.chi2.ppf(tail, 2 * observed) / 2
    upper = stats.chi2.ppf(1 - tail, 2 * observed + 2) / 2
    assert_allclose(exact_poisson(observed, confidence=confidence), [lower, upper], rtol=1e-10)


def test_poisson_interval_is_exact_below_ten_and_byars_from_ten():
    counts = np.array([0, 9, 9.99, 10, 11, 500])
    lower, upper = poisson_interval(counts)
    exact, approximate = exact_poisson(counts), byars(counts)
    small = counts < 10
    assert_allclose(lower[small], exact[0][small])
    assert_allclose(upper[small], exact[1][small])
    assert_allclose(lower[~small], approximate[0][~small])
    assert_allclose(upper[~small], approximate[1][~small])


@pytest.mark.parametrize("bad", [-1, np.nan])
def test_counts_that_are_negative_or_missing_give_nan(bad):
    for method in (byars, exact_poisson, poisson_interval):
        lower, upper = method([bad, 20])
        assert np.isnan(lower[0]) and np.isnan(upper[0])
        assert not np.isnan(lower[1])


def test_crude_rate_scales_the_count_limits_by_the_population():
    value, lower, upper = crude_rate([5, 250], [20_000, 1_000_000])
    expected_lower, expected_upper = poisson_interval([5, 250])
    assert_allclose(value, [25, 25])
    assert_allclose(lower, expected_lower / [20_000, 1_000_000] * 100_000)
    assert_allclose(upper, expected_upper / [20_000, 1_000_000] * 100_000)


def test_crude_rate_allows_more_events_than_people_but_not_an_empty_population():
    value, lower, upper = crude_rate([300, 3, -1], [100, 0, 100], multiplier=1)
    assert value[0] == 3 and lower[0] < 3 < upper[0]
    assert np.isnan([value[1:], lower[1:], upper[1:]]).all()


def _dsr_by_hand(x, n, w, confidence=0.95, multiplier=100_000):
    observed = sum(x)
    rate = sum(xi * wi / ni for xi, ni, wi in zip(x, n, w, strict=True)) / sum(w)
    variance = sum(xi * (wi / ni) ** 2 for xi, ni, wi in zip(x, n, w, strict=True)) / sum(w) ** 2
    z = z_value(confidence)
    o_lower = observed * (1 - 1 / (9 * observed) - z / (3 * math.sqrt(observed))) ** 3
    o_upper = (observed + 1) * (
        1 - 1 / (9 * (observed + 1)) + z / (3 * math.sqrt(observed + 1))
    ) ** 3
    step = math.sqrt(variance / observed)
    return [
        rate * multiplier,
        (rate + step * (o_lower - observed)) * multiplier,
        (rate + step * (o_upper - observed)) * multiplier,
    ]


@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_dsr_is_dobsons_method_worked_by_hand(confidence):
    x, n, w = [10, 20, 30], [1000, 2000, 3000], [1, 2, 3]
    result = dsr(x, n, weights=w, confidence=confidence)
    assert_allclose(result, _dsr_by_hand(x, n, w, confidence), rtol=1e-12)


def test_dsr_uses_the_2013_european_standard_population_by_default():
    assert ESP2013.sum() == 100_000 and len(ESP2013) == 19
    rng = np.random.default_rng(7)
    n = rng.integers(1_000, 50_000, size=(3, 19)).astype(float)
    x = rng.integers(0, 40, size=(3, 19)).astype(float)
    value, lower, upper = dsr(x, n)
    for row in range(3):
        assert_allclose([value[row], lower[row], upper[row]], _dsr_by_hand(x[row], n[row], ESP2013))


def test_dsr_is_not_reported_below_ten_events_or_with_an_invalid_group():
    n = np.full(19, 1000.0)
    few, zero_population = np.zeros(19), np.ones(19)
    few[0] = 9
    bad_n = n.copy()
    bad_n[3] = 0
    value, lower, upper = dsr(
        np.stack([few, zero_population, np.ones(19)]), np.stack([n, bad_n, n])
    )
    assert np.isnan([value[:2], lower[:2], upper[:2]]).all()
    assert lower[2] < value[2] < upper[2]


def test_isr_is_observed_over_expected_with_count_limits_by_hand():
    # Reference rates 0.001 and 0.002 applied to 1,000 and 2,000 people: E = 1 + 4 = 5.
    value, lower, upper = isr(30, [1000, 2000], [10, 40], [10_000, 20_000])
    assert value == pytest.approx(6)
    assert_allclose([lower, upper], np.divide(byars(30), 5))
    value, lower, upper = isr(3, [1000, 2000], [10, 40], [10_000, 20_000], multiplier=100)
    assert_allclose([value, lower, upper], np.multiply([3, *exact_poisson(3)], 100 / 5))


def test_isr_is_vectorised_over_areas_and_invalid_where_expected_is_zero():
    n = np.array([[1000, 2000], [500, 500], [0, 0]])
    value, _, _ = isr([30, 4, 1], n, [10, 40], [10_000, 20_000])
    assert_allclose(value[:2], [6, 4 / 1.5])
    assert np.isnan(value[2])


@pytest.mark.parametrize("confidence", CONFIDENCES)
@pytest.mark.parametrize(("mean", "sd", "n"), [(10, 2, 30), (-3.5, 0.1, 2), (100, 15, 1000)])
def test_mean_ci_matches_scipy_t_interval(mean, sd, n, confidence):
    expected = stats.t.interval(confidence, df=n - 1, loc=mean, scale=sd / math.sqrt(n))
    assert_allclose(mean_ci(mean, sd, n, confidence=confidence), expected, rtol=1e-12)


def test_mean_ci_needs_two_observations_and_a_non_negative_sd():
    lower, upper = mean_ci([1, 1, 1, np.nan], [1, -1, 1, 1], [1, 10, 10, 10])
    assert np.isnan(lower[[0, 1, 3]]).all() and np.isnan(upper[[0, 1, 3]]).all()
    assert lower[2] < 1 < upper[2]
