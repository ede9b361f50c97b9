"""The register of the Independent Oversight Board's and Scrutiny's recommendations to the
Minister: each with its response deadline, the days left or overdue, and the executive's
response; nothing of other bodies, and no Part B business to those not allowed."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.governance import services
from joinedup.governance.choices import BodyKind, DecisionPower, ReachedBy, ResponseStatus
from joinedup.governance.models import Addressee, Recommendation
from joinedup.governance.registers import consolidate, deadline
from tests import factories
from tests.governance import factories as gov
from tests.governance.matrix import held_meeting, recommend

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
REGISTER = "/oversight-recommendations/"


@pytest.fixture
def oversight(board, government, secretary):
    minister = gov.body(
        "Minister for Health", short_name="MIN", kind=BodyKind.MINISTERIAL,
        power=DecisionPower.DECIDES, quorum=1,
    )  # fmt: skip
    iob = gov.body(
        "Independent Oversight Board", short_name="IOB", kind=BodyKind.INDEPENDENT_OVERSIGHT,
        power=DecisionPower.ASSURES, quorum=1, reports_to=minister,
    )  # fmt: skip
    panel = gov.body("Scrutiny Panel", short_name="HSSP", kind=BodyKind.SCRUTINY, quorum=1)
    overseer = factories.person("overseer", last_name="Overseer")
    for body in (iob, panel):
        gov.seat(body, overseer)
    _, (iob_item, secret_item) = held_meeting(
        iob, overseer, title="Oversight meeting", public_item="Progress reporting",
        secret_item="SECRET review",
    )  # fmt: skip
    _, (panel_item,) = held_meeting(panel, overseer, title="Hearing", public_item="JCM hearing")
    executive = [government]
    overdue = recommend(iob_item, "Publish a monthly report", executive,
                        response_due=TODAY() - timedelta(days=3))  # fmt: skip
    pending = recommend(panel_item, "Publish the Tranche 1 analysis", executive,
                        response_due=TODAY() + timedelta(days=5))  # fmt: skip
    answered = recommend(iob_item, "Review the risk register", executive,
                         response_due=TODAY() + timedelta(days=10))  # fmt: skip
    services.record_response(
        recommendation=answered, organisation=government,
        status=ResponseStatus.ACCEPTED_WITH_CHANGES, reasons="Accepted: reviewed quarterly.",
        decided_by="Minister for Health and Social Services", authority="Ministerial decision",
        decided_on=TODAY(), by=secretary.person.user,
    )  # fmt: skip
    recommend(secret_item, "SECRET-OVERSIGHT-RECOMMENDATION", executive)
    spb = recommend(board.item, "An SPB recommendation", executive)
    return SimpleNamespace(
        iob=iob, panel=panel, overseer=overseer, overdue=overdue, pending=pending,
        answered=answered, spb=spb, item=iob_item, executive=executive,
    )  # fmt: skip


def _page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def test_the_register_shows_deadlines_days_left_and_the_executive_response(anonymous, oversight):
    page = _page(anonymous.client, REGISTER)
    assert "3 recommendations" in page
    for recommendation in (oversight.overdue, oversight.pending, oversight.answered):
        assert recommendation.get_absolute_url() in page
    for text in ("Overdue by 3 days", "5 days left", "Responded", "Accepted with changes",
                 "Accepted: reviewed quarterly.", "Minister for Health and Social Services",
                 "Awaiting response", "IOB", "HSSP"):  # fmt: skip
        assert text in page
    assert oversight.spb.reference not in page and "SECRET" not in page


def test_members_of_the_oversight_body_see_its_part_b_recommendations(client, oversight):
    client.force_login(oversight.overseer.user, backend="django.contrib.auth.backends.ModelBackend")
    assert "SECRET-OVERSIGHT-RECOMMENDATION" in _page(client, REGISTER)


def test_the_register_filters_by_oversight_body_and_refuses_any_other(anonymous, oversight):
    page = _page(anonymous.client, f"{REGISTER}?body={oversight.panel.slug}")
    assert oversight.pending.reference in page and oversight.overdue.reference not in page
    response = anonymous.client.get(f"{REGISTER}?body={oversight.spb.body.slug}")
    assert response.status_code == 400 and "no oversight body" in response.content.decode()


def test_the_register_is_in_the_navigation_and_linked_from_the_oversight_bodys_page(
    anonymous, oversight
):
    assert f'href="{REGISTER}"' in _page(anonymous.client, "/bodies/")
    assert f"{REGISTER}?body={oversight.iob.slug}" in _page(
        anonymous.client, oversight.iob.get_absolute_url()
    )
    assert REGISTER in _page(anonymous.client, "/recommendations/")


def test_the_register_query_count_is_bounded_and_does_not_grow_with_the_rows(
    anonymous, member_a, oversight, django_assert_max_num_queries
):
    def queries(persona) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert persona.client.get(REGISTER).status_code == 200
        return len(captured.captured_queries)

    few = {persona.name: queries(persona) for persona in (anonymous, member_a)}
    bulk = Recommendation.objects.bulk_create(
        Recommendation(
            reference=f"IOB-BULK-{n:04d}", body=oversight.iob, meeting=oversight.item.meeting,
            item=oversight.item, title=f"Bulk {n}", text="…", reached_by=ReachedBy.CONSENSUS,
            issued_at=timezone.now() - timedelta(minutes=n), response_due=TODAY(),
        )
        for n in range(200)
    )  # fmt: skip
    Addressee.objects.bulk_create(
        Addressee(recommendation=r, organisation=o) for r in bulk for o in oversight.executive
    )
    assert {persona.name: queries(persona) for persona in (anonymous, member_a)} == few
    with django_assert_max_num_queries(9):
        member_a.client.get(REGISTER)


@pytest.mark.parametrize(
    "due, statuses, days_left, overdue",
    [
        (date(2021, 7, 31), {"HCS": []}, 10, False),
        (date(2021, 7, 21), {"HCS": []}, 0, False),
        (date(2021, 7, 18), {"HCS": []}, -3, True),
        (date(2021, 7, 18), {"HCS": ["accepted"]}, None, False),
        (date(2021, 7, 18), {"HCS": ["accepted"], "SPPP": []}, -3, True),
        (None, {"HCS": []}, None, False),
    ],
)  # fmt: skip
def test_the_deadline_runs_only_while_a_response_is_awaited(due, statuses, days_left, overdue):
    organisations = [SimpleNamespace(pk=key) for key in statuses]
    responses = [
        SimpleNamespace(organisation_id=key, status=status)
        for key, history in statuses.items()
        for status in history
    ]
    found = deadline(due, consolidate(organisations, responses), date(2021, 7, 21))
    assert (found.days_left, found.overdue, found.days_overdue) == (
        days_left, overdue, -days_left if overdue else 0
    )  # fmt: skip
