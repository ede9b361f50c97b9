"""Fixtures the commissioning tests share: a commissioner persona (a staff role of the
partnership's commissioning team), alongside the root conftest's personas."""

import pytest

from joinedup.core.choices import StaffRole
from tests import factories
from tests.conftest import Persona, _signed_in


@pytest.fixture
def commissioner(government) -> Persona:
    person = factories.person(
        "senior_commissioner", organisation=government, roles=[StaffRole.COMMISSIONER]
    )
    return Persona("commissioner", _signed_in(person), person)
