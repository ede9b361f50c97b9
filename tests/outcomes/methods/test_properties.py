"""Properties that hold for every input: limits bracket the value, 99.8% contains 95%, a
vectorised call equals element-wise calls, and invalid rows give NaN."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from joinedup.outcomes.methods import (
    byars,
    crude_rate,
    dsr,
    exact_poisson,
    isr,
    mean_ci,
    poisson_interval,
    proportion,
    wilson,
)

SETTINGS = settings(max_examples=200, deadline=None)
TOLERANCE = 1e-9


@st.composite
def counts_of(draw, *, max_n=10**7, fractional=False):
    n = draw(st.integers(1, max_n))
    x = draw(st.floats(0, n) if fractional else st.integers(0, n))
    return float(x), float(n)


counts = st.floats(0, 1e7, allow_nan=False)
populations = st.floats(1, 1e8, allow_nan=False)


@SETTINGS
@given(counts_of(fractional=True))
def test_wilson_limits_bracket_the_proportion_within_zero_and_one(case):
    x, n = case
    value, lower, upper = proportion(x, n)
    assert -TOLERANCE <= lower <= value + TOLERANCE
    assert value - TOLERANCE <= upper <= 1 + TOLERANCE


@SETTINGS
@given(counts)
def test_count_limits_bracket_the_count(observed):
    for method in (exact_poisson, poisson_interval):
        lower, upper = method(observed)
        assert lower <= observed * (1 + TOLERANCE) and upper >= observed
    lower, upper = byars(observed)
    assert np.isnan(lower) or lower <= observed * (1 + TOLERANCE)
    assert upper >= observed


@SETTINGS
@given(counts, populations)
def test_crude_rate_limits_bracket_the_rate(x, n):
    value, lower, upper = crude_rate(x, n)
    assert lower <= value * (1 + TOLERANCE) and upper >= value * (1 - TOLERANCE)


@SETTINGS
@given(counts_of(fractional=True))
def test_the_99_8_percent_wilson_interval_contains_the_95_percent_one(case):
    narrow, wide = wilson(*case), wilson(*case, confidence=0.998)
    assert wide[0] <= narrow[0] + TOLERANCE and wide[1] >= narrow[1] - TOLERANCE


@SETTINGS
@given(counts)
def test_the_99_8_percent_count_interval_contains_the_95_percent_one(observed):
    for method in (exact_poisson, poisson_interval):
        narrow, wide = method(observed), method(observed, confidence=0.998)
        assert wide[0] <= narrow[0] * (1 + TOLERANCE) and wide[1] >= narrow[1] * (1 - TOLERANCE)


@SETTINGS
@given(st.floats(-1e6, 1e6), st.floats(0, 1e4), st.integers(2, 10**6))
def test_the_99_8_percent_mean_interval_contains_the_95_percent_one(mean, sd, n):
    narrow, wide = mean_ci(mean, sd, n), mean_ci(mean, sd, n, confidence=0.998)
    assert wide[0] <= narrow[0] <= mean <= narrow[1] <= wide[1]


def _rows(strategy):
    return st.lists(strategy, min_size=1, max_size=20)


@SETTINGS
@given(_rows(counts_of(max_n=10**5, fractional=True)))
def test_a_vectorised_wilson_equals_element_wise_calls(rows):
    x, n = np.array(rows).T
    lower, upper = wilson(x, n, confidence=0.998, multiplier=100)
    one_by_one = np.array([wilson(xi, ni, confidence=0.998, multiplier=100) for xi, ni in rows])
    assert_allclose(np.stack([lower, upper], axis=1), one_by_one, rtol=1e-14)


@SETTINGS
@given(_rows(st.tuples(counts, populations)))
def test_a_vectorised_crude_rate_equals_element_wise_calls(rows):
    x, n = np.array(rows).T
    together = np.stack(crude_rate(x, n), axis=1)
    one_by_one = np.array([crude_rate(xi, ni) for xi, ni in rows])
    assert_allclose(together, one_by_one, rtol=1e-13)


@SETTINGS
@given(_rows(st.tuples(st.lists(st.integers(0, 500), min_size=3, max_size=3))))
def test_vectorised_dsr_and_isr_equal_row_by_row_calls(rows):
    x = np.array([row[0] for row in rows], dtype=float)
    n = np.full(3, 10_000.0)
    weights = [1, 2, 3]
    together = np.stack(dsr(x, n, weights=weights), axis=1)
    one_by_one = np.array([dsr(row, n, weights=weights) for row in x])
    assert_allclose(together, one_by_one, rtol=1e-13)
    ratios = np.stack(isr(x.sum(1), n, [5, 10, 20], [1e4, 1e4, 1e4]), axis=1)
    one_by_one = np.array([isr(total, n, [5, 10, 20], [1e4, 1e4, 1e4]) for total in x.sum(1)])
    assert_allclose(ratios, one_by_one, rtol=1e-13)


invalid_proportions = st.one_of(
    st.tuples(st.floats(-1e6, -1e-9), st.floats(1, 1e6)),  # negative count
    st.tuples(st.floats(0, 1e6), st.floats(-1e6, 0)),  # denominator not positive
    st.tuples(st.floats(1, 1e6), st.floats(1, 1e6)).filter(lambda c: c[0] > c[1]),  # x > n
    st.tuples(st.just(np.nan), st.floats(1, 1e6)),
    st.tuples(st.floats(0, 1), st.just(np.nan)),
)


@SETTINGS
@given(invalid_proportions)
def test_an_invalid_proportion_gives_nan_in_a_row_of_valid_ones(case):
    x, n = np.array([case[0], 1, 2]), np.array([case[1], 2, 4])
    lower, upper = wilson(x, n)
    assert np.isnan(lower[0]) and np.isnan(upper[0])
    assert not np.isnan(lower[1:]).any() and not np.isnan(upper[1:]).any()


@SETTINGS
@given(st.one_of(st.floats(-1e9, -1e-9), st.just(np.nan)), populations)
def test_an_invalid_count_gives_nan_for_every_rate(x, n):
    assert np.isnan(crude_rate(x, n)).all()
    assert np.isnan(poisson_interval(x)).all()
    assert np.isnan(isr(x, [n], [1], [10])).all()
