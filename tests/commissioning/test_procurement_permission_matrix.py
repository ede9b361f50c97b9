"""The procurement pages and API × every persona, as tests/commissioning/procurement_matrix.py
says. API writes are sent as JSON (an empty object), as an API client would."""

import pytest

from tests.commissioning.procurement_matrix import MATRIX, build_procurement_records
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, member_a, member_b):
    settings.MEDIA_ROOT = tmp_path
    return build_procurement_records(member_a, member_b)


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
