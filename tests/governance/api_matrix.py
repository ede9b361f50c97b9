"""The governance API's rows of the permission matrix, and the records they are walked over.

Rows are (route name, case, method, how to build the path from the records, expected status by
persona), as in tests/core/matrix.py. POST rows send the JSON that POST_DATA builds. The records:
a public Strategic Partnership Board that the member of partner A and the board member sit on
(the test's fixture seats the board member), with a meeting whose
agenda has a Part A item (public paper) and a Part B item (confidential paper), a recommendation
on each addressed to partner A, a deciding body with a decision, a partnership-only body and a
body restricted to partner A, each with a meeting, a member and (the partnership one) a decision.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.governance import services
from joinedup.governance.choices import (
    AttendanceStatus,
    DecisionPower,
    MeetingStatus,
    ReachedBy,
    ResponseStatus,
)
from tests import factories
from tests.governance import factories as gov
from tests.matrix import ADMIN, ANON, BOARD, SECRETARY, A, B, everyone, signed_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The board's Part B: its members (A's and the board member), board secretaries and admins.
MEMBERS_ONLY = {**everyone(404), A: 200, BOARD: 200, SECRETARY: 200, ADMIN: 200}
# A body restricted to partner A: its people and admins; no staff role opens it.
RESTRICTED_TO_A = {**everyone(404), A: 200, ADMIN: 200}
HIDDEN = signed_in(200, anonymous=404)  # partnership-only records


def paper(item, title: str, **fields):
    uploaded = SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.pdf", PDF)
    return services.upload_paper(item=item, title=title, uploaded=uploaded, **fields)


def recommend(item, *to, title="Adopt the tranche 1 plan"):
    return services.issue_recommendation(
        item=item, title=title, text="We recommend …", reached_by=ReachedBy.CONSENSUS,
        addressed_to=to,
    )  # fmt: skip


def respond(recommendation, organisation, status=ResponseStatus.ACCEPTED, *, by):
    return services.record_response(
        recommendation=recommendation, organisation=organisation, status=status,
        reasons="Agreed by our board.", decided_by="Board of trustees",
        authority="Articles of association", decided_on=timezone.localdate(), by=by.user,
    )  # fmt: skip


def quorate_meeting(board, **fields):
    """A meeting of the board whose papers are published, with the chair and A's rep present."""
    meeting = gov.meeting(board.body, **fields)
    for person in (board.chair, board.rep_a):
        services.record_attendance(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
    return meeting


def build_records(board, member_a, partner_a, partner_b) -> dict:
    membership = gov.seat(board.body, member_a.person)
    meeting = quorate_meeting(board, days_from_now=-2, title="Partnership board")
    item = gov.item(meeting, "Tranche 1 plan")
    part_b = gov.item(meeting, "Care home contract", confidential=True)
    minister = gov.body("Minister for Health", power=DecisionPower.DECIDES, short_name="MIN")
    partnership_body = gov.body(
        "Partners Forum", power=DecisionPower.DECIDES, visibility=Visibility.PARTNERSHIP
    )
    restricted_body = gov.body("Partner A Committee", visibility=Visibility.RESTRICTED)
    restricted_body.restricted_to.set([partner_a])
    insider = factories.person("insider", organisation=partner_a)
    today = timezone.localdate()
    return {
        "body": board.body,
        "meeting": meeting,
        "item": item,
        "part_b": part_b,
        "paper": paper(item, "Tranche 1 plan"),
        "confidential_paper": paper(part_b, "Contract terms"),
        "recommendation": recommend(item, partner_a),
        "part_b_recommendation": recommend(part_b, partner_a, title="Award the contract"),
        "decision": services.record_decision(
            body=minister,
            title="Approve the framework",
            text="Approved.",
            basis="The board's recommendation.",
            decided_on=today,
        ),  # fmt: skip
        "membership": membership,
        "person": member_a.person,
        "partner": partner_a,
        "partner_b": partner_b,
        "partnership_body": partnership_body,
        "partnership_meeting": gov.meeting(partnership_body),
        "partnership_membership": gov.seat(partnership_body, insider),
        "partnership_person": insider,
        "partnership_decision": services.record_decision(
            body=partnership_body,
            title="Share the data",
            text="Agreed.",
            basis="Paper 2",
            decided_on=today,
        ),  # fmt: skip
        "restricted_body": restricted_body,
        "restricted_meeting": gov.meeting(restricted_body, status=MeetingStatus.PAPERS_PUBLISHED),
    }


def _api(path: str):
    return lambda r: f"/api/v1/{path}"


def _slug(key: str, path: str):
    return lambda r: f"/api/v1/{path.format(r[key].slug)}"


def _id(key: str, path: str):
    return lambda r: f"/api/v1/{path.format(r[key].pk)}"


def _ref(key: str, path: str):
    return lambda r: f"/api/v1/{path.format(r[key].reference)}"


WRITE_AS_SECRETARY = {**everyone(403), ANON: 401, SECRETARY: 200, ADMIN: 200}

# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("api:list_bodies", "", "get", _api("bodies"), everyone(200)),
    ("api:get_body", "public", "get", _slug("body", "bodies/{}"), everyone(200)),
    ("api:get_body", "partnership", "get", _slug("partnership_body", "bodies/{}"), HIDDEN),
    ("api:get_body", "restricted to A", "get", _slug("restricted_body", "bodies/{}"),
     RESTRICTED_TO_A),
    ("api:list_body_memberships", "public", "get",
     _slug("body", "bodies/{}/memberships"), everyone(200)),
    ("api:list_body_memberships", "partnership", "get",
     _slug("partnership_body", "bodies/{}/memberships"), HIDDEN),
    ("api:list_meetings", "", "get", _api("meetings"), everyone(200)),
    ("api:get_meeting", "public", "get", _id("meeting", "meetings/{}"), everyone(200)),
    ("api:get_meeting", "partnership", "get",
     _id("partnership_meeting", "meetings/{}"), HIDDEN),
    ("api:get_meeting", "restricted to A", "get", _id("restricted_meeting", "meetings/{}"),
     RESTRICTED_TO_A),
    ("api:record_attendance", "public", "post",
     _id("meeting", "meetings/{}/attendance"), WRITE_AS_SECRETARY),
    ("api:record_attendance", "restricted to A", "post",
     _id("restricted_meeting", "meetings/{}/attendance"),
     {**RESTRICTED_TO_A, ANON: 401, A: 403}),
    ("api:list_recommendations", "", "get", _api("recommendations"), everyone(200)),
    ("api:get_recommendation", "Part A", "get",
     _ref("recommendation", "recommendations/{}"), everyone(200)),
    ("api:get_recommendation", "Part B", "get",
     _ref("part_b_recommendation", "recommendations/{}"), MEMBERS_ONLY),
    ("api:record_response", "for partner A, addressed", "post",
     _ref("recommendation", "recommendations/{}/responses"),
     {**everyone(403), ANON: 401, A: 201, ADMIN: 201}),
    ("api:record_response", "for partner B, not addressed", "post",
     _ref("recommendation", "recommendations/{}/responses"),
     {**everyone(403), ANON: 401, B: 422, ADMIN: 422}),
    ("api:record_response", "Part B, for partner A", "post",
     _ref("part_b_recommendation", "recommendations/{}/responses"),
     {**MEMBERS_ONLY, ANON: 401, A: 201, BOARD: 403, SECRETARY: 403, ADMIN: 201}),
    ("api:list_decisions", "", "get", _api("decisions"), everyone(200)),
    ("api:get_decision", "public", "get", _ref("decision", "decisions/{}"), everyone(200)),
    ("api:get_decision", "partnership", "get",
     _ref("partnership_decision", "decisions/{}"), HIDDEN),
    ("api:popolo_export", "", "get", _api("popolo"), everyone(200)),
    ("api:oparl_system", "", "get", _api("oparl/system"), everyone(200)),
    ("api:oparl_bodies", "", "get", _api("oparl/bodies"), everyone(200)),
    ("api:oparl_body", "", "get", _api("oparl/body"), everyone(200)),
    ("api:oparl_organizations", "", "get", _api("oparl/organizations"), everyone(200)),
    ("api:oparl_organization", "public", "get",
     _slug("body", "oparl/organizations/{}"), everyone(200)),
    ("api:oparl_organization", "partnership", "get",
     _slug("partnership_body", "oparl/organizations/{}"), HIDDEN),
    ("api:oparl_partner", "public", "get", _slug("partner", "oparl/partners/{}"), everyone(200)),
    ("api:oparl_persons", "", "get", _api("oparl/persons"), everyone(200)),
    ("api:oparl_person", "member of a public body", "get",
     _id("person", "oparl/persons/{}"), everyone(200)),
    ("api:oparl_person", "member of a partnership body only", "get",
     _id("partnership_person", "oparl/persons/{}"), HIDDEN),
    ("api:oparl_membership", "public", "get",
     _id("membership", "oparl/memberships/{}"), everyone(200)),
    ("api:oparl_membership", "partnership", "get",
     _id("partnership_membership", "oparl/memberships/{}"), HIDDEN),
    ("api:oparl_meetings", "", "get", _api("oparl/meetings"), everyone(200)),
    ("api:oparl_meeting", "public", "get", _id("meeting", "oparl/meetings/{}"), everyone(200)),
    ("api:oparl_meeting", "partnership", "get",
     _id("partnership_meeting", "oparl/meetings/{}"), HIDDEN),
    ("api:oparl_agenda_item", "Part A", "get", _id("item", "oparl/agendaitems/{}"), everyone(200)),
    ("api:oparl_agenda_item", "Part B", "get", _id("part_b", "oparl/agendaitems/{}"), MEMBERS_ONLY),
    ("api:oparl_papers", "", "get", _api("oparl/papers"), everyone(200)),
    ("api:oparl_paper", "public", "get", _id("paper", "oparl/papers/{}"), everyone(200)),
    ("api:oparl_paper", "Part B", "get",
     _id("confidential_paper", "oparl/papers/{}"), MEMBERS_ONLY),
    ("api:oparl_file", "public", "get", _id("paper", "oparl/files/{}"), everyone(200)),
    ("api:oparl_file", "Part B", "get", _id("confidential_paper", "oparl/files/{}"), MEMBERS_ONLY),
]  # fmt: skip


def _response_for(organisation_key: str):
    def build(r) -> dict:
        return {
            "organisation_id": str(r[organisation_key].pk),
            "status": ResponseStatus.ACCEPTED,
            "reasons": "Agreed by our board.",
            "decided_by": "Board of trustees",
            "authority": "Articles of association",
            "decided_on": timezone.localdate().isoformat(),
        }

    return build


# JSON bodies for the POST rows, by (route name, case), built from the records.
POST_DATA = {
    ("api:record_attendance", "public"): lambda r: {
        "person_id": str(r["person"].pk), "status": AttendanceStatus.PRESENT,
    },
    ("api:record_attendance", "restricted to A"): lambda r: {
        "person_id": str(r["person"].pk), "status": AttendanceStatus.APOLOGIES,
    },
    ("api:record_response", "for partner A, addressed"): _response_for("partner"),
    ("api:record_response", "for partner B, not addressed"): _response_for("partner_b"),
    ("api:record_response", "Part B, for partner A"): _response_for("partner"),
}  # fmt: skip
