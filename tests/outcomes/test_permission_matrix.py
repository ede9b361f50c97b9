"""The outcomes pages × every persona × public, partnership-only and restricted indicators, as
tests/outcomes/matrix.py says; and what each persona sees of the hidden indicators on the pages
that list them (nothing it may not see, even where the page itself is public)."""

import pytest

from tests.matrix import ADMIN, ANON, EVERYONE, A, row_id, walk
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


# (sees the partnership-only indicator, sees the one restricted to A): every signed-in persona
# sees the first; only A's people and admins the second.
SEES = {**dict.fromkeys(EVERYONE, (True, False)), ANON: (False, False), A: (True, True),
        ADMIN: (True, True)}  # fmt: skip


@pytest.mark.parametrize("path", ["/indicators/", "/places/PA/", "/places/PA/rating/"])
def test_hidden_indicators_appear_only_to_those_who_may_see_them(records, personas, path):
    assert set(personas) == set(SEES)
    for name, persona in personas.items():
        page = persona.client.get(path).content.decode()
        seen = ("PARTNERSHIP-ONLY" in page, "RESTRICTED" in page)
        assert seen == SEES[name], name
