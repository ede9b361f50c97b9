"""The operations routes × every persona, as tests/ops/matrix.py says."""

import pytest

from tests.matrix import expected_answers, row_id, walk
from tests.ops.matrix import MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(personas, row):
    _route, _case, method, path_of, _expected = row
    assert walk(personas, method, path_of({})) == expected_answers(row)
