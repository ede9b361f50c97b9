"""A proportion indicator `IND`, a system `SYS` with two places `A` and `B`, and the mapping
`test-mapping` of columns code, period (months), num and den to IND."""

from dataclasses import dataclass

import pytest

from joinedup.outcomes.choices import SubjectKind
from tests.outcomes import factories


@dataclass
class Setting:
    indicator: object
    system: object
    a: object
    b: object
    mapping: object


@pytest.fixture
def setting(db) -> Setting:
    indicator = factories.indicator("IND", name="Seen within four hours")
    system = factories.subject("SYS", name="The system", kind=SubjectKind.SYSTEM)
    a = factories.subject("A", name="Place A", parent=system)
    b = factories.subject("B", name="Place B", parent=system)
    return Setting(indicator, system, a, b, factories.mapping())
