"""Confidence intervals for proportions, counts, rates, standardised rates and ratios, and means.

Every function takes array-likes (scalars too), broadcasts them together and returns float64
arrays (0-d for scalar inputs). Invalid rows — a denominator ≤ 0, a negative count, a numerator
above its denominator where that is impossible, a NaN anywhere — give NaN in every output for that
row instead of raising, so one bad row never spoils a vectorised call over millions. Only a
confidence level outside (0, 1) raises, because that is a programming error.

Formulas are those of METHODS.md ("Confidence intervals"); ``z`` is Φ⁻¹(c + (1 − c)/2) computed
exactly with ``scipy.special.ndtri``.
"""

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import gammainccinv, gammaincinv, stdtrit

from ._common import as_float, z_value

Interval = tuple[np.ndarray, np.ndarray]
Estimate = tuple[np.ndarray, np.ndarray, np.ndarray]

EXACT_BELOW = 10
"""Counts below this use the exact Poisson interval; from here on Byar's approximation."""

ESP2013 = np.array(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000]
    + [7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000],
    dtype=np.float64,
)
"""European Standard Population 2013: ages 0–4, 5–9, …, 85–89 and 90+ (19 bands, 100,000)."""
ESP2013.flags.writeable = False


def _blank(*arrays: np.ndarray) -> np.ndarray:
    return np.empty(np.broadcast_shapes(*(a.shape for a in arrays)))


def _writeable(*arrays: ArrayLike) -> tuple[np.ndarray, ...]:
    """The arrays broadcast together, as fresh writeable float64 arrays (0-d for scalars)."""
    return tuple(np.array(a, dtype=np.float64) for a in np.broadcast_arrays(*arrays))


def _set_nan(where: np.ndarray, *outputs: np.ndarray) -> None:
    for output in outputs:
        np.copyto(output, np.nan, where=where)


def wilson(
    x: ArrayLike, n: ArrayLike, *, confidence: float = 0.95, multiplier: float = 1.0
) -> Interval:
    """Wilson score interval (no continuity correction) for ``x`` of ``n``; returns (lower, upper).

    ``L, U = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / (2(n + z²))``, times ``multiplier`` (1 or 100).
    ``x`` may be fractional. NaN where ``n ≤ 0``, ``x < 0``, ``x > n`` or an input is NaN.
    Written with preallocated buffers: it runs over tens of millions of rows.
    """
    z = z_value(confidence)
    z2 = z * z
    x, n = as_float(x), as_float(n)
    with np.errstate(all="ignore"):
        spread = np.divide(x, n, out=_blank(x, n))  # z·√(z² + 4x(1 − x/n))
        np.subtract(1.0, spread, out=spread)
        np.multiply(spread, x, out=spread)
        spread *= 4.0
        spread += z2
        np.sqrt(spread, out=spread)
        spread *= z
        centre = np.multiply(x, 2.0, out=_blank(x, n))  # 2x + z²
        centre += z2
        scale = np.add(n, z2, out=_blank(x, n))  # multiplier / (2(n + z²))
        np.divide(multiplier / 2.0, scale, out=scale)
        lower = np.subtract(centre, spread, out=_blank(x, n))
        lower *= scale
        upper = np.add(centre, spread, out=centre)
        upper *= scale
    _set_nan(~((n > 0) & (x >= 0) & (x <= n)), lower, upper)
    return lower, upper


def proportion(
    x: ArrayLike, n: ArrayLike, *, confidence: float = 0.95, multiplier: float = 1.0
) -> Estimate:
    """A proportion ``x/n × multiplier`` with its Wilson interval; returns (value, lower, upper)."""
    x, n = as_float(x), as_float(n)
    lower, upper = wilson(x, n, confidence=confidence, multiplier=multiplier)
    with np.errstate(all="ignore"):
        value = np.divide(x, n, out=_blank(x, n))
        value *= multiplier
    _set_nan(np.isnan(lower), value)
    return value, lower, upper


