"""The recent trend of a proportion: the Fingertips chi-squared test for trend over five periods.

Inputs hold one period per position of their last axis, oldest first; the last five positions
are the five most recent consecutive periods (mark a missing period with NaN). ``recent_trend``
returns an ``int8`` array of ``Trend`` codes (see ``codes.py``): 0 cannot be calculated, 1 no
significant change, 2/3 increasing and getting better/worse, 4/5 decreasing and getting
better/worse, 6/7 increasing/decreasing with no judgement of polarity.
"""

import numpy as np
from numpy.typing import ArrayLike

from ._common import as_float, lookup
from .codes import Trend as T
from .codes import code_table

POINTS = 5
THRESHOLD = 9.54953570608324
"""χ²₁ at 99.8%: (Φ⁻¹(0.999))². A trend is significant when χ² exceeds it."""

_T = np.arange(1.0, POINTS + 1)

# The code of each state of a row, by polarity. States: 0 cannot be calculated, 1 no significant
# change, 2 increasing, 3 decreasing.
_NO_TREND = (T.CANNOT_BE_CALCULATED, T.NO_SIGNIFICANT_CHANGE)
_CODES = code_table(
    (*_NO_TREND, T.INCREASING_GETTING_BETTER, T.DECREASING_GETTING_WORSE),  # higher is better
    (*_NO_TREND, T.INCREASING_GETTING_WORSE, T.DECREASING_GETTING_BETTER),  # lower is better
    (*_NO_TREND, T.INCREASING, T.DECREASING),  # no judgement
)


def _slope_weights() -> np.ndarray:
    """Least-squares slope on t as weights over the five points: all of them, then each left out."""
    keep = np.vstack([np.ones(POINTS, bool), ~np.eye(POINTS, dtype=bool)])
    centred = np.where(keep, _T - (keep @ _T / keep.sum(1))[:, None], 0.0)
    return centred / (centred**2).sum(1, keepdims=True)


_SLOPES = _slope_weights()


def _recent(x: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The last five periods of ``x`` and ``n``, and whether all five are valid."""
    x, n = np.broadcast_arrays(as_float(x), as_float(n))
    if x.shape[-1] < POINTS:
        nan = np.full((*x.shape[:-1], POINTS), np.nan)
        return nan, nan, np.zeros(x.shape[:-1], bool)
    x, n = x[..., -POINTS:], n[..., -POINTS:]
    return x, n, np.all((n > 0) & (x >= 0) & (x <= n), axis=-1)


def trend_statistic(x: ArrayLike, n: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """χ² for trend and the slope of ``x/n`` per period over the last five periods: (chi2, slope).

    With ``t = 1..5``, ``N = Σn``, ``R = Σx``:
    ``χ² = N·(N·Σx·t − R·Σn·t)² / (R·(N − R)·(N·Σn·t² − (Σn·t)²))``; the slope, weighted by ``n``,
    is ``(N·Σx·t − R·Σn·t) / (N·Σn·t² − (Σn·t)²)``. NaN with fewer than five periods, any invalid
    period (``n ≤ 0``, ``x < 0``, ``x > n``, NaN), or no variation at all (``R = 0`` or ``R = N``).
    """
    x, n, valid = _recent(x, n)
    total_n, total_x = n.sum(-1), x.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        numerator = total_n * (x @ _T) - total_x * (n @ _T)
        spread = total_n * (n @ _T**2) - (n @ _T) ** 2
        chi2 = total_n * numerator**2 / (total_x * (total_n - total_x) * spread)
        slope = numerator / spread
    chi2, slope = np.where(valid, chi2, np.nan), np.where(valid, slope, np.nan)
    return chi2, slope


def _logit_slopes_agree(x: np.ndarray, n: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Whether the slope of log(x/(n−x)) on t keeps ``direction`` with each point left out.

    A slope that needs a point with ``x = 0`` or ``x = n`` (infinite log-odds) cannot be
    computed and so cannot disagree; the others must all have the sign of ``direction`` (a flat
    slope does not keep it).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        log_odds = np.log(x / (n - x))
    finite = np.isfinite(log_odds)
    log_odds = np.where(finite, log_odds, 0.0)
    slopes = log_odds @ _SLOPES.T
    # A flat slope must come out as 0, whatever the rounding of the summation order.
    rounding = 1e-12 * (1 + np.abs(log_odds).max(-1, keepdims=True))
    slopes[np.abs(slopes) <= rounding] = 0
    usable = (~finite).astype(np.float64) @ (_SLOPES != 0).T == 0
    return np.all((np.sign(slopes) == direction[..., None]) | ~usable, axis=-1)


def recent_trend(x: ArrayLike, n: ArrayLike, *, polarity: ArrayLike) -> np.ndarray:
    """``Trend`` codes for the last five periods of ``x`` of ``n`` (last axis, oldest first).

    Significant when χ² > 9.5495 (99.8%) and, as Fingertips also requires, the slope of the
    log-odds keeps its sign when each point is left out. Increasing or decreasing by the sign of
    the slope; getting better or worse by ``polarity`` (scalar, or one per row).
    """
    x, n, valid = _recent(x, n)
    chi2, slope = trend_statistic(x, n)
    direction = np.sign(np.nan_to_num(slope)).astype(np.int8)
    significant = (chi2 > THRESHOLD) & _logit_slopes_agree(x, n, direction)
    state = valid.astype(np.int8)
    state += significant
    state += significant & (direction < 0)
    return lookup(_CODES, polarity, state)
