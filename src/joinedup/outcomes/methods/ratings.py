"""Ratings roll-up: comparisons → indicator scores → priority areas → themes → an overall rating.

No public source gives the rules of NHS England's 2017 STP progress dashboard, so the roll-up is
a ``RatingScheme``: a score for each ``Comparison`` (others are not scored and are left out),
weighted means into priority areas, themes and overall, and bands that turn a mean score into a
``Rating`` code (see ``codes.py``: 0 not rated, 1 outstanding, 2 advanced, 3 making progress,
4 needs most improvement). Two presets ship: ``SEGMENTATION`` and ``SPINE_COUNTS``.

Everything is vectorised: ``comparisons`` may carry leading axes (organisations, periods) before
the last axis of indicators. The ``Rollup`` keeps every intermediate score, so each rating can be
traced back to the indicator comparisons and the scheme's bands that produced it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from .codes import Comparison, Rating


@dataclass(frozen=True)
class RatingScheme:
    """How comparisons become scores, and mean scores become ratings.

    A mean score ``s`` gets ``ratings[i]`` for ``edges[i−1] ≤ s < edges[i]`` (``edges``
    ascending, one fewer than ``ratings``).
    """

    name: str
    scores: Mapping[Comparison, float] = field(hash=False)
    edges: tuple[float, ...]
    ratings: tuple[Rating, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        if len(self.ratings) != len(self.edges) + 1 or list(self.edges) != sorted(self.edges):
            raise ValueError("a rating scheme needs ascending edges and one more rating than edges")


SEGMENTATION = RatingScheme(
    name="segmentation",
    # Each metric scored 1–4 (1 best, as in the NHS Oversight Framework's segmentation): the
    # rating it would have on its own. Outstanding needs "best" results, so pair this preset with
    # the two-level benchmark comparison.
    scores={
        Comparison.BEST: 1,
        Comparison.BETTER: 2,
        Comparison.SIMILAR: 3,
        Comparison.WORSE: 4,
        Comparison.WORST: 4,
    },
    edges=(1.5, 2.5, 3.5),
    ratings=(
        Rating.OUTSTANDING,
        Rating.ADVANCED,
        Rating.MAKING_PROGRESS,
        Rating.NEEDS_MOST_IMPROVEMENT,
    ),
)

SPINE_COUNTS = RatingScheme(
    name="spine_counts",
    # Better +1, similar 0, worse −1, as a Fingertips spine chart counts them: the mean is
    # (better − worse) / compared. All similar is "making progress".
    scores={
        Comparison.BEST: 1,
        Comparison.BETTER: 1,
        Comparison.SIMILAR: 0,
        Comparison.WORSE: -1,
        Comparison.WORST: -1,
    },
    edges=(-0.25, 0.25, 0.5),
    ratings=(
        Rating.NEEDS_MOST_IMPROVEMENT,
        Rating.MAKING_PROGRESS,
        Rating.ADVANCED,
        Rating.OUTSTANDING,
    ),
)


class Rollup(NamedTuple):
    """Scores and ``Rating`` codes at each level; the last axis of each is the level's items."""

    indicator_scores: np.ndarray
    area_scores: np.ndarray
    area_ratings: np.ndarray
    theme_scores: np.ndarray
    theme_ratings: np.ndarray
    overall_score: np.ndarray
    overall_rating: np.ndarray


def score_comparisons(comparisons: ArrayLike, *, scheme: RatingScheme) -> np.ndarray:
    """The scheme's score for each ``Comparison`` code; NaN for those it does not score."""
    table = np.full(len(Comparison), np.nan)
    for comparison, score in scheme.scores.items():
        table[Comparison(comparison).code] = score
    return table[np.asarray(comparisons, dtype=np.intp)]


def band_scores(scores: ArrayLike, *, scheme: RatingScheme) -> np.ndarray:
    """The ``Rating`` code of each mean score by the scheme's bands; not rated where NaN."""
    scores = np.asarray(scores, dtype=np.float64)
    codes = np.array([rating.code for rating in scheme.ratings], dtype=np.int8)
    banded = codes[np.searchsorted(scheme.edges, np.nan_to_num(scores), side="right")]
    return np.where(np.isnan(scores), Rating.NOT_RATED.code, banded).astype(np.int8)


def _weighted_means(scores: np.ndarray, group_of: Sequence[int], weights) -> np.ndarray:
    """Weighted mean of the scored items of each group (last axis); NaN for a group with none."""
    group_of = np.asarray(group_of, dtype=np.intp)
    weights = np.ones(len(group_of)) if weights is None else np.asarray(weights, np.float64)
    members = np.zeros((len(group_of), group_of.max() + 1))
    members[np.arange(len(group_of)), group_of] = weights
    scored = ~np.isnan(scores)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (np.where(scored, scores, 0.0) @ members) / (scored @ members)
    return np.where(np.isfinite(means), means, np.nan)


def roll_up(
    comparisons: ArrayLike,
    *,
    scheme: RatingScheme,
    area_of: Sequence[int],
    theme_of: Sequence[int],
    weights: ArrayLike | None = None,
    area_weights: ArrayLike | None = None,
    theme_weights: ArrayLike | None = None,
) -> Rollup:
    """Score each indicator's comparison and roll the scores up into rated areas and themes.

    ``comparisons`` holds ``Comparison`` codes, one indicator per position of the last axis.
    ``area_of[i]`` is the priority area (0-based) of indicator ``i``; ``theme_of[a]`` the theme
    of area ``a``. Area scores are weighted means of their scored indicators (``weights``),
    theme scores of their areas (``area_weights``), the overall score of the themes
    (``theme_weights``); all weights default to 1, and unscored items drop out of the mean.
    """
    indicator_scores = score_comparisons(comparisons, scheme=scheme)
    area_scores = _weighted_means(indicator_scores, area_of, weights)
    theme_scores = _weighted_means(area_scores, theme_of, area_weights)
    overall = _weighted_means(theme_scores, [0] * theme_scores.shape[-1], theme_weights)[..., 0]
    return Rollup(
        indicator_scores,
        area_scores,
        band_scores(area_scores, scheme=scheme),
        theme_scores,
        band_scores(theme_scores, scheme=scheme),
        overall,
        band_scores(overall, scheme=scheme),
    )


def count_comparisons(comparisons: ArrayLike, *, axis: int = -1) -> np.ndarray:
    """Counts of better (with best), similar and worse (with worst) results along ``axis``.

    Returns the three counts on a new last axis, as a spine chart shows them.
    """
    comparisons = np.asarray(comparisons)
    groups = (
        (Comparison.BETTER, Comparison.BEST),
        (Comparison.SIMILAR,),
        (Comparison.WORSE, Comparison.WORST),
    )
    counts = [np.isin(comparisons, [c.code for c in group]).sum(axis) for group in groups]
    return np.stack(counts, axis=-1)
