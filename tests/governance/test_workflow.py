"""The secretary runs a meeting in the browser's forms; partners respond; members see their
business. Every refusal is shown beside the form and changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import (
    ActionStatus,
    DecisionPower,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    ResponseStatus,
)
from joinedup.governance.models import AgendaItem, Meeting, Paper, Recommendation, Response
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _manage(meeting) -> str:
    return f"/meetings/{meeting.id}/manage/"


@pytest.fixture
def planned_body(board):
    services.plan_item(
        body=board.body, title="TOR Approval", category=ItemCategory.GOVERNANCE,
        purpose=ItemPurpose.DECISION, board_number=2,
    )  # fmt: skip
    services.plan_item(
        body=board.body, title="Tranche 1 plan", category=ItemCategory.PRIORITISATION,
        purpose=ItemPurpose.RECOMMENDATION, board_number=2,
    )  # fmt: skip
    return board.body


def test_secretary_schedules_a_meeting_with_the_agenda_from_the_work_plan(secretary, planned_body):
    starts = (timezone.localtime() + timedelta(days=14)).replace(hour=18, minute=0)
    response = secretary.client.post(
        f"/meetings/new/?body={planned_body.slug}",
        {"title": "Board 2", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
         "ends_at": (starts + timedelta(minutes=90)).strftime("%Y-%m-%dT%H:%M"),
         "location": "Online", "board_number": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Board 2")
    assert [i.title for i in meeting.items.order_by("position")] == [
        "TOR Approval",
        "Tranche 1 plan",
    ]


def test_a_meeting_that_ends_before_it_starts_is_refused_beside_the_field(secretary, planned_body):
    response = secretary.client.post(
        f"/meetings/new/?body={planned_body.slug}",
        {"title": "Backwards", "starts_at": "2030-01-01T18:00", "ends_at": "2030-01-01T17:00"},
    )
    assert response.status_code == 400
    assert 'id="id_ends_at-error"' in response.content.decode()
    assert not Meeting.objects.filter(title="Backwards").exists()


def test_partners_cannot_run_meetings(member_a, anonymous, board):
    assert member_a.client.get(_manage(board.meeting)).status_code == 403
    assert anonymous.client.get(_manage(board.meeting)).status_code == 302
    assert (
        member_a.client.post(
            f"/meetings/{board.meeting.id}/items/", {"title": "Sneaky"}
        ).status_code
        == 403
    )


def test_secretary_builds_the_agenda_uploads_a_paper_and_publishes(
    secretary, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    page = secretary.client.post(
        f"/meetings/{meeting.id}/items/",
        {"title": "Out of hours", "category": "spotlight", "purpose": "discussion"},
    )
    assert page.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting, title="Out of hours")
    uploaded = secretary.client.post(
        f"/meetings/{meeting.id}/papers/",
        {"item": item.pk, "title": "Spotlight paper", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert uploaded.status_code == 302
    moved = secretary.client.post(f"/meetings/{meeting.id}/status/", {"to": "papers_published"})
    assert moved.status_code == 302
    assert Paper.objects.get(title="Spotlight paper").published_at is not None


def test_a_paper_of_the_wrong_type_is_refused_beside_the_field(
    secretary, board, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    meeting = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    item = gov.item(meeting)
    response = secretary.client.post(
        f"/meetings/{meeting.id}/papers/",
        {"item": item.pk, "title": "Bad", "file": SimpleUploadedFile("bad.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
    assert not Paper.objects.exists()


def test_a_part_b_item_without_a_reason_is_refused(secretary, board):
    meeting = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    response = secretary.client.post(
        f"/meetings/{meeting.id}/items/",
        {"title": "Contract", "category": "other", "purpose": "decision", "is_confidential": "on"},
    )
    assert response.status_code == 400
    assert 'id="item-exemption_reason-error"' in response.content.decode()


def test_a_declaration_that_removes_quorum_stops_the_recommendation(secretary, board):
    secretary.client.post(
        f"/meetings/{board.meeting.id}/declarations/",
        {"item": board.item.pk, "person": board.rep_a.pk, "description": "Bidder",
         "consequence": "withdrew"},
    )  # fmt: skip
    page = secretary.client.get(_manage(board.meeting)).content.decode()
    assert "Not quorate" in page
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/recommendations/",
        {"item": board.item.pk, "title": "Adopt", "text": "We recommend",
         "reached_by": "consensus", "addressed_to": [board.rep_b.organisation.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "not quorate" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_secretary_records_a_recommendation_to_three_partners(secretary, board):
    orgs = [board.rep_a.organisation, board.rep_b.organisation, board.partner_c]
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/recommendations/",
        {"item": board.item.pk, "title": "Adopt the plan", "text": "We recommend",
         "reached_by": "consensus", "addressed_to": [o.pk for o in orgs]},
    )  # fmt: skip
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert set(recommendation.addressed_to.all()) == set(orgs)


def test_an_advisory_body_is_not_offered_a_decision_form_and_cannot_post_one(secretary, board):
    page = secretary.client.get(_manage(board.meeting)).content.decode()
    assert "Record the decision" not in page
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/decisions/",
        {"item": board.item.pk, "title": "Adopt", "text": "Decided", "basis": "Paper 1"},
    )
    assert response.status_code == 400
    assert "cannot make a binding decision" in response.content.decode()


def test_minutes_are_drafted_and_cannot_be_approved_at_the_same_meeting(secretary, board):
    assert (
        secretary.client.post(
            f"/meetings/{board.meeting.id}/minutes/", {"text": "Present: the chair"}
        ).status_code
        == 302
    )
    minutes = board.meeting.minutes
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/minutes/approve/", {"minutes": minutes.pk}
    )
    assert response.status_code == 400
    minutes.refresh_from_db()
    assert not minutes.is_approved


def _recommendation(board):
    return services.issue_recommendation(
        item=board.item, title="Adopt", text="We recommend", reached_by="consensus",
        addressed_to=[board.rep_a.organisation, board.rep_b.organisation],
    )  # fmt: skip


def _signed_in(client, person):
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


RESPONSE = {
    "status": ResponseStatus.ACCEPTED, "reasons": "Our board agreed.",
    "decided_by": "Board of trustees", "authority": "Articles, section 4",
}  # fmt: skip


def test_a_partner_representative_records_their_organisations_response(client, board):
    recommendation = _recommendation(board)
    _signed_in(client, board.rep_a)
    response = client.post(
        f"/recommendations/{recommendation.reference}/respond/",
        {**RESPONSE, "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert Response.objects.get().organisation == board.rep_a.organisation


def test_a_representative_of_an_organisation_not_addressed_cannot_respond(client, board):
    recommendation = _recommendation(board)
    _signed_in(client, board.rep_c)
    response = client.post(
        f"/recommendations/{recommendation.reference}/respond/",
        {**RESPONSE, "decided_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_response_dated_in_the_future_is_refused_beside_the_field(client, board):
    recommendation = _recommendation(board)
    _signed_in(client, board.rep_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        f"/recommendations/{recommendation.reference}/respond/",
        {**RESPONSE, "decided_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert 'id="id_decided_on-error"' in response.content.decode()
    assert not Response.objects.exists()


def test_a_member_sees_their_meetings_actions_and_responses_due(client, board):
    upcoming = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    services.assign_action(
        meeting=board.meeting, title="Send the plan", owner=board.rep_a,
        due_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    recommendation = _recommendation(board)
    page = _signed_in(client, board.rep_a).get("/my/").content.decode()
    assert upcoming.title in page
    assert "Send the plan" in page and "Overdue" in page
    assert recommendation.reference in page


def test_the_manage_page_query_count_is_bounded(secretary, board, django_assert_max_num_queries):
    for n in range(15):
        board.meeting.items.create(position=n + 10, title=f"Item {n}", category="other",
                                   purpose="information")  # fmt: skip
    with django_assert_max_num_queries(60):
        assert secretary.client.get(_manage(board.meeting)).status_code == 200


def test_a_deciding_body_records_a_decision_through_the_form(secretary, partner_a):
    programme = gov.body("Programme Board", power=DecisionPower.DECIDES, quorum=1)
    meeting = gov.meeting(programme, status=MeetingStatus.PAPERS_PUBLISHED)
    item = gov.item(meeting, purpose=ItemPurpose.DECISION)
    chair = gov.seat(programme, secretary.person).person
    services.record_attendance(meeting=meeting, person=chair, status="present")
    response = secretary.client.post(
        f"/meetings/{meeting.id}/decisions/",
        {"item": item.pk, "title": "Start the project", "text": "Agreed", "basis": "Paper 2"},
    )
    assert response.status_code == 302
    assert programme.decisions.count() == 1


# Re-exempting a confidential paper, approving terms of reference, completing an action --------


@pytest.fixture
def released_paper(board, settings, tmp_path):
    """A confidential paper of the held meeting whose release date came yesterday."""
    settings.MEDIA_ROOT = tmp_path
    return services.upload_paper(
        item=board.item, title="Provider prices", uploaded=SimpleUploadedFile("p.pdf", PDF),
        is_confidential=True, exemption_reason="Commercially sensitive",
        release_on=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip


def test_secretary_keeps_back_a_confidential_paper_whose_release_date_has_come(
    secretary, anonymous, board, released_paper
):
    assert anonymous.client.get(released_paper.get_absolute_url()).status_code == 200
    assert (
        "Provider prices (release date"
        in secretary.client.get(_manage(board.meeting)).content.decode()
    )
    until = timezone.localdate() + timedelta(days=90)
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/papers/re-exempt/",
        {"paper": released_paper.pk, "reason": "The tender is still open.",
         "release_on": until.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    released_paper.refresh_from_db()
    assert (released_paper.release_on, released_paper.exemption_reason) == (
        until, "The tender is still open."
    )  # fmt: skip
    assert anonymous.client.get(released_paper.get_absolute_url()).status_code == 404
    assert AuditEntry.objects.filter(action="paper.re_exempted").count() == 1


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"release_on": "2020-01-01"}, "release_on", "must be in the future"),
        ({"reason": ""}, "reason", "This field is required"),
    ],
)
def test_a_re_exemption_without_a_reason_or_a_future_date_is_refused_beside_the_field(
    secretary, board, released_paper, fields, field, message
):
    data = {"paper": released_paper.pk, "reason": "Still open", "release_on": "2999-01-01"}
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/papers/re-exempt/", {**data, **fields}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="re_exempt-{field}-error"' in page and message in page
    before = released_paper.release_on
    released_paper.refresh_from_db()
    assert (released_paper.release_on, released_paper.exemption_reason) == (
        before, "Commercially sensitive"
    )  # fmt: skip


def test_terms_of_reference_are_approved_at_a_meeting_through_the_form(secretary, board):
    terms = board.body.terms_of_reference.get()
    assert terms.approved_at is None
    page = secretary.client.get(_manage(board.meeting)).content.decode()
    assert f"{board.body.name}, version 1" in page
    response = secretary.client.post(
        f"/meetings/{board.meeting.id}/terms/approve/", {"terms": terms.pk}
    )
    assert response.status_code == 302
    terms.refresh_from_db()
    assert (terms.approved_at, terms.approved_on) == (
        board.meeting, board.meeting.starts_at.date()
    )  # fmt: skip
    assert "awaits approval" in secretary.client.get(_manage(board.meeting)).content.decode()


def test_terms_cannot_be_approved_at_a_meeting_not_yet_held(secretary, board):
    terms = board.body.terms_of_reference.get()
    upcoming = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    response = secretary.client.post(f"/meetings/{upcoming.id}/terms/approve/", {"terms": terms.pk})
    assert response.status_code == 400
    assert "taking place or was held" in response.content.decode()
    terms.refresh_from_db()
    assert terms.approved_at is None


def _action(board, owner, **fields):
    return services.assign_action(
        meeting=board.meeting, item=board.item, title="Send the plan to each partner",
        owner=owner, due_on=fields.pop("due_on", timezone.localdate() + timedelta(days=7)),
    )  # fmt: skip


def test_the_owner_marks_their_action_done_from_their_business_page(client, board):
    action = _action(board, board.rep_a)
    _signed_in(client, board.rep_a)
    assert f"/actions/{action.id}/complete/" in client.get("/my/").content.decode()
    assert f"/actions/{action.id}/complete/" in client.get("/actions/").content.decode()
    response = client.post(
        f"/actions/{action.id}/complete/", {"completed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.DONE, timezone.localdate())
    assert AuditEntry.objects.filter(action="action.completed").count() == 1
    assert "You have no open actions." in client.get("/my/").content.decode()


def test_the_secretary_marks_an_action_done_but_another_member_cannot(secretary, client, board):
    action = _action(board, board.rep_a)
    _signed_in(client, board.rep_b)
    assert f"/actions/{action.id}/complete/" not in client.get("/actions/").content.decode()
    today = timezone.localdate().isoformat()
    assert (
        client.post(f"/actions/{action.id}/complete/", {"completed_on": today}).status_code == 403
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    done = secretary.client.post(f"/actions/{action.id}/complete/", {"completed_on": today})
    assert done.status_code == 302


@pytest.mark.parametrize(
    "completed_on, message",
    [
        ("2999-01-01", "cannot be in the future"),
        ("2020-01-01", "before the meeting that agreed it"),
        ("", "This field is required"),
    ],
)
def test_a_bad_completion_date_is_refused_beside_the_field_and_the_action_stays_open(
    client, board, completed_on, message
):
    action = _action(board, board.rep_a)
    _signed_in(client, board.rep_a)
    response = client.post(f"/actions/{action.id}/complete/", {"completed_on": completed_on})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_completed_on-error"' in page and message in page
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.OPEN, None)


def test_an_action_already_done_cannot_be_completed_again(client, board):
    action = _action(board, board.rep_a)
    services.complete_action(action=action, completed_on=timezone.localdate())
    _signed_in(client, board.rep_a)
    assert (
        "nothing more to record" in client.get(f"/actions/{action.id}/complete/").content.decode()
    )
    response = client.post(
        f"/actions/{action.id}/complete/", {"completed_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400 and "already done" in response.content.decode()
