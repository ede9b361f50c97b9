"""Indicator methods (Fingertips and Making Data Count) as pure, vectorised NumPy; no Django.

Conventions, shared by every function:

- Inputs are array-likes (NumPy arrays, lists, scalars) that broadcast together; outputs are
  NumPy arrays (0-d for scalar inputs). Intervals return ``(lower, upper)``; rates and ratios
  return ``(value, lower, upper)``.
- ``confidence`` is 0.95 by default (or 0.998); ``z = Φ⁻¹(c + (1 − c)/2)`` is computed exactly.
  Rates take a ``multiplier`` (100,000 for rates, 1 or 100 for proportions and ratios).
- Invalid rows (``n ≤ 0``, ``x > n`` for a proportion, negative counts, NaN) give NaN — or code 0
  for categorical results — and never raise, so one bad row cannot fail a call over 10 million.
  Only programming errors raise ``ValueError``: a confidence outside (0, 1), an unknown polarity.
- Categorical results are ``int8`` codes; ``codes.py`` lists them, and each enum converts
  (``Comparison.BETTER.code``, ``Comparison.decode(codes)``). Code 0 always means "no result".
"""

from ._common import z_value
from .codes import (
    Assurance,
    Comparison,
    PlanStatus,
    Polarity,
    Rating,
    Signal,
    Trend,
    Variation,
)
from .comparisons import compare_to_benchmark, compare_to_benchmark_two_level, compare_to_target
from .intervals import (
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
)
from .ratings import (
    SEGMENTATION,
    SPINE_COUNTS,
    RatingScheme,
    Rollup,
    band_scores,
    count_comparisons,
    roll_up,
    score_comparisons,
)
from .spc import (
    PlanComparison,
    XmR,
    against_plan,
    assurance_icon,
    point_variation,
    variation_icon,
    xmr,
)
from .trend import recent_trend, trend_statistic

__all__ = [
    "ESP2013",
    "SEGMENTATION",
    "SPINE_COUNTS",
    "Assurance",
    "Comparison",
    "PlanComparison",
    "PlanStatus",
    "Polarity",
    "Rating",
    "RatingScheme",
    "Rollup",
    "Signal",
    "Trend",
    "Variation",
    "XmR",
    "against_plan",
    "assurance_icon",
    "band_scores",
    "byars",
    "compare_to_benchmark",
    "compare_to_benchmark_two_level",
    "compare_to_target",
    "count_comparisons",
    "crude_rate",
    "dsr",
    "exact_poisson",
    "isr",
    "mean_ci",
    "point_variation",
    "poisson_interval",
    "proportion",
    "recent_trend",
    "roll_up",
    "score_comparisons",
    "trend_statistic",
    "variation_icon",
    "wilson",
    "xmr",
    "z_value",
]
