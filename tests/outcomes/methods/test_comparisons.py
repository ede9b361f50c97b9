"""Every branch of the benchmark and target comparisons, table-driven."""

import numpy as np
import pytest

from joinedup.outcomes.methods import (
    Comparison,
    Polarity,
    compare_to_benchmark,
    compare_to_benchmark_two_level,
    compare_to_target,
)

HIGHER, LOWER, NONE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NO_JUDGEMENT
nan = np.nan


def label(codes):
    return Comparison.decode(codes)  # one member for a 0-d array of codes


# value, lower 95, upper 95, benchmark, polarity, expected
BENCHMARK_CASES = [
    (5, 4, 6, 3, HIGHER, Comparison.BETTER),
    (5, 4, 6, 7, HIGHER, Comparison.WORSE),
    (5, 4, 6, 3, LOWER, Comparison.WORSE),
    (5, 4, 6, 7, LOWER, Comparison.BETTER),
    (5, 4, 6, 3, NONE, Comparison.HIGHER),
    (5, 4, 6, 7, NONE, Comparison.LOWER),
    (5, 4, 6, 5, HIGHER, Comparison.SIMILAR),
    (5, 4, 6, 4, HIGHER, Comparison.SIMILAR),  # inclusive at the lower limit
    (5, 4, 6, 6, LOWER, Comparison.SIMILAR),  # inclusive at the upper limit
    (5, 4, 6, 6, NONE, Comparison.SIMILAR),
    (nan, 4, 6, 3, HIGHER, Comparison.NOT_COMPARED),
    (5, nan, 6, 3, HIGHER, Comparison.NOT_COMPARED),
    (5, 4, nan, 3, HIGHER, Comparison.NOT_COMPARED),
    (5, 4, 6, nan, HIGHER, Comparison.NOT_COMPARED),
]


@pytest.mark.parametrize(
    ("value", "lower", "upper", "benchmark", "polarity", "expected"), BENCHMARK_CASES
)
def test_compare_to_benchmark(value, lower, upper, benchmark, polarity, expected):
    assert (
        label(compare_to_benchmark(value, lower, upper, benchmark, polarity=polarity)) == expected
    )


def test_compare_to_benchmark_is_vectorised_with_a_polarity_per_row():
    columns = list(zip(*BENCHMARK_CASES, strict=True))
    codes = compare_to_benchmark(*columns[:4], polarity=list(columns[4]))
    assert codes.dtype == np.int8
    assert list(Comparison.decode(codes)) == list(columns[5])


# value, lower/upper 95, lower/upper 99.8, benchmark, polarity, expected
TWO_LEVEL_CASES = [
    (5, 4, 6, 3, 7, 5, HIGHER, Comparison.SIMILAR),
    (5, 4, 6, 3, 7, 3.5, HIGHER, Comparison.BETTER),
    (5, 4, 6, 3, 7, 3, HIGHER, Comparison.BETTER),  # on the 99.8% limit is not beyond it
    (5, 4, 6, 3, 7, 2, HIGHER, Comparison.BEST),
    (5, 4, 6, 3, 7, 6.5, HIGHER, Comparison.WORSE),
    (5, 4, 6, 3, 7, 8, HIGHER, Comparison.WORST),
    (5, 4, 6, 3, 7, 2, LOWER, Comparison.WORST),
    (5, 4, 6, 3, 7, 3.5, LOWER, Comparison.WORSE),
    (5, 4, 6, 3, 7, 6.5, LOWER, Comparison.BETTER),
    (5, 4, 6, 3, 7, 8, LOWER, Comparison.BEST),
    (5, 4, 6, 3, 7, 2, NONE, Comparison.HIGHER),
    (5, 4, 6, 3, 7, 8, NONE, Comparison.LOWER),
    (5, 4, 6, nan, 7, 2, HIGHER, Comparison.BETTER),  # no 99.8% limit: 95% still compared
    (5, nan, 6, 3, 7, 2, HIGHER, Comparison.NOT_COMPARED),
]


@pytest.mark.parametrize(
    ("value", "l95", "u95", "l998", "u998", "benchmark", "polarity", "expected"), TWO_LEVEL_CASES
)
def test_compare_to_benchmark_two_level(value, l95, u95, l998, u998, benchmark, polarity, expected):
    codes = compare_to_benchmark_two_level(
        value, l95, u95, l998, u998, benchmark, polarity=polarity
    )
    assert label(codes) == expected


