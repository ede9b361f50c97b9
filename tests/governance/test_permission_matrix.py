"""The governance pages and feeds × every persona × public, partnership-only and Part B
records, as tests/governance/matrix.py says."""

import pytest

from tests.governance.matrix import MATRIX, build_public_record
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, member_a, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    return build_public_record(member=member_a.person, addressees=[partner_a, partner_b])


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    answers = walk(personas, method, path_of(records))
    assert answers == expected
