"""The golden thread between governance and the programme: a decision names the projects and
risks it concerns, and each shows the decision, to those who may see both."""

import pytest
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.governance import services as governance
from joinedup.governance.choices import DecisionPower
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(delivery, partner_a, member_a):
    restricted = prog.project(
        delivery.workstream, partner_a, name="RESTRICTED Project", visibility=Visibility.RESTRICTED
    )
    restricted.restricted_to.set([partner_a])
    risk = prog.risk(delivery.programme, delivery.manager, [partner_a], project=delivery.project)
    board = delivery.programme.board
    gov.seat(board, member_a.person)
    meeting = gov.meeting(board)
    item = gov.item(meeting, "Rapid response funding")
    governance.record_attendance(meeting=meeting, person=member_a.person, status="present")
    decision = governance.record_decision(
        body=board, item=item, title="Fund rapid response", text="Funded.", basis="Paper 1",
        decided_on=timezone.localdate(), concerns=[delivery.project, restricted, risk],
    )  # fmt: skip
    return decision, restricted, risk


def test_the_decision_and_the_project_link_to_each_other(decided, delivery, anonymous):
    decision, _, risk = decided
    page = anonymous.client.get(decision.get_absolute_url()).content.decode()
    assert delivery.project.get_absolute_url() in page
    assert risk.get_absolute_url() in page
    project_page = anonymous.client.get(delivery.project.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in project_page
    risk_page = anonymous.client.get(risk.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in risk_page


def test_a_restricted_project_is_named_only_to_those_who_may_see_it(decided, member_a, member_b):
    decision, restricted, _ = decided
    assert "RESTRICTED Project" in member_a.client.get(decision.get_absolute_url()).content.decode()
    assert (
        "RESTRICTED Project"
        not in member_b.client.get(decision.get_absolute_url()).content.decode()
    )


def test_the_secretary_links_a_decision_from_the_meeting_form(delivery, secretary, member_a):
    board = gov.body("Deciding Board", power=DecisionPower.DECIDES, quorum=1)
    gov.seat(board, member_a.person)
    meeting = gov.meeting(board)
    item = gov.item(meeting, "Care navigation")
    governance.record_attendance(meeting=meeting, person=member_a.person, status="present")
    form = secretary.client.get(f"/meetings/{meeting.pk}/manage/").content.decode()
    value = f"programme.project:{delivery.project.pk}"
    assert value in form
    secretary.client.post(
        f"/meetings/{meeting.pk}/decisions/",
        {"item": item.pk, "title": "Go ahead", "text": "Agreed.", "basis": "The paper.",
         "concerns": [value]},
    )  # fmt: skip
    decision = board.decisions.get()
    assert [link.record for link in decision.links.all()] == [delivery.project]


def test_the_api_lists_what_a_decision_concerns_as_far_as_the_caller_may_see(decided, member_b):
    decision, _, risk = decided
    body = member_b.client.get(f"/api/v1/decisions/{decision.reference}").json()
    kinds = sorted((c["kind"], c["title"]) for c in body["concerns"])
    assert ("programme.risk", str(risk)) in kinds
    assert all("RESTRICTED" not in title for _, title in kinds)


def test_a_benefit_links_to_the_indicator_that_measures_it(delivery, anonymous):
    from datetime import date
    from decimal import Decimal

    from joinedup.programme import services
    from tests.outcomes import factories as outcomes

    indicator = outcomes.indicator("AE-4H-ALL", name="Four-hour performance")
    services.define_benefit(
        project=delivery.project, description="Fewer long waits", observable_outcome="Waits fall",
        measure="Four-hour performance", indicator_code="AE-4H-ALL", baseline=Decimal(78),
        target=Decimal(90), target_on=date(2022, 3, 1), owner=delivery.manager,
    )  # fmt: skip
    page = anonymous.client.get(delivery.project.get_absolute_url()).content.decode()
    assert indicator.get_absolute_url() in page
    assert anonymous.client.get(indicator.get_absolute_url()).status_code == 200
