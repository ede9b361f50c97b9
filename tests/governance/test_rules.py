"""The partnership's rules of governance: who may decide, quorum, responses, minutes, papers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import (
    AttendanceStatus,
    DecisionPower,
    DeclarationConsequence,
    MeetingStatus,
    ReachedBy,
    ResponseStatus,
)
from joinedup.governance.models import Decision, Recommendation, Response
from joinedup.governance.queries import latest_responses, quorum_for_item
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _recommend(board, *to):
    return services.issue_recommendation(
        item=board.item, title="Adopt the tranche 1 plan", text="We recommend …",
        reached_by=ReachedBy.CONSENSUS, addressed_to=to,
    )  # fmt: skip


def _respond(recommendation, organisation, status, by, reasons="Agreed by our board."):
    return services.record_response(
        recommendation=recommendation, organisation=organisation, status=status, reasons=reasons,
        decided_by="Board of trustees", authority="Articles of association", decided_on=TODAY(),
        by=by.user,
    )  # fmt: skip


def test_an_advisory_body_cannot_record_a_binding_decision(board):
    with pytest.raises(ValidationError, match="cannot make a binding decision"):
        services.record_decision(
            body=board.body, item=board.item, title="Adopt", text="Adopted", basis="Paper 3",
            decided_on=TODAY(),
        )  # fmt: skip
    assert not Decision.objects.exists()


def test_a_deciding_body_records_a_decision_with_its_basis(board):
    minister = gov.body("Minister for Health", power=DecisionPower.DECIDES, quorum=1)
    decision = services.record_decision(
        body=minister, title="Approve the framework", text="Approved", basis="SPB recommendation",
        decided_on=TODAY(),
    )  # fmt: skip
    assert decision.reference.startswith(f"{minister.short_name}-D-")
    assert AuditEntry.objects.filter(action="decision.recorded").exists()


def test_quorum_counts_present_voting_members(board):
    quorum = quorum_for_item(board.item)
    assert (quorum.present_voting, quorum.required, quorum.met) == (2, 2, True)


def test_a_declared_conflict_removes_quorum_from_that_item_only(board):
    other_item = board.meeting.items.create(
        position=2, title="Out of hours spotlight", category="spotlight", purpose="discussion"
    )
    services.declare_interest(
        item=board.item, person=board.rep_a, description="Director of a bidder",
        consequence=DeclarationConsequence.WITHDREW,
    )  # fmt: skip
    assert not quorum_for_item(board.item).met
    assert quorum_for_item(other_item).met
    with pytest.raises(ValidationError, match="not quorate"):
        _recommend(board, board.rep_b.organisation)
    assert not Recommendation.objects.exists()


def test_a_dispensation_keeps_the_member_in_the_quorum(board):
    services.declare_interest(
        item=board.item, person=board.rep_a, description="Trustee",
        consequence=DeclarationConsequence.DISPENSATION,
    )  # fmt: skip
    assert quorum_for_item(board.item).met


def test_apologies_do_not_count_towards_quorum(board):
    services.record_attendance(
        meeting=board.meeting, person=board.rep_a, status=AttendanceStatus.APOLOGIES
    )
    assert not quorum_for_item(board.item).met


def test_each_partner_responds_in_its_own_right_and_the_state_is_consolidated(board):
    orgs = [board.rep_a.organisation, board.rep_b.organisation, board.partner_c]
    recommendation = _recommend(board, *orgs)
    _respond(recommendation, orgs[0], ResponseStatus.ACCEPTED, board.rep_a)
    _respond(recommendation, orgs[1], ResponseStatus.DECLINED, board.rep_b)
    current = latest_responses(recommendation)
    assert current[orgs[0].pk].status == ResponseStatus.ACCEPTED
    assert current[orgs[1].pk].status == ResponseStatus.DECLINED
    assert orgs[2].pk not in current


def test_an_organisation_not_addressed_cannot_respond(board):
    recommendation = _recommend(board, board.rep_a.organisation)
    with pytest.raises(ValidationError, match="not addressed to"):
        _respond(recommendation, board.rep_b.organisation, ResponseStatus.ACCEPTED, board.rep_b)
    assert not Response.objects.exists()


def test_an_accepted_recommendation_can_be_revoked_with_the_history_kept(board):
    organisation = board.rep_a.organisation
    recommendation = _recommend(board, organisation)
    _respond(recommendation, organisation, ResponseStatus.ACCEPTED, board.rep_a)
    _respond(recommendation, organisation, ResponseStatus.REVOKED, board.rep_a, "Funding withdrawn")
    assert latest_responses(recommendation)[organisation.pk].status == ResponseStatus.REVOKED
    assert recommendation.responses.count() == 2


def test_a_declined_recommendation_cannot_be_revoked(board):
    organisation = board.rep_a.organisation
    recommendation = _recommend(board, organisation)
    _respond(recommendation, organisation, ResponseStatus.DECLINED, board.rep_a)
    with pytest.raises(ValidationError, match="Only an accepted"):
        _respond(recommendation, organisation, ResponseStatus.REVOKED, board.rep_a)


def test_a_recommendation_needs_an_addressee(board):
    with pytest.raises(ValidationError, match="at least one organisation"):
        _recommend(board)


def test_minutes_cannot_be_approved_at_the_meeting_they_record(board):
    minutes = services.draft_minutes(meeting=board.meeting, text="Present: …")
    with pytest.raises(ValidationError, match="not at the meeting they record"):
        services.approve_minutes(minutes=minutes, at_meeting=board.meeting)
    minutes.refresh_from_db()
    assert not minutes.is_approved


def test_minutes_are_approved_at_the_next_meeting(board):
    minutes = services.draft_minutes(meeting=board.meeting, text="Present: …")
    next_meeting = gov.meeting(board.body, days_from_now=-0.1)
    services.approve_minutes(minutes=minutes, at_meeting=next_meeting)
    board.meeting.refresh_from_db()
    assert board.meeting.status == MeetingStatus.MINUTES_APPROVED


def test_meeting_workflow_follows_its_transition_table(board):
    with pytest.raises(ValidationError, match="cannot become"):
        services.move_meeting(meeting=board.meeting, to=MeetingStatus.SCHEDULED)
    future = gov.meeting(board.body, days_from_now=10, status=MeetingStatus.SCHEDULED)
    with pytest.raises(ValidationError, match="reason"):
        services.move_meeting(meeting=future, to=MeetingStatus.CANCELLED)
    services.move_meeting(meeting=future, to=MeetingStatus.CANCELLED, reason="No quorum expected")


def test_an_escalation_goes_to_the_body_reported_to(board):
    programme = gov.body("Programme Board", power=DecisionPower.DECIDES, reports_to=board.body)
    escalation = services.raise_escalation(
        from_body=programme, subject="Third-party delays", detail="…",
        decision_requested="Agree a joint plan", due_by=TODAY() + timedelta(days=30),
        raised_on=TODAY(),
    )  # fmt: skip
    assert escalation.to_body == board.body
    with pytest.raises(ValidationError, match="reports to no other body"):
        services.raise_escalation(
            from_body=board.body, subject="x", detail="x", decision_requested="x",
            due_by=TODAY(), raised_on=TODAY(),
        )  # fmt: skip


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("paper.exe", b"MZ...", "PDF, DOCX or XLSX"),
        ("paper.pdf", b"MZ not a pdf", "not a PDF"),
        ("paper.docx", PDF, "not a DOCX"),
        ("paper", PDF, "PDF, DOCX or XLSX"),
    ],
)
def test_a_paper_of_the_wrong_type_is_refused(board, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match=message):
        services.upload_paper(
            item=board.item, title="Plan", uploaded=SimpleUploadedFile(name, content)
        )
    assert not list(tmp_path.rglob("*.*"))


def test_a_paper_that_is_too_large_is_refused(board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * services.PAPER_MAX_BYTES)
    with pytest.raises(ValidationError, match="smaller than"):
        services.upload_paper(item=board.item, title="Plan", uploaded=big)


def test_a_pdf_paper_is_stored(board, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    paper = services.upload_paper(
        item=board.item, title="Tranche 1 plan", uploaded=SimpleUploadedFile("plan.pdf", PDF)
    )
    assert paper.content_type == "application/pdf"
    assert paper.file.read() == PDF


def test_a_part_b_item_needs_an_exemption_reason(board):
    future = gov.meeting(board.body, days_from_now=5, status=MeetingStatus.SCHEDULED)
    with pytest.raises(ValidationError, match="exempt"):
        services.add_agenda_item(
            meeting=future, title="Contract", category="other", purpose="decision",
            is_confidential=True,
        )  # fmt: skip


def test_a_response_linking_minutes_with_a_script_url_is_refused(board):
    recommendation = _recommend(board, board.rep_a.organisation)
    with pytest.raises(ValidationError, match="http or https"):
        services.record_response(
            recommendation=recommendation, organisation=board.rep_a.organisation,
            status=ResponseStatus.ACCEPTED, reasons="Agreed", decided_by="Board",
            authority="Articles", decided_on=TODAY(), minutes_url="javascript:alert(1)",
            by=board.rep_a.user,
        )  # fmt: skip
    assert not Response.objects.exists()
