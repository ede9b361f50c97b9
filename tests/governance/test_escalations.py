"""Escalations: raised from a meeting to the body it reports to, listed and shown to those who
may see them (Part B ones only to the members of either body), and answered by the receiving
body's secretary. Every refusal is shown beside its field and changes nothing."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import (
    DecisionPower,
    EscalationStatus,
    MeetingStatus,
    MembershipRole,
)
from joinedup.governance.models import Escalation
from tests import factories
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def programme(board):
    """A programme board that reports to the SPB of `board`, at a meeting with a Part A and a
    Part B item."""
    body = gov.body(
        "Programme Board", short_name="PGB", power=DecisionPower.DECIDES, quorum=1,
        reports_to=board.body,
    )  # fmt: skip
    meeting = gov.meeting(body, status=MeetingStatus.PAPERS_PUBLISHED)
    return SimpleNamespace(
        body=body,
        spb=board.body,
        meeting=meeting,
        item=gov.item(meeting, "Delivery delays"),
        secret=gov.item(meeting, "SECRET supplier dispute", confidential=True),
        spb_member=board.rep_a,
    )


def _escalate(programme, *, item=None, subject="Delays from third parties", due_in=7, ago=0):
    return services.raise_escalation(
        from_body=programme.body, meeting=programme.meeting, item=item, subject=subject,
        detail="Milestones are at risk.", decision_requested="Name one lead for dependencies.",
        raised_on=TODAY() - timedelta(days=ago), due_by=TODAY() + timedelta(days=due_in),
    )  # fmt: skip


def _signed_in(client, person):
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


# Raising -----------------------------------------------------------------------------------


def test_secretary_raises_an_escalation_from_the_meeting_workflow(secretary, programme):
    due = TODAY() + timedelta(days=14)
    response = secretary.client.post(
        f"/meetings/{programme.meeting.id}/escalations/",
        {"item": programme.item.pk, "subject": "Delays from third parties",
         "detail": "Milestones are at risk.", "decision_requested": "Name one lead.",
         "due_by": due.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    escalation = Escalation.objects.get()
    assert (escalation.from_body, escalation.to_body) == (programme.body, programme.spb)
    assert (escalation.meeting, escalation.item) == (programme.meeting, programme.item)
    assert (escalation.raised_on, escalation.due_by) == (TODAY(), due)
    assert AuditEntry.objects.filter(action="escalation.raised").count() == 1
    manage = _page(secretary.client, f"/meetings/{programme.meeting.id}/manage/")
    assert "Delays from third parties" in manage and escalation.get_absolute_url() in manage


def test_an_escalation_due_before_it_is_raised_is_refused_beside_the_field(secretary, programme):
    response = secretary.client.post(
        f"/meetings/{programme.meeting.id}/escalations/",
        {"subject": "Late", "detail": "…", "decision_requested": "…",
         "due_by": (TODAY() - timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="escalation-due_by-error"' in page and "due after the escalation" in page
    assert not Escalation.objects.exists()


def test_a_body_that_reports_to_no_other_body_cannot_escalate(secretary, board):
    manage = _page(secretary.client, f"/meetings/{board.meeting.id}/manage/")
    assert "reports to no other body, so it cannot escalate" in manage
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/escalations/",
        {"subject": "Up", "detail": "…", "decision_requested": "…",
         "due_by": TODAY().isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "cannot escalate" in response.content.decode()
    assert not Escalation.objects.exists()


def test_a_partner_cannot_raise_an_escalation(member_a, programme):
    response = member_a.client.post(
        f"/meetings/{programme.meeting.id}/escalations/",
        {"subject": "Up", "detail": "…", "decision_requested": "…",
         "due_by": TODAY().isoformat()},
    )  # fmt: skip
    assert response.status_code == 403
    assert not Escalation.objects.exists()


# Lists and pages -----------------------------------------------------------------------------


def test_the_list_filters_by_status_and_by_either_body_and_flags_the_overdue(anonymous, programme):
    overdue = _escalate(programme, subject="Estates decisions", due_in=-2, ago=10)
    answered = _escalate(programme, subject="Data sharing")
    services.respond_to_escalation(
        escalation=answered, response="Leads named.", responded_on=TODAY()
    )
    open_only = _page(anonymous.client, "/escalations/?status=open")
    assert "Estates decisions" in open_only and "Data sharing" not in open_only
    assert "Overdue" in open_only and "1 escalation" in open_only
    for body in (programme.body, programme.spb):  # raised by one, raised with the other
        page = _page(anonymous.client, f"/escalations/?body={body.slug}")
        assert "Estates decisions" in page and "Data sharing" in page
    assert overdue.get_absolute_url() in open_only


@pytest.mark.parametrize("query", ["status=closed", "body=no-such-body"])
def test_the_list_refuses_bad_filters_with_a_clear_error(anonymous, programme, query):
    response = anonymous.client.get(f"/escalations/?{query}")
    assert response.status_code == 400
    assert "There is no" in response.content.decode()


def test_an_escalation_shows_its_bodies_subject_request_due_date_response_and_resolution(
    anonymous, programme
):
    escalation = _escalate(programme, item=programme.item, due_in=-1, ago=5)
    page = _page(anonymous.client, escalation.get_absolute_url())
    for text in ("Programme Board", "Strategic Partnership Board", "Delays from third parties",
                 "Milestones are at risk.", "Name one lead for dependencies.", "Overdue",
                 "Awaiting response", "has not responded yet", "Delivery delays",
                 programme.meeting.get_absolute_url()):  # fmt: skip
        assert text in page
    services.respond_to_escalation(
        escalation=escalation, response="Leads are named.", responded_on=TODAY(),
        resolution="Dependencies are reported monthly.", resolved_on=TODAY(),
    )  # fmt: skip
    page = _page(anonymous.client, escalation.get_absolute_url())
    assert "Leads are named." in page and "Dependencies are reported monthly." in page
    assert "Resolved" in page and "Overdue" not in page


def test_the_body_and_meeting_pages_link_to_their_escalations(anonymous, programme):
    escalation = _escalate(programme, item=programme.item)
    for path in (programme.body.get_absolute_url(), programme.spb.get_absolute_url(),
                 programme.meeting.get_absolute_url()):  # fmt: skip
        assert escalation.get_absolute_url() in _page(anonymous.client, path), path
    meeting = _page(anonymous.client, programme.meeting.get_absolute_url())
    assert f"/escalations/?body={programme.body.slug}" in meeting
    assert f"{programme.body.get_absolute_url()}#forward-plan" in meeting


def test_a_part_b_escalation_is_seen_only_by_members_of_either_body(
    anonymous, member_b, client, programme
):
    secret = _escalate(programme, item=programme.secret, subject="SECRET-ESCALATION")
    public = _escalate(programme, item=programme.item)
    for persona in (anonymous, member_b):
        assert persona.client.get(secret.get_absolute_url()).status_code == 404
        for path in ("/escalations/", programme.spb.get_absolute_url(),
                     programme.meeting.get_absolute_url()):  # fmt: skip
            page = _page(persona.client, path)
            assert "SECRET" not in page and str(secret.pk) not in page
            assert public.get_absolute_url() in page
    receiving_member = _signed_in(client, programme.spb_member)
    assert "SECRET-ESCALATION" in _page(receiving_member, secret.get_absolute_url())
    assert "SECRET-ESCALATION" in _page(receiving_member, "/escalations/")


# Responding --------------------------------------------------------------------------------


@pytest.fixture
def spb_secretary(programme):
    """A member serving the SPB as its secretary, with no staff role."""
    person = factories.person("spb_secretary", last_name="Secretary")
    gov.seat(programme.spb, person, MembershipRole.SECRETARY, voting=False)
    return person


def _respond(client, escalation, **fields):
    data = {"response": "Leads are named.", "responded_on": TODAY().isoformat(), **fields}
    return client.post(f"{escalation.get_absolute_url()}respond/", data)


def test_the_receiving_bodys_secretary_responds_then_records_the_resolution(
    client, programme, spb_secretary
):
    escalation = _escalate(programme, item=programme.item)
    _signed_in(client, spb_secretary)
    detail = _page(client, escalation.get_absolute_url())
    assert "Respond to the escalation" in detail
    assert _page(client, f"{escalation.get_absolute_url()}respond/").count("Decision requested")
    assert _respond(client, escalation).status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.response) == (
        EscalationStatus.RESPONDED,
        "Leads are named.",
    )
    resolved = _respond(
        client, escalation, resolution="Reported monthly.", resolved_on=TODAY().isoformat()
    )
    assert resolved.status_code == 302
    escalation.refresh_from_db()
    assert (escalation.status, escalation.resolved_on) == (EscalationStatus.RESOLVED, TODAY())
    assert AuditEntry.objects.filter(action="escalation.resolved").count() == 1
    assert "Respond to the escalation" not in _page(client, escalation.get_absolute_url())
    again = _respond(client, escalation, response="Changed my mind.")
    assert again.status_code == 400 and "already resolved" in again.content.decode()
    escalation.refresh_from_db()
    assert escalation.response == "Leads are named."


def test_the_secretary_of_the_raising_body_or_a_member_cannot_respond(client, member_a, programme):
    escalation = _escalate(programme, item=programme.item)
    raiser = factories.person("pgb_secretary")
    gov.seat(programme.body, raiser, MembershipRole.SECRETARY, voting=False)
    for person in (raiser, programme.spb_member):
        _signed_in(client, person)
        assert _respond(client, escalation).status_code == 403
        assert "Respond to the escalation" not in _page(client, escalation.get_absolute_url())
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN and not escalation.response


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"responded_on": "2020-01-01"}, "responded_on", "before the escalation was raised"),
        ({"responded_on": "2999-01-01"}, "responded_on", "in the future"),
        ({"resolution": "Settled."}, "resolved_on", "Give the date it was resolved"),
        ({"resolved_on": "2020-01-01"}, "resolution", "Say how it was resolved"),
        ({"response": ""}, "response", "This field is required"),
    ],
)
def test_a_bad_response_is_refused_beside_its_field_and_changes_nothing(
    secretary, programme, fields, field, message
):
    escalation = _escalate(programme, item=programme.item)
    response = _respond(secretary.client, escalation, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page and message in page
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN and not escalation.response
    assert not AuditEntry.objects.filter(action__startswith="escalation.re").exists()


# Query counts ------------------------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured.captured_queries)


def test_the_list_and_body_page_query_counts_do_not_grow_with_the_escalations(
    member_a, programme, django_assert_max_num_queries
):
    pages = ["/escalations/", "/escalations/?status=open", programme.spb.get_absolute_url()]
    for n in range(3):
        _escalate(programme, subject=f"Matter {n}", item=programme.item)
    few = {path: _queries(member_a.client, path) for path in pages}
    for n in range(3, 40):
        _escalate(programme, subject=f"Matter {n}", item=programme.secret if n % 2 else None)
    assert {path: _queries(member_a.client, path) for path in pages} == few
    with django_assert_max_num_queries(8):
        member_a.client.get("/escalations/")
