"""The session routes × every persona, as tests/security/matrix.py says."""

import pytest

from tests.matrix import row_id, walk
from tests.security.matrix import MATRIX
from tests.security.sessions import signed_in_elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(member_a):
    return {"sign_in_of_a": signed_in_elsewhere(member_a.person.user).sign_in}


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    assert walk(personas, method, path_of(records)) == expected
