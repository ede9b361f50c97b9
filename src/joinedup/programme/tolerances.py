"""Tolerance status: a dimension's RAG from its forecast against the tolerance set for its level.

Pure functions, no Django. Green within tolerance; amber when within only with action, or when
the forecast has used more than a set share of the tolerance (75% by default); red when the
forecast exceeds the tolerance, which calls for an exception report.
"""

from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum

DEFAULT_AMBER_SHARE = Decimal("0.75")


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


SEVERITY = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}


def dimension_status(
    *,
    forecast_deviation: Decimal,
    tolerance: Decimal,
    needs_action: bool = False,
    amber_share: Decimal = DEFAULT_AMBER_SHARE,
) -> Rag:
    """The status of one dimension.

    `forecast_deviation` is how far the forecast is from plan in the tolerance's unit, adverse
    positive (days late, percent over budget, percent of benefit short); favourable deviation is
    zero or negative. `tolerance` is the adverse deviation allowed before the level above decides.
    """
    if tolerance < 0:
        raise ValueError("A tolerance cannot be negative.")
    if forecast_deviation > tolerance:
        return Rag.RED
    if needs_action or forecast_deviation > amber_share * tolerance:
        return Rag.AMBER
    return Rag.GREEN


def worst(statuses: Iterable[Rag]) -> Rag:
    """The overall status: the worst of the dimensions (green when there are none)."""
    return max(statuses, key=SEVERITY.__getitem__, default=Rag.GREEN)
