"""XmR charts in the manner of NHS England's "Making Data Count": limits, special causes, icons.

Inputs hold one period per position of their last axis, oldest first; any leading axes are
independent series. A NaN is a missing point: it is left out of the mean, breaks the two moving
ranges and any run it falls in, and is never flagged. A series with fewer than two points or no
moving range has NaN limits and no signals.

- ``xmr`` returns an ``XmR`` of arrays: the mean, the screened mean moving range, the process
  limits, the moving ranges, a ``Signal`` bit mask for each point and the side each special
  cause points to (+1 high, −1 low, 0 none).
- ``point_variation`` and ``variation_icon`` turn those into ``Variation`` codes (see
  ``codes.py``) by polarity; ``assurance_icon`` compares the limits with a target
  (``Assurance`` codes); ``against_plan`` compares actuals with a planned trajectory.
"""

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from ._common import as_float, lookup
from .codes import Assurance as A
from .codes import PlanStatus, Signal, code_table
from .codes import Variation as V

LIMIT = 2.66
"""Process limits are the mean ± 2.66 mean moving ranges (3σ, with σ ≈ MR̄/1.128)."""
SCREEN = 3.267
"""With screening, moving ranges above 3.267 MR̄ (the moving-range chart's limit) are dropped."""
RUN = 7
"""Points in a run on one side of the mean, or rising or falling, that make a special cause."""


class XmR(NamedTuple):
    """An XmR chart: statistics of each series (``mean`` … ``upper``, shape ``S``) and of each
    point (``values``, ``moving_range``, ``signals``, ``direction``, shape ``S + (T,)``)."""

    values: np.ndarray
    mean: np.ndarray
    mr_bar: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    moving_range: np.ndarray
    signals: np.ndarray
    direction: np.ndarray


class PlanComparison(NamedTuple):
    """Actuals against a plan: per point the variance and the limits around the plan."""

    variance: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    mr_bar: np.ndarray
    status: np.ndarray


def _nanmean(values: np.ndarray) -> np.ndarray:
    """Mean over the last axis ignoring NaN; NaN (without a warning) where all are NaN."""
    present = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(present, values, 0.0).sum(-1) / present.sum(-1))


def _mr_bar(values: np.ndarray, *, screen: bool) -> tuple[np.ndarray, np.ndarray]:
    """The moving ranges ``|x_t − x_{t−1}|`` (NaN first) and their mean, screened if asked."""
    moving_range = np.full(values.shape, np.nan)
    moving_range[..., 1:] = np.abs(np.diff(values, axis=-1))
    mr_bar = _nanmean(moving_range)
    if screen:
        with np.errstate(invalid="ignore"):
            kept = np.where(moving_range > SCREEN * mr_bar[..., None], np.nan, moving_range)
        mr_bar = _nanmean(kept)
    return moving_range, mr_bar


def _spread(windows: np.ndarray, length: int, shape: tuple[int, ...]) -> np.ndarray:
    """True for every point covered by a flagged window of ``length`` points."""
    flags = np.zeros(shape, bool)
    for offset in range(length):
        flags[..., offset : offset + windows.shape[-1]] |= windows
    return flags


def _in_run(condition: np.ndarray, length: int) -> np.ndarray:
    """True for the points inside any window of ``length`` consecutive points all meeting it."""
    if condition.shape[-1] < length:
        return np.zeros(condition.shape, bool)
    windows = sliding_window_view(condition, length, axis=-1).all(-1)
    return _spread(windows, length, condition.shape)


def _trend_direction(values: np.ndarray) -> np.ndarray:
    """+1 for points in a run of ``RUN`` rising points, −1 falling, 0 otherwise."""
    steps = np.diff(values, axis=-1)
    rising, falling = _in_run(steps > 0, RUN - 1), _in_run(steps < 0, RUN - 1)
    pad = [(0, 0)] * (values.ndim - 1)
    rising = np.pad(rising, [*pad, (0, 1)]) | np.pad(rising, [*pad, (1, 0)])
    falling = np.pad(falling, [*pad, (0, 1)]) | np.pad(falling, [*pad, (1, 0)])
    return np.where(rising, 1, np.where(falling, -1, 0)).astype(np.int8)


def _two_of_three(beyond: np.ndarray) -> np.ndarray:
    """Points beyond the two-thirds line with another one within a window of three."""
    if beyond.shape[-1] < 3:
        return np.zeros(beyond.shape, bool)
    windows = sliding_window_view(beyond, 3, axis=-1).sum(-1) >= 2
    return _spread(windows, 3, beyond.shape) & beyond


