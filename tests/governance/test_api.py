"""The governance API: lists paginated and filtered, Part B only for those allowed, responses and
attendance written only by those entitled, refusals with a message and nothing changed."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.core import services as core_services
from joinedup.core.choices import StaffRole, Visibility
from joinedup.core.models import AuditEntry
from joinedup.governance import services
from joinedup.governance.choices import (
    AttendanceStatus,
    BodyKind,
    DecisionPower,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    ResponseStatus,
)
from joinedup.governance.models import Attendance, Response
from tests import factories
from tests.governance import factories as gov
from tests.governance.api_matrix import build_records, paper, recommend, respond

pytestmark = pytest.mark.django_db

API = "/api/v1"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def records(board, member_a, partner_a, partner_b):
    return build_records(board, member_a, partner_a, partner_b)


def _bearer(person) -> dict:
    _, raw = core_services.issue_api_token(person=person, name="script")
    return {"Authorization": f"Bearer {raw}"}


def _response_body(organisation, status=ResponseStatus.ACCEPTED, **changes) -> dict:
    return {
        "organisation_id": str(organisation.pk),
        "status": status,
        "reasons": "Agreed by our board.",
        "decided_by": "Board of trustees",
        "authority": "Articles of association",
        "decided_on": TODAY().isoformat(),
        "minutes_url": "https://partner-a.example.je/minutes/2025-03",
        **changes,
    }


def _post(client, path, data, **kwargs):
    return client.post(f"{API}{path}", data=data, content_type="application/json", **kwargs)


def _titles(body) -> list[str]:
    return [row.get("title") or row.get("name") for row in body["items"]]


# Bodies and memberships


def test_lists_bodies_with_count_and_pages(anonymous):
    for n in range(30):
        gov.body(f"Board {n:02d}")
    body = anonymous.client.get(f"{API}/bodies?page=2&page_size=25").json()
    assert (body["count"], body["page"], body["pages"]) == (30, 2, 2)
    assert _titles(body) == [f"Board {n:02d}" for n in range(25, 30)]


def test_bodies_filter_by_kind(anonymous, records):
    gov.body("Care Model Forum", kind=BodyKind.FORUM)
    body = anonymous.client.get(f"{API}/bodies?kind=forum").json()
    assert _titles(body) == ["Care Model Forum"]


def test_a_body_shows_its_current_terms_of_reference(anonymous, records):
    services.adopt_terms_of_reference(body=records["body"], purpose="To lead.", quorum_minimum=3)
    body = anonymous.client.get(f"{API}/bodies/{records['body'].slug}").json()
    assert body["decision_power"] == DecisionPower.RECOMMENDS
    assert body["terms_of_reference"]["version"] == 2
    assert body["terms_of_reference"]["quorum_minimum"] == 3


def test_a_body_does_not_name_the_hidden_body_it_reports_to(anonymous, member_a, records):
    hidden = records["partnership_body"]
    sub = gov.body("Digital Workstream Board", reports_to=hidden)
    assert anonymous.client.get(f"{API}/bodies/{sub.slug}").json()["reports_to"] is None
    seen = member_a.client.get(f"{API}/bodies/{sub.slug}").json()["reports_to"]
    assert seen == {"slug": hidden.slug, "name": hidden.name}


def test_partnership_bodies_are_hidden_from_anonymous_callers(anonymous, member_b, records):
    hidden = records["partnership_body"]
    assert hidden.name not in _titles(anonymous.client.get(f"{API}/bodies").json())
    assert anonymous.client.get(f"{API}/bodies/{hidden.slug}").status_code == 404
    assert hidden.name in _titles(member_b.client.get(f"{API}/bodies?page_size=100").json())


def test_memberships_list_current_and_past_members_without_contact_details(
    anonymous, records, board
):
    seat = board.body.memberships.get(person=board.rep_c)
    services.end_membership(membership=seat, ends_on=TODAY() - timedelta(days=1))
    url = f"{API}/bodies/{board.body.slug}/memberships"
    everyone = anonymous.client.get(url).json()
    current = anonymous.client.get(f"{url}?current=true").json()
    assert everyone["count"] == 5 and current["count"] == 4
    assert board.rep_c.name not in str(current)
    row = next(m for m in everyone["items"] if m["person"]["name"] == board.rep_a.name)
    assert row["organisation"]["slug"] == board.rep_a.organisation.slug
    assert row["role"] == "member" and row["is_voting"] is True
    assert board.rep_a.email not in str(everyone) and board.rep_a.phone not in str(everyone)


def test_a_member_representing_a_hidden_organisation_is_listed_without_it(anonymous, records):
    hidden = factories.organisation("Quiet Partner", visibility=Visibility.PARTNERSHIP)
    gov.seat(records["body"], factories.person("quiet", organisation=hidden))
    url = f"{API}/bodies/{records['body'].slug}/memberships?page_size=100"
    assert "Quiet Partner" not in str(anonymous.client.get(url).json())


# Meetings


def test_meetings_filter_by_body_and_dates(anonymous, records):
    body = records["body"]
    gov.meeting(body, days_from_now=10, status=MeetingStatus.SCHEDULED, title="Next")
    gov.meeting(body, days_from_now=-40, title="Earlier")
    day = TODAY()
    url = f"{API}/meetings?body={body.slug}&from={day - timedelta(days=30)}&to={day}"
    assert _titles(anonymous.client.get(url).json()) == ["Partnership board", "Board"]
    everything = anonymous.client.get(f"{API}/meetings?body={body.slug}").json()
    assert _titles(everything) == ["Earlier", "Partnership board", "Board", "Next"]


def test_anonymous_caller_sees_part_a_only_with_public_papers(anonymous, records):
    body = anonymous.client.get(f"{API}/meetings/{records['meeting'].pk}").json()
    assert [item["title"] for item in body["items"]] == ["Tranche 1 plan"]
    (public,) = body["items"][0]["papers"]
    assert public["download_url"] == f"/papers/{records['paper'].pk}/"
    assert public["content_type"] == "application/pdf"
    assert "Care home contract" not in str(body) and "Contract terms" not in str(body)


def test_member_of_the_body_sees_part_b_and_its_paper(member_a, records):
    body = member_a.client.get(f"{API}/meetings/{records['meeting'].pk}").json()
    part_b = body["items"][1]
    assert (part_b["title"], part_b["is_confidential"]) == ("Care home contract", True)
    assert [p["title"] for p in part_b["papers"]] == ["Contract terms"]


def test_member_of_another_partner_does_not_see_part_b(member_b, records):
    body = member_b.client.get(f"{API}/meetings/{records['meeting'].pk}").json()
    assert [item["title"] for item in body["items"]] == ["Tranche 1 plan"]


@pytest.mark.parametrize("days, shown", [(0, True), (1, False)])
def test_a_confidential_paper_on_a_public_item_is_shown_from_its_release_date(
    anonymous, records, days, shown
):
    paper(
        records["item"], "Draft budget", is_confidential=True, exemption_reason="In draft",
        release_on=TODAY() + timedelta(days=days),
    )  # fmt: skip
    body = anonymous.client.get(f"{API}/meetings/{records['meeting'].pk}").json()
    assert ("Draft budget" in str(body)) is shown


# Recommendations and responses


def test_the_register_shows_each_addressees_current_response(anonymous, records, board):
    recommendation = recommend(records["item"], board.rep_a.organisation, board.partner_c)
    respond(recommendation, board.rep_a.organisation, by=board.rep_a)
    body = anonymous.client.get(f"{API}/recommendations").json()
    row = next(r for r in body["items"] if r["reference"] == recommendation.reference)
    current = {a["organisation"]["name"]: a["current_response"] for a in row["addressees"]}
    assert current["Partner C Homes"] is None
    assert current["Partner A Care"]["status"] == "accepted"
    assert records["part_b_recommendation"].reference not in str(body)


@pytest.mark.parametrize(
    "status, expected", [("accepted", ["ACCEPTED"]), ("declined", []), ("awaiting", ["WAITING"])]
)
def test_recommendations_filter_by_current_response(anonymous, records, member_a, status, expected):
    accepted = recommend(records["item"], records["partner"], title="ACCEPTED")
    respond(accepted, records["partner"], ResponseStatus.DECLINED, by=member_a.person)
    respond(accepted, records["partner"], ResponseStatus.ACCEPTED, by=member_a.person)
    waiting = recommend(records["item"], records["partner"], title="WAITING")
    body = anonymous.client.get(f"{API}/recommendations?status={status}&page_size=100").json()
    ours = {accepted.reference, waiting.reference}
    assert [r["title"] for r in body["items"] if r["reference"] in ours] == expected


def test_a_recommendation_keeps_its_whole_response_history(anonymous, records, member_a):
    recommendation = records["recommendation"]
    respond(recommendation, records["partner"], by=member_a.person)
    respond(recommendation, records["partner"], ResponseStatus.REVOKED, by=member_a.person)
    body = anonymous.client.get(f"{API}/recommendations/{recommendation.reference}").json()
    assert [r["status"] for r in body["responses"]] == ["accepted", "revoked"]
    assert body["addressees"][0]["current_response"]["status"] == "revoked"
    assert body["item"]["title"] == "Tranche 1 plan"


def test_a_member_records_their_own_organisations_response(member_a, records):
    reference = records["recommendation"].reference
    response = _post(
        member_a.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner"]),
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["organisation"]["name"] == "Partner A Care"
    stored = Response.objects.get()
    assert (stored.status, stored.recorded_by) == ("accepted", member_a.person.user)
    assert AuditEntry.objects.filter(action="recommendation.response_accepted").exists()


def test_a_member_cannot_respond_for_another_organisation(member_a, records):
    reference = records["recommendation"].reference
    response = _post(
        member_a.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner_b"]),
    )  # fmt: skip
    assert response.status_code == 403
    assert "your own organisation" in response.json()["message"]
    assert not Response.objects.exists()


def test_an_organisation_not_addressed_is_refused_with_a_message_and_nothing_stored(
    member_b, records
):
    audit_entries = AuditEntry.objects.count()
    reference = records["recommendation"].reference
    response = _post(
        member_b.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner_b"]),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["message"] == "The recommendation was not addressed to Partner B Trust."
    assert response.json()["errors"][0]["field"] == "organisation"
    assert not Response.objects.exists()
    assert AuditEntry.objects.count() == audit_entries


def test_anonymous_callers_must_authenticate_to_respond(anonymous, records):
    reference = records["recommendation"].reference
    response = _post(
        anonymous.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner"]),
    )  # fmt: skip
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Sign in" in response.json()["message"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"status": "revoked"}, "Only an accepted recommendation can be revoked."),
        ({"decided_on": "2999-01-01"}, "The decision date cannot be in the future."),
        ({"reasons": "   "}, "Give the reasons for the response."),
    ],
)
def test_responses_the_rules_refuse_change_nothing(member_a, records, changes, message):
    reference = records["recommendation"].reference
    response = _post(
        member_a.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner"], **changes),
    )  # fmt: skip
    assert (response.status_code, response.json()["message"]) == (422, message)
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "maybe"},
        {"organisation_id": "partner-a"},
        {"decided_on": "yesterday"},
        {"decided_by": ""},
        {"minutes_url": "javascript:alert(1)"},
        {"reasons": None},
    ],
)
def test_a_malformed_response_is_a_json_error(member_a, records, changes):
    reference = records["recommendation"].reference
    response = _post(
        member_a.client, f"/recommendations/{reference}/responses",
        _response_body(records["partner"], **changes),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["message"].startswith("The request is not valid")
    assert not Response.objects.exists()


def test_a_response_to_an_unknown_recommendation_is_404(member_a, records):
    response = _post(member_a.client, "/recommendations/NOPE/responses", _response_body(
        records["partner"]
    ))  # fmt: skip
    assert response.status_code == 404 and response.json()["message"]


def test_a_session_write_needs_the_csrf_token(member_a, records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a.person.user, backend="django.contrib.auth.backends.ModelBackend")
    path = f"/recommendations/{records['recommendation'].reference}/responses"
    data = _response_body(records["partner"])
    refused = _post(client, path, data)
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    assert not Response.objects.exists()
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    assert _post(client, path, data, headers={"X-CSRFToken": token}).status_code == 201


def test_a_token_write_needs_no_csrf_token(member_a, records):
    client = Client(enforce_csrf_checks=True)
    path = f"/recommendations/{records['recommendation'].reference}/responses"
    response = _post(
        client, path, _response_body(records["partner"]), headers=_bearer(member_a.person)
    )
    assert response.status_code == 201
    assert Response.objects.get().recorded_by == member_a.person.user


# Attendance


def test_a_secretary_records_attendance(secretary, records, board):
    meeting = records["meeting"]
    body = {"person_id": str(board.rep_b.pk), "status": AttendanceStatus.APOLOGIES}
    response = _post(secretary.client, f"/meetings/{meeting.pk}/attendance", body)
    assert response.status_code == 200
    assert response.json()["person"]["name"] == board.rep_b.name
    assert Attendance.objects.get(meeting=meeting, person=board.rep_b).status == "apologies"


def test_a_member_cannot_record_attendance(member_a, records, board):
    meeting = records["meeting"]
    body = {"person_id": str(board.rep_b.pk), "status": AttendanceStatus.PRESENT}
    response = _post(member_a.client, f"/meetings/{meeting.pk}/attendance", body)
    assert response.status_code == 403
    assert response.json()["message"] == "Only a board secretary records attendance."
    assert not Attendance.objects.filter(meeting=meeting, person=board.rep_b).exists()


def test_attendance_at_a_meeting_not_yet_open_is_refused(secretary, records, board):
    future = gov.meeting(records["body"], days_from_now=7, status=MeetingStatus.SCHEDULED)
    body = {"person_id": str(board.rep_b.pk), "status": AttendanceStatus.PRESENT}
    response = _post(secretary.client, f"/meetings/{future.pk}/attendance", body)
    assert response.status_code == 422 and "Attendance is recorded" in response.json()["message"]
    assert not Attendance.objects.filter(meeting=future).exists()


def test_attendance_of_an_unknown_person_is_404(secretary, records):
    body = {"person_id": str(uuid.uuid4()), "status": AttendanceStatus.PRESENT}
    response = _post(secretary.client, f"/meetings/{records['meeting'].pk}/attendance", body)
    assert response.status_code == 404 and response.json()["message"] == "No such person."


def test_attendance_with_a_token_of_a_secretary(records, board, government):
    person = factories.person("clerk", organisation=government, roles=[StaffRole.SECRETARY])
    body = {"person_id": str(board.rep_c.pk), "status": AttendanceStatus.PRESENT}
    response = Client(enforce_csrf_checks=True).post(
        f"{API}/meetings/{records['meeting'].pk}/attendance", data=body,
        content_type="application/json", headers=_bearer(person),
    )  # fmt: skip
    assert response.status_code == 200


# Decisions


def test_decisions_register_and_detail_show_only_visible_papers(anonymous, member_a, records):
    minister = records["decision"].body
    decision = services.record_decision(
        body=minister, title="Fund the plan", text="Funded.", basis="Papers 1 and 2",
        decided_on=TODAY(), papers=[records["paper"], records["confidential_paper"]],
        recommendation=records["part_b_recommendation"],
    )  # fmt: skip
    listed = anonymous.client.get(f"{API}/decisions").json()
    assert {d["reference"] for d in listed["items"]} == {
        records["decision"].reference,
        decision.reference,
    }
    seen = anonymous.client.get(f"{API}/decisions/{decision.reference}").json()
    assert [p["title"] for p in seen["papers"]] == ["Tranche 1 plan"]
    assert seen["recommendation"] is None and seen["basis"] == "Papers 1 and 2"
    as_member = member_a.client.get(f"{API}/decisions/{decision.reference}").json()
    assert [p["title"] for p in as_member["papers"]] == ["Contract terms", "Tranche 1 plan"]
    assert as_member["recommendation"] == records["part_b_recommendation"].reference


def test_decisions_filter_by_body_and_day(anonymous, records):
    minister = records["decision"].body
    services.record_decision(
        body=minister, title="Older", text=".", basis=".", decided_on=TODAY() - timedelta(days=60)
    )
    recent = f"{API}/decisions?body={minister.slug}&from={TODAY() - timedelta(days=7)}"
    assert _titles(anonymous.client.get(recent).json()) == ["Approve the framework"]
    older = f"{API}/decisions?to={TODAY() - timedelta(days=30)}"
    assert _titles(anonymous.client.get(older).json()) == ["Older"]


# Errors and query counts


ZERO = "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    "path, status",
    [
        ("/bodies/no-such-body", 404),
        ("/bodies/no-such-body/memberships", 404),
        ("/bodies?kind=spaceship", 422),
        ("/bodies?page=99", 404),
        ("/bodies?page_size=1000", 422),
        ("/meetings/not-a-uuid", 422),
        (f"/meetings/{ZERO}", 404),
        ("/meetings?from=yesterday", 422),
        ("/meetings?from=2025-02-01&to=2025-01-01", 422),
        ("/recommendations/NOPE", 404),
        ("/recommendations?status=maybe", 422),
        ("/decisions/NOPE", 404),
        ("/oparl/meetings?page=0", 422),
        ("/oparl/meetings?page=9", 404),
        ("/oparl/agendaitems/not-a-uuid", 422),
        (f"/oparl/persons/{ZERO}", 404),
        ("/oparl/partners/no-such-partner", 404),
    ],
)
def test_bad_ids_and_parameters_get_a_clear_json_error(anonymous, records, path, status):
    response = anonymous.client.get(f"{API}{path}")
    assert response.status_code == status
    assert response.json()["message"]


def test_dates_out_of_order_are_explained(anonymous):
    response = anonymous.client.get(f"{API}/meetings?from=2025-02-01&to=2025-01-01")
    assert "'from' must not be after 'to'" in response.json()["message"]


def _grow_bodies(r, n):
    for _ in range(n):
        gov.body(reports_to=r["body"], organisation=factories.organisation())


def _grow_members(r, n):
    for _ in range(n):
        gov.seat(r["body"], factories.person(organisation=factories.organisation()))


def _presented_item(meeting, title, presenter):
    return services.add_agenda_item(
        meeting=meeting, title=title, category=ItemCategory.SPOTLIGHT,
        purpose=ItemPurpose.INFORMATION, presenter=presenter,
    )  # fmt: skip


def _grow_meetings(r, n):
    for day in range(n):
        meeting = gov.meeting(r["body"], days_from_now=day + 1)
        paper(_presented_item(meeting, "Part A", r["person"]), "Part A paper")
        paper(gov.item(meeting, "Part B", confidential=True), "Part B paper")


def _grow_items(r, n):
    for number in range(n):
        paper(_presented_item(r["meeting"], f"Item {number}", r["person"]), "Paper")


def _grow_recommendations(r, n):
    for _ in range(n):
        recommendation = recommend(r["item"], r["partner"], r["partner_b"])
        respond(recommendation, r["partner"], by=r["person"])


def _grow_decisions(r, n):
    for _ in range(n):
        services.record_decision(
            body=r["decision"].body, title="D", text=".", basis=".", decided_on=TODAY(),
            papers=[r["paper"]], recommendation=r["recommendation"],
        )  # fmt: skip


LISTS = [
    (lambda r: "/bodies", _grow_bodies),
    (lambda r: f"/bodies/{r['body'].slug}/memberships", _grow_members),
    (lambda r: "/meetings", _grow_meetings),
    (lambda r: f"/meetings/{r['meeting'].pk}", _grow_items),
    (lambda r: "/recommendations", _grow_recommendations),
    (lambda r: "/decisions", _grow_decisions),
    (lambda r: "/oparl/organizations", _grow_bodies),
    (lambda r: "/oparl/persons", _grow_members),
    (lambda r: "/oparl/meetings", _grow_meetings),
    (lambda r: "/oparl/papers", _grow_meetings),
    (lambda r: "/popolo", _grow_members),
]


def _size(body: dict) -> int:
    if "count" in body:
        return body["count"]
    if "pagination" in body:
        return body["pagination"]["totalElements"]
    return len(body.get("persons") or body["items"])


def _measure(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.json()
    return len(queries), _size(response.json())


@pytest.mark.parametrize("path_of, grow", LISTS, ids=[g.__name__ for _, g in LISTS])
def test_query_count_does_not_grow_with_the_list(member_a, records, path_of, grow):
    url = f"{API}{path_of(records)}?page_size=100"
    before, size_before = _measure(member_a.client, url)
    grow(records, 30)
    after, size_after = _measure(member_a.client, url)
    assert size_after >= size_before + 30
    assert after == before <= 12


def test_a_board_secretary_sees_part_b(secretary, records):
    body = secretary.client.get(f"{API}/meetings/{records['meeting'].pk}").json()
    assert [item["title"] for item in body["items"]] == ["Tranche 1 plan", "Care home contract"]
