"""The secretary runs a meeting in the browser's forms; partners respond; members see their
business. Every refusal is shown beside the form and changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.governance import services
from joinedup.governance.choices import (
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
