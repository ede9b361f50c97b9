"""A value against a benchmark (the Fingertips default) or against a target.

Each function returns an ``int8`` array of ``Comparison`` codes (see ``codes.py``): 0 not
compared, 1 better, 2 similar, 3 worse, 4 best, 5 worst, 6 higher, 7 lower. ``polarity`` is a
``Polarity`` (or its string value), or an array of them broadcasting against the values. A NaN
in a row's value, 95% limits, benchmark or target gives ``NOT_COMPARED``, never an exception.
"""

import numpy as np
from numpy.typing import ArrayLike

from ._common import as_float, lookup, polarity_sign
from .codes import Comparison as C
from .codes import code_table

# The code of each state of a row, by polarity. States: 0 not comparable, 1 similar,
# 2 significantly higher, 3 significantly lower, 4 higher beyond the 99.8% limit, 5 lower beyond it.
_CODES = code_table(
    (C.NOT_COMPARED, C.SIMILAR, C.BETTER, C.WORSE, C.BEST, C.WORST),  # higher is better
    (C.NOT_COMPARED, C.SIMILAR, C.WORSE, C.BETTER, C.WORST, C.BEST),  # lower is better
    (C.NOT_COMPARED, C.SIMILAR, C.HIGHER, C.LOWER, C.HIGHER, C.LOWER),  # no judgement
)


def _state(valid: np.ndarray, higher: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """1 similar, 2 higher, 3 lower, or 0 where not valid (``higher`` and ``lower`` exclusive)."""
    state = np.add(higher, 1, dtype=np.int8)
    state += lower
    state += lower
    state *= valid
    return state


def _outside(benchmark: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    return (benchmark < lower) | (benchmark > upper)


def compare_to_benchmark(
    value: ArrayLike,
    lower: ArrayLike,
    upper: ArrayLike,
    benchmark: ArrayLike,
    *,
    polarity: ArrayLike,
) -> np.ndarray:
    """Better, similar or worse than a benchmark by the 95% interval (``lower``, ``upper``).

    Similar when ``lower ≤ benchmark ≤ upper`` (inclusive); otherwise better or worse by the
    value's side of the benchmark and the polarity, or higher/lower with no judgement. Not
    compared when the value, either limit or the benchmark is NaN.
    """
    value, lower, upper, benchmark = (as_float(a) for a in (value, lower, upper, benchmark))
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(value + lower + upper + benchmark)
    outside = _outside(benchmark, lower, upper)
    below = value < benchmark
    return lookup(_CODES, polarity, _state(valid, outside & ~below, outside & below))


def compare_to_benchmark_two_level(
    value: ArrayLike,
    lower_95: ArrayLike,
    upper_95: ArrayLike,
    lower_998: ArrayLike,
    upper_998: ArrayLike,
    benchmark: ArrayLike,
    *,
    polarity: ArrayLike,
) -> np.ndarray:
    """Similar inside the 95% interval, better/worse outside it, best/worst outside the 99.8% one.

    With no judgement of polarity both levels give higher/lower. A missing 99.8% limit (Byar's
    lower limit for a small count, say) only forgoes best/worst: the row is still compared at 95%.
    """
    value, benchmark = as_float(value), as_float(benchmark)
    lower_95, upper_95 = as_float(lower_95), as_float(upper_95)
    lower_998, upper_998 = as_float(lower_998), as_float(upper_998)
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(value + lower_95 + upper_95 + benchmark)
    outside = _outside(benchmark, lower_95, upper_95)
    below = value < benchmark
    state = _state(valid, outside & ~below, outside & below)
    beyond = _outside(benchmark, lower_998, upper_998) & outside
    state += 2 * beyond.astype(np.int8)
    return lookup(_CODES, polarity, state)


def compare_to_target(
    value: ArrayLike,
    target: ArrayLike,
    *,
    polarity: ArrayLike,
    lower: ArrayLike | None = None,
    upper: ArrayLike | None = None,
    target_upper: ArrayLike | None = None,
) -> np.ndarray:
    """Better, similar or worse against a target, a target with intervals, or a range target.

    - Single value, higher is better: better when ``value ≥ target``, else worse; lower is better:
      better when ``value ≤ target``, else worse; no judgement: higher, similar (equal) or lower.
    - With ``lower`` and ``upper`` (the 95% interval): better when the whole interval meets the
      target (``lower ≥ target``; lower is better: ``upper ≤ target``), worse when none of it does
      (``upper < target``; ``lower > target``), otherwise similar.
    - With ``target_upper``, a range target ``[target, target_upper)``: worse below ``target``,
      better at or above ``target_upper``, similar between; mirrored for lower is better (better at
      or below ``target``, worse above ``target_upper``).

    Intervals and a range combine: better when the whole interval meets the better end of the
    range, worse when none of it reaches the other end. Not compared when anything given is NaN
    or ``target_upper < target``.
    """
    value, target = as_float(value), as_float(target)
    low = value if lower is None else as_float(lower)
    high = value if upper is None else as_float(upper)
    top = target if target_upper is None else as_float(target_upper)
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(value + low + high + target + top) & (top >= target)
    sign = polarity_sign(polarity)
    # Reaching a target counts for the side where it is good: ≥ when higher is better, ≤ when lower.
    above = (low > top) | ((low == top) & (sign > 0))
    below = (high < target) | ((high == target) & (sign < 0))
    return lookup(_CODES, polarity, _state(valid, above, below))
