"""The outcomes pages × every persona × public, partnership-only and restricted indicators, as
tests/outcomes/matrix.py says; and what each persona sees of the hidden indicators on the pages
that list them (nothing it may not see, even where the page itself is public)."""

import pytest

from tests.matrix import ADMIN, ANON, PMO, A, B, row_id, walk
from tests.outcomes.matrix import MATRIX, build_outcomes_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a):
    return build_outcomes_record(partner_a=partner_a)


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    assert walk(personas, method, path_of(records)) == expected


SEES = {
    ANON: (False, False),
    A: (True, True),
    B: (True, False),
    PMO: (True, False),
    ADMIN: (True, True),
}


@pytest.mark.parametrize("path", ["/indicators/", "/places/PA/", "/places/PA/rating/"])
def test_hidden_indicators_appear_only_to_those_who_may_see_them(records, personas, path):
    for name, persona in personas.items():
        page = persona.client.get(path).content.decode()
        seen = ("PARTNERSHIP-ONLY" in page, "RESTRICTED" in page)
        assert seen == SEES[name], name
