"""The NHS 5 × 5 matrix, checked for every product of likelihood and consequence."""

import pytest

from joinedup.programme import risk_matrix
from joinedup.programme.risk_matrix import Grade

# Every cell of the matrix and the grade the NHS default gives it (low 1–3, moderate 4–6,
# high 8–12, extreme 15–25), written out rather than computed.
EXPECTED = {
    (1, 1): (1, Grade.LOW), (1, 2): (2, Grade.LOW), (1, 3): (3, Grade.LOW),
    (1, 4): (4, Grade.MODERATE), (1, 5): (5, Grade.MODERATE),
    (2, 1): (2, Grade.LOW), (2, 2): (4, Grade.MODERATE), (2, 3): (6, Grade.MODERATE),
    (2, 4): (8, Grade.HIGH), (2, 5): (10, Grade.HIGH),
    (3, 1): (3, Grade.LOW), (3, 2): (6, Grade.MODERATE), (3, 3): (9, Grade.HIGH),
    (3, 4): (12, Grade.HIGH), (3, 5): (15, Grade.EXTREME),
    (4, 1): (4, Grade.MODERATE), (4, 2): (8, Grade.HIGH), (4, 3): (12, Grade.HIGH),
    (4, 4): (16, Grade.EXTREME), (4, 5): (20, Grade.EXTREME),
    (5, 1): (5, Grade.MODERATE), (5, 2): (10, Grade.HIGH), (5, 3): (15, Grade.EXTREME),
    (5, 4): (20, Grade.EXTREME), (5, 5): (25, Grade.EXTREME),
}  # fmt: skip


@pytest.mark.parametrize(("likelihood", "consequence"), sorted(EXPECTED))
def test_it_scores_and_grades_every_cell(likelihood, consequence):
    score = risk_matrix.score(likelihood, consequence)
    assert (score, risk_matrix.grade(score)) == EXPECTED[likelihood, consequence]


def test_the_table_covers_all_twenty_five_cells():
    assert len(EXPECTED) == 25


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", None])
def test_it_refuses_a_likelihood_or_consequence_outside_one_to_five(bad):
    with pytest.raises(risk_matrix.RiskScoreError):
        risk_matrix.score(bad, 3)
    with pytest.raises(risk_matrix.RiskScoreError):
        risk_matrix.score(3, bad)


@pytest.mark.parametrize("bad", [0, 26, -5])
def test_it_refuses_to_grade_a_score_outside_one_to_twenty_five(bad):
    with pytest.raises(risk_matrix.RiskScoreError):
        risk_matrix.grade(bad)


def test_a_configured_grading_moves_the_boundaries():
    stricter = {Grade.LOW: 2, Grade.MODERATE: 4, Grade.HIGH: 9, Grade.EXTREME: 25}
    assert risk_matrix.grade(3, stricter) == Grade.MODERATE
    assert risk_matrix.grade(10, stricter) == Grade.EXTREME


@pytest.mark.parametrize(
    "grades",
    [
        {"low": 3, "moderate": 6, "high": 12},
        {"low": 6, "moderate": 3, "high": 12, "extreme": 25},
        {"low": 3, "moderate": 3, "high": 12, "extreme": 25},
        {"low": 3, "moderate": 6, "high": 12, "extreme": 20},
    ],
)
def test_it_refuses_a_grading_with_a_gap_or_overlap(grades):
    with pytest.raises(risk_matrix.RiskScoreError):
        risk_matrix.check_grades(grades)


def test_the_heat_map_counts_risks_in_their_cells_with_likelihood_five_on_top():
    rows = risk_matrix.heat_map({(5, 5): 2, (1, 3): 1})
    assert rows[0][4] == {
        "likelihood": 5, "consequence": 5, "score": 25, "grade": "extreme", "count": 2
    }  # fmt: skip
    assert rows[4][2]["count"] == 1
    assert sum(cell["count"] for row in rows for cell in row) == 3
