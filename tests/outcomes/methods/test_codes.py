"""The integer codes are an interface: dashboards and stored results depend on their values."""

import numpy as np
import pytest

from joinedup.outcomes.methods import (
    Assurance,
    Comparison,
    PlanStatus,
    Rating,
    Signal,
    Trend,
    Variation,
)

CODES = {
    Comparison: [
        "not_compared",
        "better",
        "similar",
        "worse",
        "best",
        "worst",
        "higher",
        "lower",
    ],
    Trend: [
        "cannot_be_calculated",
        "no_significant_change",
        "increasing_getting_better",
        "increasing_getting_worse",
        "decreasing_getting_better",
        "decreasing_getting_worse",
        "increasing",
        "decreasing",
    ],
    Variation: [
        "not_assessed",
        "common_cause",
        "improving_high",
        "improving_low",
        "concerning_high",
        "concerning_low",
        "neither_high",
        "neither_low",
    ],
    Assurance: ["not_assessed", "consistently_passes", "hit_and_miss", "consistently_fails"],
    PlanStatus: ["not_assessed", "within_limits", "above_limits", "below_limits"],
    Rating: ["not_rated", "outstanding", "advanced", "making_progress", "needs_most_improvement"],
}


@pytest.mark.parametrize("enum", list(CODES), ids=lambda enum: enum.__name__)
def test_each_code_keeps_its_label(enum):
    assert {member.code: str(member) for member in enum} == dict(enumerate(CODES[enum]))
    assert list(enum.decode(np.arange(len(enum), dtype=np.int8))) == list(enum)
    assert enum.from_code(0).code == 0


def test_signal_bits():
    assert [int(bit) for bit in Signal] == [1, 2, 4, 8]
    assert [bit.name for bit in Signal] == ["OUTSIDE_LIMITS", "SHIFT", "TREND", "TWO_OF_THREE"]
