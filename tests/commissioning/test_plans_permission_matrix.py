"""The plans and review pages and API × every persona × public, partnership-only and restricted
records,
as tests/commissioning/plans_matrix.py says."""

import pytest

from tests.commissioning.plans_matrix import MATRIX, build_plans_records
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, partner_a):
    settings.MEDIA_ROOT = tmp_path
    return build_plans_records(partner_a)


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    assert walk(personas, method, path_of(records)) == expected
