"""The contracts pages and API × every persona, as tests/commissioning/contracts_matrix.py says.
API writes are sent as JSON (an empty object), as an API client would."""

import pytest

from tests.commissioning.contracts_matrix import MATRIX, build_contracts_records
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a, partner_b, member_a):
    return build_contracts_records(partner_a=partner_a, partner_b=partner_b, member_a=member_a)


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    path = path_of(records)
    if route.startswith("api:") and method == "post":
        answers = {
            name: persona.client.post(path, {}, content_type="application/json").status_code
            for name, persona in personas.items()
        }
    else:
        answers = walk(personas, method, path)
    assert answers == expected
