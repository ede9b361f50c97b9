"""The core routes × every persona × records of every visibility, as tests/core/matrix.py says."""

import pytest

from joinedup.core import services
from joinedup.core.choices import Visibility
from tests import factories
from tests.core.matrix import HEADERS, MATRIX, POST_DATA, RESTRICTED_TO_A
from tests.matrix import ANON, EVERYONE, row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a, member_a):
    public = factories.organisation("Public Partner")
    partnership = factories.organisation("Partnership Partner", visibility=Visibility.PARTNERSHIP)
    restricted = factories.organisation(
        "Restricted Partner", visibility=Visibility.RESTRICTED, restricted_to=[partner_a]
    )
    token, _ = services.issue_api_token(person=member_a.person, name="matrix")
    return {"public": public, "partnership": partnership, "restricted": restricted, "token": token}


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    headers = HEADERS.get((route, case))
    answers = walk(personas, method, path_of(records), POST_DATA.get(route), headers=headers)
    assert answers == expected


def test_the_directory_fragment_lists_only_the_partners_each_persona_may_see(records, personas):
    for name in EVERYONE:
        response = personas[name].client.get("/partners/", headers={"HX-Request": "true"})
        fragment = response.content.decode()
        assert "<html" not in fragment, name
        seen = ("Partnership Partner" in fragment, "Restricted Partner" in fragment)
        assert seen == (name != ANON, RESTRICTED_TO_A[name] == 200), name
