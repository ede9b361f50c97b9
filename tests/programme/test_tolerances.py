"""Tolerance status, table-driven: green within, amber past 75% or needing action, red beyond."""

from decimal import Decimal as D

import pytest

from joinedup.programme.tolerances import Rag, dimension_status, worst

CASES = [
    # deviation, tolerance, needs action, amber share, status
    (D("0"), D("10"), False, D("0.75"), Rag.GREEN),
    (D("-5"), D("10"), False, D("0.75"), Rag.GREEN),  # ahead of plan
    (D("7.5"), D("10"), False, D("0.75"), Rag.GREEN),  # exactly at the share: not past it
    (D("7.51"), D("10"), False, D("0.75"), Rag.AMBER),
    (D("10"), D("10"), False, D("0.75"), Rag.AMBER),  # at the tolerance: within it
    (D("10.01"), D("10"), False, D("0.75"), Rag.RED),
    (D("2"), D("10"), True, D("0.75"), Rag.AMBER),  # within only with action
    (D("11"), D("10"), True, D("0.75"), Rag.RED),
    (D("6"), D("10"), False, D("0.5"), Rag.AMBER),  # a stricter programme setting
    (D("0"), D("0"), False, D("0.75"), Rag.GREEN),  # zero tolerance, on plan
    (D("0.01"), D("0"), False, D("0.75"), Rag.RED),
]


@pytest.mark.parametrize(("deviation", "tolerance", "action", "share", "expected"), CASES)
def test_dimension_status(deviation, tolerance, action, share, expected):
    status = dimension_status(
        forecast_deviation=deviation, tolerance=tolerance, needs_action=action, amber_share=share
    )
    assert status == expected


def test_a_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="negative"):
        dimension_status(forecast_deviation=D(0), tolerance=D(-1))


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], Rag.GREEN),
        ([Rag.GREEN, Rag.GREEN], Rag.GREEN),
        ([Rag.GREEN, Rag.AMBER], Rag.AMBER),
        ([Rag.AMBER, Rag.RED, Rag.GREEN], Rag.RED),
    ],
)
def test_overall_is_the_worst_dimension(statuses, expected):
    assert worst(statuses) == expected