def _byars_limit(o: np.ndarray, signed_z: float) -> np.ndarray:
    """``o·(1 − 1/(9o) ± z/(3√o))³``, in two buffers: it runs over tens of millions of rows."""
    bracket = np.sqrt(o, out=np.empty(o.shape))
    bracket *= 3.0
    np.divide(signed_z, bracket, out=bracket)
    result = np.multiply(o, 9.0, out=np.empty(o.shape))
    np.divide(1.0, result, out=result)
    bracket -= result
    bracket += 1.0
    np.multiply(bracket, bracket, out=result)
    result *= bracket
    result *= o
    return result


def byars(observed: ArrayLike, *, confidence: float = 0.95) -> Interval:
    """Byar's approximate interval for a Poisson count ``O``; returns (lower, upper).

    ``L = O·(1 − 1/(9O) − z/(3√O))³`` (NaN when negative, and at ``O = 0`` where it is undefined:
    use ``exact_poisson`` or ``poisson_interval`` for small counts),
    ``U = (O+1)·(1 − 1/(9(O+1)) + z/(3√(O+1)))³``. NaN where ``O < 0`` or NaN.
    """
    z = z_value(confidence)
    o = as_float(observed)
    with np.errstate(all="ignore"):
        lower = _byars_limit(o, -z)
        upper = _byars_limit(o + 1.0, z)
    _set_nan(~(lower >= 0), lower)  # negative, undefined, or O < 0 or NaN
    _set_nan(~(o >= 0), upper)
    return lower, upper


def exact_poisson(observed: ArrayLike, *, confidence: float = 0.95) -> Interval:
    """Exact (chi-squared) interval for a Poisson count ``O``; returns (lower, upper).

    ``L = χ²⁻¹((1−c)/2; 2O)/2`` (0 when ``O = 0``), ``U = χ²⁻¹(c + (1−c)/2; 2O+2)/2``, computed as
    the equivalent inverse regularised gamma functions ``P⁻¹(O, (1−c)/2)`` and
    ``Q⁻¹(O+1, (1−c)/2)``. ``O`` may be fractional. NaN where ``O < 0`` or NaN.
    """
    tail = (1 - confidence) / 2
    z_value(confidence)  # validates the confidence level
    o = as_float(observed)
    # The lower quantile is 0 at O = 0, and underflows to 0 just above (where SciPy gives NaN).
    lower = np.where(o < np.finfo(np.float64).tiny, 0.0, gammaincinv(o, tail))
    lower, upper = _writeable(lower, gammainccinv(o + 1, tail))
    _set_nan(~(o >= 0), lower, upper)
    return lower, upper


def poisson_interval(observed: ArrayLike, *, confidence: float = 0.95) -> Interval:
    """Interval for a count: exact below ``EXACT_BELOW`` (10), Byar's from there on."""
    o = as_float(observed)
    lower, upper = byars(o, confidence=confidence)
    small = o < EXACT_BELOW
    if small.any():
        lower[small], upper[small] = exact_poisson(o[small], confidence=confidence)
    return lower, upper


def crude_rate(
    x: ArrayLike, n: ArrayLike, *, confidence: float = 0.95, multiplier: float = 100_000
) -> Estimate:
    """Crude rate ``x/n × multiplier`` and its limits ``O_L/n``, ``O_U/n``: (value, lower, upper).

    The limits of the count ``x`` are exact when ``x < 10`` and Byar's otherwise. ``x`` may exceed
    ``n`` (several events a person). NaN where ``n ≤ 0``, ``x < 0`` or an input is NaN.
    """
    x, n = as_float(x), as_float(n)
    count_lower, count_upper = poisson_interval(x, confidence=confidence)
    with np.errstate(all="ignore"):
        scale = np.divide(multiplier, n, out=_blank(x, n))
        lower = np.multiply(count_lower, scale, out=_blank(x, n))
        upper = np.multiply(count_upper, scale, out=_blank(x, n))
        value = np.multiply(x, scale, out=scale)
    _set_nan(~((n > 0) & (x >= 0)), value, lower, upper)
    return value, lower, upper