# value, target, polarity, options, expected
TARGET_CASES = [
    # A single value: reaching the target counts as meeting it.
    (96, 95, HIGHER, {}, Comparison.BETTER),
    (95, 95, HIGHER, {}, Comparison.BETTER),
    (94.9, 95, HIGHER, {}, Comparison.WORSE),
    (3.0, 3.5, LOWER, {}, Comparison.BETTER),
    (3.5, 3.5, LOWER, {}, Comparison.BETTER),
    (3.6, 3.5, LOWER, {}, Comparison.WORSE),
    (96, 95, NONE, {}, Comparison.HIGHER),
    (95, 95, NONE, {}, Comparison.SIMILAR),
    (94, 95, NONE, {}, Comparison.LOWER),
    # With the 95% interval: the whole interval, none of it, or some of it meets the target.
    (93, 92, HIGHER, {"lower": 92, "upper": 94}, Comparison.BETTER),
    (91, 92, HIGHER, {"lower": 90, "upper": 91.9}, Comparison.WORSE),
    (92, 92, HIGHER, {"lower": 91, "upper": 93}, Comparison.SIMILAR),
    (91, 92, HIGHER, {"lower": 90, "upper": 92}, Comparison.SIMILAR),
    (3, 3.5, LOWER, {"lower": 2, "upper": 3.5}, Comparison.BETTER),
    (4, 3.5, LOWER, {"lower": 3.6, "upper": 4.5}, Comparison.WORSE),
    (3.5, 3.5, LOWER, {"lower": 3, "upper": 4}, Comparison.SIMILAR),
    (93, 92, NONE, {"lower": 92.5, "upper": 94}, Comparison.HIGHER),
    (93, 92, NONE, {"lower": 92, "upper": 94}, Comparison.SIMILAR),
    (93, 92, HIGHER, {"lower": nan, "upper": 94}, Comparison.NOT_COMPARED),
    # A range target [target, target_upper): below, between, at or above.
    (80, 85, HIGHER, {"target_upper": 90}, Comparison.WORSE),
    (85, 85, HIGHER, {"target_upper": 90}, Comparison.SIMILAR),
    (89.9, 85, HIGHER, {"target_upper": 90}, Comparison.SIMILAR),
    (90, 85, HIGHER, {"target_upper": 90}, Comparison.BETTER),
    (85, 85, LOWER, {"target_upper": 90}, Comparison.BETTER),
    (86, 85, LOWER, {"target_upper": 90}, Comparison.SIMILAR),
    (90, 85, LOWER, {"target_upper": 90}, Comparison.SIMILAR),
    (90.1, 85, LOWER, {"target_upper": 90}, Comparison.WORSE),
    (87, 85, NONE, {"target_upper": 90}, Comparison.SIMILAR),
    (87, 90, HIGHER, {"target_upper": 85}, Comparison.NOT_COMPARED),  # upside-down range
    # Interval and range together.
    (92, 85, HIGHER, {"target_upper": 90, "lower": 90, "upper": 94}, Comparison.BETTER),
    (89, 85, HIGHER, {"target_upper": 90, "lower": 88, "upper": 91}, Comparison.SIMILAR),
    (83, 85, HIGHER, {"target_upper": 90, "lower": 82, "upper": 84}, Comparison.WORSE),
    # Missing values.
    (nan, 95, HIGHER, {}, Comparison.NOT_COMPARED),
    (96, nan, HIGHER, {}, Comparison.NOT_COMPARED),
]


@pytest.mark.parametrize(("value", "target", "polarity", "options", "expected"), TARGET_CASES)
def test_compare_to_target(value, target, polarity, options, expected):
    assert label(compare_to_target(value, target, polarity=polarity, **options)) == expected


def test_compare_to_target_is_vectorised_over_values_and_targets():
    codes = compare_to_target([96, 90, 88], [95, 92, 85], polarity=HIGHER)
    assert list(Comparison.decode(codes)) == [
        Comparison.BETTER,
        Comparison.WORSE,
        Comparison.BETTER,
    ]


def test_an_unknown_polarity_is_a_programming_error():
    with pytest.raises(ValueError, match="Polarity"):
        compare_to_target(1, 2, polarity="higher")


def test_codes_round_trip_through_labels():
    for member in Comparison:
        assert Comparison.from_code(member.code) is member
        assert Comparison.decode(member.code) == member
    assert Comparison.NOT_COMPARED.code == 0 and Comparison.BETTER == "better"
