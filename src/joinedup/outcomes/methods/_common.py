"""Helpers shared by the method modules: inputs as float arrays, z values, polarity."""

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtri

from .codes import Polarity

POLARITIES = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NO_JUDGEMENT)
SIGNS = np.array([1, -1, 0], dtype=np.int8)


def as_float(values: ArrayLike) -> np.ndarray:
    """``values`` as a float64 array (a view when it already is one)."""
    return np.asarray(values, dtype=np.float64)


def z_value(confidence: float) -> float:
    """z = Φ⁻¹(c + (1 − c)/2), exactly: 1.959963984540054 for 0.95, 3.090232306167813 for 0.998.

    A confidence level outside (0, 1) is a programming error, so it raises ``ValueError``.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    return float(ndtri(confidence + (1 - confidence) / 2))


def polarity_index(polarity: ArrayLike) -> np.ndarray:
    """The row of each polarity in ``POLARITIES`` (a 0-d array for one polarity).

    An unknown polarity is a programming error, so it raises ``ValueError``.
    """
    labels, inverse = np.unique(np.asarray(polarity, dtype=str), return_inverse=True)
    rows = np.array([POLARITIES.index(Polarity(label)) for label in labels], dtype=np.intp)
    return rows[inverse].reshape(np.shape(polarity))


def polarity_sign(polarity: ArrayLike) -> np.ndarray:
    """+1 for higher-is-better, −1 for lower-is-better, 0 for no judgement (int8)."""
    return SIGNS[polarity_index(polarity)]


def lookup(table: np.ndarray, polarity: ArrayLike, state: np.ndarray) -> np.ndarray:
    """``table[polarity row, state]``: the code for each state under each row's polarity."""
    rows = polarity_index(polarity)
    if rows.ndim == 0:
        return table[rows].take(state)
    return table[rows, state]