def dsr(
    x: ArrayLike,
    n: ArrayLike,
    *,
    weights: ArrayLike = ESP2013,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Estimate:
    """Directly standardised rate with Dobson's limits; returns (value, lower, upper).

    ``x`` (events) and ``n`` (populations) hold one standardisation group (age band) per position
    of their last axis, which is summed; ``weights`` are the standard populations (ESP 2013 by
    default, so 19 bands). ``O = Σx``, ``DSR = Σ(x·w/n)/Σw``, ``Var = Σx(w/n)²/(Σw)²``, limits
    ``DSR + √(Var/O)·(O_{L,U} − O)`` with Byar's limits of ``O``; all times ``multiplier``.
    Not reported (NaN) when ``O < 10``, or when any group has ``n ≤ 0``, ``x < 0`` or a NaN.
    """
    x, n = np.broadcast_arrays(as_float(x), as_float(n))
    weights = as_float(weights)
    with np.errstate(all="ignore"):
        weight_per_person = weights / n
        total_weight = weights.sum(axis=-1)
        observed = x.sum(axis=-1)
        value = np.sum(x * weight_per_person, axis=-1) / total_weight
        variance = np.sum(x * weight_per_person**2, axis=-1) / total_weight**2
        count_lower, count_upper = byars(observed, confidence=confidence)
        step = np.sqrt(variance / observed)
        lower = value + step * (count_lower - observed)
        upper = value + step * (count_upper - observed)
    value, lower, upper = _writeable(value * multiplier, lower * multiplier, upper * multiplier)
    valid = np.all((n > 0) & (x >= 0), axis=-1) & (observed >= EXACT_BELOW)
    _set_nan(~valid, value, lower, upper)
    return value, lower, upper


def isr(
    observed: ArrayLike,
    n: ArrayLike,
    x_ref: ArrayLike,
    n_ref: ArrayLike,
    *,
    confidence: float = 0.95,
    multiplier: float = 1.0,
) -> Estimate:
    """Indirectly standardised ratio ``O/E`` and its limits ``O_{L,U}/E``: (value, lower, upper).

    ``observed`` is the total count ``O`` of each row; ``n``, ``x_ref`` and ``n_ref`` hold one group
    (age band) per position of their last axis, which is summed: ``E = Σ(x_ref/n_ref)·n``. (With
    observed counts by group, pass their sum.) Limits of ``O`` are exact when ``O < 10`` and Byar's
    otherwise. Use ``multiplier=100`` for an SMR in percent. NaN where ``E ≤ 0``, ``O < 0``, any
    ``n < 0``, ``x_ref < 0`` or ``n_ref ≤ 0``, or a NaN.
    """
    observed, n = as_float(observed), as_float(n)
    x_ref, n_ref = as_float(x_ref), as_float(n_ref)
    with np.errstate(all="ignore"):
        expected = np.sum(x_ref / n_ref * n, axis=-1)
        count_lower, count_upper = poisson_interval(observed, confidence=confidence)
        scale = multiplier / expected
        value, lower, upper = _writeable(observed * scale, count_lower * scale, count_upper * scale)
    valid_groups = np.all((n >= 0) & (x_ref >= 0) & (n_ref > 0), axis=-1)
    valid = valid_groups & (expected > 0) & (observed >= 0)
    _set_nan(~valid, value, lower, upper)
    return value, lower, upper


def mean_ci(mean: ArrayLike, sd: ArrayLike, n: ArrayLike, *, confidence: float = 0.95) -> Interval:
    """Interval for a mean from its summary statistics; returns (lower, upper).

    ``mean ± |t_{(1−c)/2, n−1}|·s/√n`` with ``s`` the sample standard deviation of ``n``
    observations. NaN where ``n < 2``, ``s < 0`` or an input is NaN.
    """
    z_value(confidence)  # validates the confidence level
    mean, sd, n = as_float(mean), as_float(sd), as_float(n)
    with np.errstate(all="ignore"):
        half_width = stdtrit(n - 1, confidence + (1 - confidence) / 2) * sd / np.sqrt(n)
        lower, upper = _writeable(mean - half_width, mean + half_width)
    _set_nan(~((n >= 2) & (sd >= 0) & ~np.isnan(mean)), lower, upper)
    return lower, upper
