"""The NHS 5 × 5 risk matrix: likelihood × consequence gives a score of 1–25 and a grade.

Pure functions, no Django: the risk register, the heat map and the tests all use these.
"""

from collections.abc import Mapping
from enum import StrEnum


class Grade(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    EXTREME = "extreme"


# The default grading of the NHS matrix: the highest score of each grade.
DEFAULT_GRADES: Mapping[Grade, int] = {
    Grade.LOW: 3,
    Grade.MODERATE: 6,
    Grade.HIGH: 12,
    Grade.EXTREME: 25,
}

LIKELIHOOD = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
CONSEQUENCE = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Catastrophic"}

# The products of 1..5 × 1..5: no score of 7, 11, 13, 14, 17-19, 21-24 can occur.
POSSIBLE_SCORES = frozenset(likely * worst for likely in range(1, 6) for worst in range(1, 6))


class RiskScoreError(ValueError):
    pass


def score(likelihood: int, consequence: int) -> int:
    """The risk score: likelihood (1 rare … 5 almost certain) × consequence (1 … 5)."""
    for name, value in (("likelihood", likelihood), ("consequence", consequence)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise RiskScoreError(f"The {name} must be a whole number from 1 to 5, not {value!r}.")
    return likelihood * consequence


def grade(risk_score: int, grades: Mapping[Grade, int] = DEFAULT_GRADES) -> Grade:
    """The grade of a score under a grading (each grade's highest score, in ascending order)."""
    if not isinstance(risk_score, int) or not 1 <= risk_score <= 25:
        raise RiskScoreError(f"A risk score must be from 1 to 25, not {risk_score!r}.")
    for name, highest in sorted(grades.items(), key=lambda pair: pair[1]):
        if risk_score <= highest:
            return Grade(name)
    raise RiskScoreError(f"The grading does not cover a score of {risk_score}.")


def check_grades(grades: Mapping[str, int]) -> None:
    """Refuse a grading that leaves a gap, overlaps, or does not reach 25."""
    highests = [grades.get(name) for name in Grade]
    if any(not isinstance(h, int) for h in highests):
        raise RiskScoreError("Give the highest score of every grade: low, moderate, high, extreme.")
    if highests != sorted(set(highests)) or highests[0] < 1 or highests[-1] != 25:
        raise RiskScoreError(
            "Grades must rise from low to extreme, each above the last, and extreme must end at 25."
        )


def heat_map(cells: Mapping[tuple[int, int], int]) -> list[list[dict]]:
    """Rows of the matrix from likelihood 5 down to 1, each cell with its score, grade and count."""
    return [
        [
            {
                "likelihood": likely,
                "consequence": worst,
                "score": likely * worst,
                "grade": grade(likely * worst).value,
                "count": cells.get((likely, worst), 0),
            }
            for worst in range(1, 6)
        ]
        for likely in range(5, 0, -1)
    ]
