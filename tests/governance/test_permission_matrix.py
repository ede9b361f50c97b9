"""The governance pages and feeds × every persona × public, partnership-only, restricted and
Part B records, as tests/governance/matrix.py says."""

import pytest

from joinedup.core.choices import Visibility
from tests.governance import factories as gov
from tests.governance.matrix import MATRIX, build_public_record
from tests.matrix import row_id, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(settings, tmp_path, member_a, board_member, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    records = build_public_record(
        member=member_a.person, addressees=[partner_a, partner_b], board_member=board_member.person
    )
    restricted = gov.body("RESTRICTED committee", short_name="RC", visibility=Visibility.RESTRICTED)
    restricted.restricted_to.set([partner_a])
    return {**records, "restricted_body": restricted, "restricted_meeting": gov.meeting(restricted)}


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    answers = walk(personas, method, path_of(records))
    assert answers == expected
