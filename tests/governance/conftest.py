"""A strategic partnership board with three partners' representatives, a quorum of two."""

from dataclasses import dataclass

import pytest

from joinedup.governance import services
from joinedup.governance.choices import AttendanceStatus, MeetingStatus, MembershipRole
from tests import factories
from tests.governance import factories as gov


@dataclass
class Board:
    body: object
    meeting: object
    item: object
    chair: object
    rep_a: object
    rep_b: object
    rep_c: object
    partner_c: object


@pytest.fixture
def board(partner_a, partner_b, government):
    partner_c = factories.organisation("Partner C Homes")
    body = gov.body("Strategic Partnership Board", short_name="SPB", quorum=2)
    chair = factories.person("chair", organisation=government)
    rep_a = factories.person("rep_a", organisation=partner_a)
    rep_b = factories.person("rep_b", organisation=partner_b)
    rep_c = factories.person("rep_c", organisation=partner_c)
    gov.seat(body, chair, MembershipRole.CHAIR)
    for rep in (rep_a, rep_b, rep_c):
        gov.seat(body, rep)
    meeting = gov.meeting(body, status=MeetingStatus.PAPERS_PUBLISHED)
    item = gov.item(meeting)
    for person in (chair, rep_a):
        services.record_attendance(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
    meeting = services.move_meeting(meeting=meeting, to=MeetingStatus.HELD)
    item.refresh_from_db()
    return Board(body, meeting, item, chair, rep_a, rep_b, rep_c, partner_c)
