"""Labels of the categorical results, and the small integer codes the methods return for them.

Every categorical method returns an ``int8`` array of codes, one per row, so a call over
10 million rows returns 10 MB rather than an array of strings. Code ``k`` is the ``k``-th member
of the matching enum in the order defined here, and code 0 always means "no result" (not
compared, cannot be calculated, not assessed, not rated), so ``np.zeros(shape, np.int8)`` is a
valid "nothing known" array. Convert with ``Comparison.BETTER.code`` (label to code) and
``Comparison.decode(codes)`` (codes to an object array of labels); the labels are ``StrEnum``
members, so they compare equal to their string values and store in ``TextChoices`` fields.

The codes are part of the interface: append new members, never reorder.
"""

from enum import IntFlag, StrEnum
from functools import cache
from typing import Self

import numpy as np
from numpy.typing import ArrayLike


class Polarity(StrEnum):
    """Whether higher values of an indicator are better, worse or neither (an input, not a code)."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NO_JUDGEMENT = "no_judgement"


@cache
def _members(enum: type) -> tuple:
    return tuple(enum)


class CodedEnum(StrEnum):
    """A label whose position in its enum is the integer code the methods return."""

    @property
    def code(self) -> int:
        return _members(type(self)).index(self)

    @classmethod
    def decode(cls, codes: ArrayLike) -> np.ndarray:
        """The labels of an array of codes, as an object array of members (one member for a
        scalar or 0-d code)."""
        return np.asarray(_members(cls), dtype=object)[np.asarray(codes)]

    @classmethod
    def from_code(cls, code: int) -> Self:
        return _members(cls)[code]


def code_table(*rows: tuple[CodedEnum, ...]) -> np.ndarray:
    """An ``int8`` lookup table of the codes of the given members, one row per tuple."""
    return np.array([[member.code for member in row] for row in rows], dtype=np.int8)


class Comparison(CodedEnum):
    """A value against a benchmark or a target (codes 0–7)."""

    NOT_COMPARED = "not_compared"  # 0: no valid value, interval, benchmark or target
    BETTER = "better"  # 1
    SIMILAR = "similar"  # 2
    WORSE = "worse"  # 3
    BEST = "best"  # 4: two-level comparison, beyond the 99.8% limit
    WORST = "worst"  # 5: two-level comparison, beyond the 99.8% limit
    HIGHER = "higher"  # 6: significantly higher, with no judgement of polarity
    LOWER = "lower"  # 7: significantly lower, with no judgement of polarity


class Trend(CodedEnum):
    """The recent trend of a proportion over its five latest periods (codes 0–7)."""

    CANNOT_BE_CALCULATED = "cannot_be_calculated"  # 0
    NO_SIGNIFICANT_CHANGE = "no_significant_change"  # 1
    INCREASING_GETTING_BETTER = "increasing_getting_better"  # 2
    INCREASING_GETTING_WORSE = "increasing_getting_worse"  # 3
    DECREASING_GETTING_BETTER = "decreasing_getting_better"  # 4
    DECREASING_GETTING_WORSE = "decreasing_getting_worse"  # 5
    INCREASING = "increasing"  # 6: no judgement of polarity
    DECREASING = "decreasing"  # 7: no judgement of polarity


class Variation(CodedEnum):
    """A Making Data Count variation icon, for one point or a series' latest point (codes 0–7)."""

    NOT_ASSESSED = "not_assessed"  # 0: missing point, or too few points for limits
    COMMON_CAUSE = "common_cause"  # 1
    IMPROVING_HIGH = "improving_high"  # 2: special cause, high values, higher is better
    IMPROVING_LOW = "improving_low"  # 3: special cause, low values, lower is better
    CONCERNING_HIGH = "concerning_high"  # 4: special cause, high values, lower is better
    CONCERNING_LOW = "concerning_low"  # 5: special cause, low values, higher is better
    NEITHER_HIGH = "neither_high"  # 6: special cause, high values, no judgement
    NEITHER_LOW = "neither_low"  # 7: special cause, low values, no judgement


class Assurance(CodedEnum):
    """A Making Data Count assurance icon: the process limits against a target (codes 0–3)."""

    NOT_ASSESSED = "not_assessed"  # 0: no target, no limits, or no judgement of polarity
    CONSISTENTLY_PASSES = "consistently_passes"  # 1
    HIT_AND_MISS = "hit_and_miss"  # 2
    CONSISTENTLY_FAILS = "consistently_fails"  # 3


class PlanStatus(CodedEnum):
    """The latest actual against the process limits around its planned value (codes 0–3)."""

    NOT_ASSESSED = "not_assessed"  # 0
    WITHIN_LIMITS = "within_limits"  # 1
    ABOVE_LIMITS = "above_limits"  # 2
    BELOW_LIMITS = "below_limits"  # 3


class Rating(CodedEnum):
    """The four ratings of NHS England's 2017 STP progress dashboard (codes 0–4)."""

    NOT_RATED = "not_rated"  # 0: nothing scored
    OUTSTANDING = "outstanding"  # 1
    ADVANCED = "advanced"  # 2
    MAKING_PROGRESS = "making_progress"  # 3
    NEEDS_MOST_IMPROVEMENT = "needs_most_improvement"  # 4


class Signal(IntFlag):
    """The special-cause rules a point of an XmR chart breaks, as bits of a ``uint8``."""

    OUTSIDE_LIMITS = 1
    SHIFT = 2
    TREND = 4
    TWO_OF_THREE = 8
