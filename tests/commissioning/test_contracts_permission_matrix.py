"""The contracts pages and API × every persona, as tests/commissioning/contracts_matrix.py says.
API writes are sent as JSON (an empty object), as an API client would."""

import pytest

from tests.commissioning.contracts_matrix import MATRIX, build_contracts_records
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a, partner_b, member_a):
    return build_contracts_records(partner_a=partner_a, partner_b=partner_b, member_a=member_a)


# Each API row stands under two names (see contracts_matrix.py): walk it once.
WALKED = [row for row in MATRIX if row[0].startswith(("commissioning:", "api:contracts_"))]


@pytest.mark.parametrize("route, case, method, path_of, expected", WALKED, ids=map(row_id, WALKED))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    answers = walk(personas, method, path_of(records), as_json=route.startswith("api:"))
    assert answers == expected
