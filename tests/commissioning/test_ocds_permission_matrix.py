"""The Open Contracting pages and API × every persona, as tests/commissioning/ocds_matrix.py
says: public for a published process, 404 for a draft whoever asks."""

import pytest

from tests.commissioning.ocds_matrix import MATRIX, build_ocds_records
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return build_ocds_records()


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    assert walk(personas, method, path_of(records)) == expected
