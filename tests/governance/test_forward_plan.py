"""A body's forward plan: the items planned for its future boards, shown on the body's page, added
by its secretary, and turned into a meeting's agenda when the meeting is scheduled from it."""

import pytest

from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import ItemCategory, ItemPurpose, MembershipRole
from joinedup.governance.models import ForwardPlanItem
from tests import factories
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db


def _plan(body, title, board_number, category=ItemCategory.PRIORITISATION,
          purpose=ItemPurpose.RECOMMENDATION):  # fmt: skip
    return services.plan_item(
        body=body, title=title, category=category, purpose=purpose, board_number=board_number
    )


def _new(body) -> str:
    return f"/bodies/{body.slug}/forward-plan/new/"


PLAN = {"title": "Tranche 2 priorities", "category": ItemCategory.PRIORITISATION,
        "purpose": ItemPurpose.RECOMMENDATION, "board_number": "4"}  # fmt: skip


def test_the_body_page_shows_the_items_planned_for_each_future_board(anonymous, board):
    _plan(board.body, "Report to IOB", 3, ItemCategory.GOVERNANCE, ItemPurpose.ASSURANCE)
    _plan(board.body, "Workforce strategy", 4, ItemCategory.SPOTLIGHT, ItemPurpose.INFORMATION)
    page = anonymous.client.get(board.body.get_absolute_url()).content.decode()
    plan = page[page.index('id="forward-plan"') :]
    for text in ("Board 3", "Report to IOB", "Governance", "For assurance", "Board 4",
                 "Workforce strategy", "spotlight session", "For information"):  # fmt: skip
        assert text in plan
    assert plan.index("Board 3") < plan.index("Board 4")
    assert "Add an item to the forward plan" not in page


def test_a_board_scheduled_from_the_plan_leaves_the_forward_plan(anonymous, secretary, board):
    _plan(board.body, "Report to IOB", 3)
    _plan(board.body, "Project Y", 4)
    page = secretary.client.get(board.body.get_absolute_url()).content.decode()
    assert "Create a meeting from the work plan" in page
    meeting = gov.meeting(board.body, days_from_now=14)
    services.schedule_meeting_from_plan(
        body=board.body, board_number=3, title="Board 3", starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )  # fmt: skip
    page = anonymous.client.get(board.body.get_absolute_url()).content.decode()
    plan = page[page.index('id="forward-plan"') :]
    assert "Report to IOB" not in plan.split("Recommendations")[0] and "Project Y" in plan


def test_the_secretary_adds_an_item_to_the_forward_plan(secretary, board):
    assert (
        "Add an item to the forward plan"
        in secretary.client.get(board.body.get_absolute_url()).content.decode()
    )
    assert secretary.client.get(_new(board.body)).status_code == 200
    _plan(board.body, "Already planned", 4)
    response = secretary.client.post(_new(board.body), PLAN)
    assert response.status_code == 302
    assert response["Location"] == f"{board.body.get_absolute_url()}#forward-plan"
    planned = ForwardPlanItem.objects.get(title="Tranche 2 priorities")
    assert (planned.board_number, planned.position) == (4, 2)
    assert AuditEntry.objects.filter(action="forward_plan.item_added").count() == 2


def test_a_member_serving_as_the_bodys_secretary_plans_its_business_only(client, board):
    clerk = factories.person("clerk")
    gov.seat(board.body, clerk, MembershipRole.SECRETARY, voting=False)
    client.force_login(clerk.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(_new(board.body), PLAN).status_code == 302
    other = gov.body("Other Board")
    assert client.get(_new(other)).status_code == 403
    assert client.post(_new(other), PLAN).status_code == 403
    assert not other.forward_plan.exists()


def test_a_member_cannot_add_to_the_forward_plan(client, board):
    client.force_login(board.rep_a.user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(_new(board.body), PLAN).status_code == 403
    assert not ForwardPlanItem.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"board_number": "0"}, "greater than or equal to 1"),
        ({"board_number": "2"}, "Board 2 is already scheduled"),
        ({"board_number": "two"}, "Enter a whole number"),
    ],
)
def test_a_bad_board_number_is_refused_beside_the_field_and_nothing_is_planned(
    secretary, board, fields, message
):
    _plan(board.body, "TOR approval", 2)
    meeting = gov.meeting(board.body, days_from_now=14)
    services.schedule_meeting_from_plan(
        body=board.body, board_number=2, title="Board 2", starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
    )  # fmt: skip
    response = secretary.client.post(_new(board.body), {**PLAN, **fields})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_board_number-error"' in page and message in page
    assert ForwardPlanItem.objects.count() == 1


def test_a_form_sent_blank_names_every_missing_field(secretary, board):
    response = secretary.client.post(_new(board.body), {})
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("title", "category", "purpose", "board_number"):
        assert f'id="id_{field}-error"' in page, field
    assert not ForwardPlanItem.objects.exists()