def _signals(
    values: np.ndarray, mean: np.ndarray, lower: np.ndarray, upper: np.ndarray, mr_bar: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The ``Signal`` bits of each point and the side it points to."""
    mean, lower, upper, mr_bar = (a[..., None] for a in (mean, lower, upper, mr_bar))
    with np.errstate(invalid="ignore"):
        side = np.sign(values - mean)
        near = LIMIT * 2 / 3 * mr_bar
        outside = (values > upper) | (values < lower)
        shift = _in_run(side > 0, RUN) | _in_run(side < 0, RUN)
        close = _two_of_three(values > mean + near) | _two_of_three(values < mean - near)
    rising = _trend_direction(values)
    signals = (
        outside * np.uint8(Signal.OUTSIDE_LIMITS)
        | shift * np.uint8(Signal.SHIFT)
        | (rising != 0) * np.uint8(Signal.TREND)
        | close * np.uint8(Signal.TWO_OF_THREE)
    )
    # A point beyond a limit, in a shift or near a limit points to its side of the mean; a point
    # only in a trend points the way the trend goes.
    by_side = outside | shift | close
    direction = np.where(by_side, np.nan_to_num(side), rising).astype(np.int8)
    return signals, direction


def xmr(values: ArrayLike, *, screen: bool = True) -> XmR:
    """The XmR chart of each series (last axis): mean ± 2.66·MR̄ and the special-cause signals.

    ``MR̄`` is the mean moving range; with ``screen`` (the default) moving ranges above
    ``3.267·MR̄`` are dropped and ``MR̄`` recomputed once. Signals (``Signal`` bits): a point
    outside the limits; a run of 7 or more points on one side of the mean (a point on the mean
    breaks it); 7 or more points each higher (or each lower) than the one before; 2 of 3
    consecutive points beyond two-thirds of the way to a limit on the same side (those points).
    """
    values = as_float(values)
    moving_range, mr_bar = _mr_bar(values, screen=screen)
    mean = np.where(np.isnan(mr_bar), np.nan, _nanmean(values))
    lower, upper = np.asarray(mean - LIMIT * mr_bar), np.asarray(mean + LIMIT * mr_bar)
    signals, direction = _signals(values, mean, lower, upper, mr_bar)
    return XmR(values, mean, mr_bar, lower, upper, moving_range, signals, direction)


# The code of each state of a point, by polarity. States: 0 missing (or no limits), 1 common
# cause, 2 special cause pointing low, 3 special cause pointing high.
_VARIATION = code_table(
    (V.NOT_ASSESSED, V.COMMON_CAUSE, V.CONCERNING_LOW, V.IMPROVING_HIGH),  # higher is better
    (V.NOT_ASSESSED, V.COMMON_CAUSE, V.IMPROVING_LOW, V.CONCERNING_HIGH),  # lower is better
    (V.NOT_ASSESSED, V.COMMON_CAUSE, V.NEITHER_LOW, V.NEITHER_HIGH),  # no judgement
)


def _with_points(polarity: ArrayLike) -> np.ndarray:
    """A polarity per series, shaped to broadcast against points."""
    polarity = np.asarray(polarity)
    return polarity if polarity.ndim == 0 else polarity[..., None]


def point_variation(chart: XmR, *, polarity: ArrayLike) -> np.ndarray:
    """The ``Variation`` code of every point: common cause, or special cause improving,
    concerning or neither, high or low, by the side it points to and the polarity."""
    assessed = ~np.isnan(chart.values) & ~np.isnan(chart.mr_bar)[..., None]
    state = assessed.astype(np.int8)
    special = chart.signals != 0
    state += special
    state += special & (chart.direction > 0)
    return lookup(_VARIATION, _with_points(polarity), state)


def _latest(points: np.ndarray, present: np.ndarray) -> np.ndarray:
    """The value of ``points`` at each series' last present point (0 when none is)."""
    last = present.shape[-1] - 1 - np.argmax(present[..., ::-1], axis=-1)
    latest = np.take_along_axis(points, last[..., None], axis=-1)[..., 0]
    return np.where(present.any(-1), latest, 0).astype(points.dtype)


def variation_icon(chart: XmR, *, polarity: ArrayLike) -> np.ndarray:
    """The variation icon of each series: the ``Variation`` of its latest present point."""
    return _latest(point_variation(chart, polarity=polarity), ~np.isnan(chart.values))


# The code of each state of a series, by polarity. States: 0 no target or limits, 1 target below
# the lower limit, 2 target between the limits, 3 target above the upper limit.
_ASSURANCE = code_table(
    (A.NOT_ASSESSED, A.CONSISTENTLY_PASSES, A.HIT_AND_MISS, A.CONSISTENTLY_FAILS),
    (A.NOT_ASSESSED, A.CONSISTENTLY_FAILS, A.HIT_AND_MISS, A.CONSISTENTLY_PASSES),
    (A.NOT_ASSESSED,) * 4,  # no judgement: nothing to pass or fail
)


def assurance_icon(chart: XmR, target: ArrayLike, *, polarity: ArrayLike) -> np.ndarray:
    """``Assurance`` codes: whether the process limits consistently pass or fail ``target``.

    Higher is better: consistently passes when ``target < lower``, consistently fails when
    ``target > upper``, otherwise hit and miss; mirrored for lower is better. Not assessed with
    no judgement of polarity or a NaN target or limit.
    """
    target = as_float(target)
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(target + chart.lower + chart.upper)
        state = np.where(target < chart.lower, 1, np.where(target > chart.upper, 3, 2))
    return lookup(_ASSURANCE, polarity, (state * valid).astype(np.intp))


def against_plan(actual: ArrayLike, plan: ArrayLike, *, screen: bool = True) -> PlanComparison:
    """Actuals against a planned trajectory (one planned value per period, last axis).

    ``variance`` is ``actual − plan`` for each period. The limits around the plan are
    ``plan ± 2.66·MR̄`` with ``MR̄`` the (screened) mean moving range of the variances, so a plan
    that rises or falls does not widen them. ``status`` is a ``PlanStatus`` code for each series'
    latest period with both an actual and a plan: within, above or below those limits.
    """
    actual, plan = np.broadcast_arrays(as_float(actual), as_float(plan))
    variance = actual - plan
    _, mr_bar = _mr_bar(variance, screen=screen)
    lower, upper = plan - LIMIT * mr_bar[..., None], plan + LIMIT * mr_bar[..., None]
    with np.errstate(invalid="ignore"):
        state = np.where(
            actual > upper,
            PlanStatus.ABOVE_LIMITS.code,
            np.where(actual < lower, PlanStatus.BELOW_LIMITS.code, PlanStatus.WITHIN_LIMITS.code),
        )
    present = ~np.isnan(variance)
    state = np.where(present & ~np.isnan(mr_bar)[..., None], state, 0).astype(np.int8)
    return PlanComparison(variance, lower, upper, mr_bar, _latest(state, present))
