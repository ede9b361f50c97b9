"""Scoring comparisons, banding scores into ratings and rolling them up, with both presets."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from joinedup.outcomes.methods import (
    SEGMENTATION,
    SPINE_COUNTS,
    Comparison,
    Rating,
    RatingScheme,
    band_scores,
    count_comparisons,
    roll_up,
    score_comparisons,
)

BEST, BETTER, SIMILAR, WORSE, WORST = (
    Comparison.BEST.code,
    Comparison.BETTER.code,
    Comparison.SIMILAR.code,
    Comparison.WORSE.code,
    Comparison.WORST.code,
)
NOT_COMPARED, HIGHER = Comparison.NOT_COMPARED.code, Comparison.HIGHER.code
nan = np.nan


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (SEGMENTATION, [1, 2, 3, 4, 4, nan, nan]),
        (SPINE_COUNTS, [1, 1, 0, -1, -1, nan, nan]),
    ],
)
def test_score_comparisons(scheme, expected):
    codes = [BEST, BETTER, SIMILAR, WORSE, WORST, NOT_COMPARED, HIGHER]
    assert_allclose(score_comparisons(codes, scheme=scheme), expected)


# score, expected rating
SEGMENTATION_BANDS = [
    (1.0, Rating.OUTSTANDING),
    (1.49, Rating.OUTSTANDING),
    (1.5, Rating.ADVANCED),
    (2.49, Rating.ADVANCED),
    (2.5, Rating.MAKING_PROGRESS),
    (3.0, Rating.MAKING_PROGRESS),
    (3.5, Rating.NEEDS_MOST_IMPROVEMENT),
    (4.0, Rating.NEEDS_MOST_IMPROVEMENT),
    (nan, Rating.NOT_RATED),
]
SPINE_BANDS = [
    (-1.0, Rating.NEEDS_MOST_IMPROVEMENT),
    (-0.26, Rating.NEEDS_MOST_IMPROVEMENT),
    (-0.25, Rating.MAKING_PROGRESS),
    (0.0, Rating.MAKING_PROGRESS),
    (0.25, Rating.ADVANCED),
    (0.5, Rating.OUTSTANDING),
    (1.0, Rating.OUTSTANDING),
    (nan, Rating.NOT_RATED),
]


@pytest.mark.parametrize(
    ("scheme", "score", "expected"),
    [(SEGMENTATION, *case) for case in SEGMENTATION_BANDS]
    + [(SPINE_COUNTS, *case) for case in SPINE_BANDS],
)
def test_band_scores(scheme, score, expected):
    assert Rating.decode(band_scores(score, scheme=scheme)) == expected


# Five indicators in three priority areas, in two themes: areas 0 and 1 form theme 0.
AREA_OF, THEME_OF = [0, 0, 1, 1, 2], [0, 0, 1]


def test_roll_up_averages_indicators_into_areas_themes_and_overall():
    result = roll_up(
        [BEST, BETTER, SIMILAR, WORSE, NOT_COMPARED],
        scheme=SEGMENTATION,
        area_of=AREA_OF,
        theme_of=THEME_OF,
    )
    assert_allclose(result.indicator_scores, [1, 2, 3, 4, nan])
    assert_allclose(result.area_scores, [1.5, 3.5, nan])  # area 2 has nothing scored
    assert list(Rating.decode(result.area_ratings)) == [
        Rating.ADVANCED,
        Rating.NEEDS_MOST_IMPROVEMENT,
        Rating.NOT_RATED,
    ]
    assert_allclose(result.theme_scores, [2.5, nan])
    assert result.overall_score == pytest.approx(2.5)
    assert Rating.decode(result.overall_rating) == Rating.MAKING_PROGRESS


def test_roll_up_applies_weights_at_every_level():
    result = roll_up(
        [BEST, WORSE, SIMILAR, SIMILAR, BETTER],
        scheme=SEGMENTATION,
        area_of=AREA_OF,
        theme_of=THEME_OF,
        weights=[3, 1, 1, 1, 1],
        area_weights=[1, 3, 1],
        theme_weights=[1, 3],
    )
    assert_allclose(result.area_scores, [(3 * 1 + 4) / 4, 3, 2])
    assert_allclose(result.theme_scores, [(1.75 + 3 * 3) / 4, 2])
    assert result.overall_score == pytest.approx((2.6875 + 3 * 2) / 4)


def test_roll_up_is_vectorised_over_organisations():
    codes = np.array([[BETTER] * 5, [SIMILAR] * 5, [WORSE] * 4 + [BETTER]])
    result = roll_up(codes, scheme=SPINE_COUNTS, area_of=AREA_OF, theme_of=THEME_OF)
    assert_allclose(result.overall_score, [1, 0, 0])
    assert list(Rating.decode(result.overall_rating)) == [
        Rating.OUTSTANDING,
        Rating.MAKING_PROGRESS,
        Rating.MAKING_PROGRESS,
    ]
    assert_allclose(result.theme_scores[2], [-1, 1])


def test_nothing_compared_is_not_rated():
    result = roll_up([NOT_COMPARED] * 5, scheme=SEGMENTATION, area_of=AREA_OF, theme_of=THEME_OF)
    assert np.isnan(result.overall_score)
    assert result.overall_rating == Rating.NOT_RATED.code


def test_count_comparisons_counts_best_as_better_and_worst_as_worse():
    codes = [[BEST, BETTER, SIMILAR, WORSE, WORST, NOT_COMPARED, HIGHER], [SIMILAR] * 7]
    assert_array_equal(count_comparisons(codes), [[2, 1, 2], [0, 7, 0]])


def test_a_scheme_needs_one_more_rating_than_ascending_edges():
    with pytest.raises(ValueError, match="edges"):
        RatingScheme("broken", {}, edges=(2.0, 1.0), ratings=(Rating.ADVANCED,) * 3)
    with pytest.raises(ValueError, match="edges"):
        RatingScheme("broken", {}, edges=(1.0,), ratings=(Rating.ADVANCED,))
