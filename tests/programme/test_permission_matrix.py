"""The programme pages × every persona × public, partnership-only and restricted records, as
tests/programme/matrix.py says."""

import pytest

from tests.matrix import row_id, walk
from tests.programme.matrix import MATRIX, build_programme_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(member_a, partner_a, partner_b):
    return build_programme_record(member=member_a.person, partner_a=partner_a, partner_b=partner_b)


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    data = {"to": "consolidated"} if route == "programme:report_move" else None
    assert walk(personas, method, path_of(records), data) == expected
