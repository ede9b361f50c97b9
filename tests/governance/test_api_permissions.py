"""The governance API × every persona × records of every visibility, as api_matrix.py says."""

import pytest

from tests.governance import factories as gov
from tests.governance.api_matrix import MATRIX, POST_DATA, build_records
from tests.matrix import responses, row_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, board, member_a, board_member, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    gov.seat(board.body, board_member.person)
    return build_records(board, member_a, partner_a, partner_b)


def walk_json(personas, method, path, data) -> dict:
    """The status each persona gets for one route; POSTs send their data as JSON."""
    answers = {}
    for name, response in responses(personas, method, path, data, as_json=True).items():
        assert response["Content-Type"].startswith("application/json"), (name, path)
        answers[name] = response.status_code
    return answers


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    data = POST_DATA[route, case](records) if method == "post" else None
    answers = walk_json(personas, method, path_of(records), data)
    assert answers == expected
