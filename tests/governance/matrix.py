"""The governance app's rows of the permission matrix, and the public record they are walked
over: a public board that recommends, a public body that decides, a public oversight body that
reports to it, and a partnership-only body, each with Part A business and (for all but the last)
Part B business with a confidential paper; escalations from the oversight body (one on Part B
business) and from the partnership-only body; and the registers of interests of members of a
public and of a partnership-only body. Partner A's member sits on every body, so A sees Part B
and partner B does not; the board member sits on the public board alone, so sees its Part B and
no other body's. Board secretaries (and admins) see every body's Part B and run every meeting;
no other staff role opens any of it."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.governance import services
from joinedup.governance.choices import (
    AttendanceStatus,
    BodyKind,
    DecisionPower,
    DeclarationConsequence,
    MeetingStatus,
    ReachedBy,
)
from joinedup.governance.models import Action
from tests import factories
from tests.governance import factories as gov
from tests.matrix import ADMIN, ANON, BOARD, SECRETARY, A, B, everyone, signed_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Part B business of a body the board member does not sit on, and of the public board they do.
PART_B = {**everyone(404), A: 200, SECRETARY: 200, ADMIN: 200}
PART_B_OF_THE_BOARD = {**PART_B, BOARD: 200}
PARTNERSHIP = signed_in(200, anonymous=404)
# A body restricted to partner A (added by the test's records): its people and admins only.
RESTRICTED_TO_A = {**everyone(404), A: 200, ADMIN: 200}


def paper(item, title, name="paper.pdf", **options):
    return services.upload_paper(
        item=item, title=title, uploaded=SimpleUploadedFile(name, PDF), **options
    )


def held_meeting(body, member, *, title, public_item, secret_item=None, days_from_now=-1):
    """A meeting of `body` with a Part A item and, if titled, a Part B item, held with the
    member present so that it is quorate for a body with a quorum of one."""
    meeting = gov.meeting(body, title=title, days_from_now=days_from_now)
    items = [gov.item(meeting, public_item)]
    if secret_item:
        items.append(gov.item(meeting, secret_item, confidential=True))
    services.record_attendance(meeting=meeting, person=member, status=AttendanceStatus.PRESENT)
    return services.move_meeting(meeting=meeting, to=MeetingStatus.HELD), items


def recommend(item, title, addressed_to, **options):
    item.refresh_from_db()
    return services.issue_recommendation(
        item=item, title=title, text=f"We recommend: {title}.", reached_by=ReachedBy.CONSENSUS,
        addressed_to=addressed_to, **options,
    )  # fmt: skip


def escalate(item, subject):
    item.refresh_from_db()
    today = timezone.localdate()
    return services.raise_escalation(
        from_body=item.meeting.body, item=item, subject=subject, detail=f"The matter: {subject}.",
        decision_requested=f"Decide: {subject}.", raised_on=today - timedelta(days=10),
        due_by=today - timedelta(days=1),
    )  # fmt: skip


def decide(body, item, title, papers=(), recommendation=None):
    item.refresh_from_db()
    return services.record_decision(
        body=body, item=item, title=title, text=f"Decided: {title}.", basis="The papers.",
        decided_on=timezone.localdate(), papers=papers, recommendation=recommendation,
    )  # fmt: skip


def build_public_record(*, member, addressees, board_member=None) -> dict:
    """The records of the matrix and of the anonymous crawl. Everything confidential carries
    SECRET in its text and everything partnership-only carries PARTNERSHIP-ONLY. The board
    member (if given) sits on the public board alone."""
    board = gov.body("Public Board", short_name="PB", quorum=1)
    decider = gov.body("Public Decider", short_name="PD", power=DecisionPower.DECIDES, quorum=1)
    closed = gov.body(
        "PARTNERSHIP-ONLY Body", short_name="PO", power=DecisionPower.DECIDES, quorum=1,
        visibility=Visibility.PARTNERSHIP, reports_to=board,
    )  # fmt: skip
    for body in (board, decider, closed):
        gov.seat(body, member)
    if board_member:
        gov.seat(board, board_member)
        extra = {"board_member": board_member}
    else:
        extra = {}

    meeting, (item, secret_item) = held_meeting(
        board, member, title="Board meeting", public_item="Tranche 1 plan",
        secret_item="SECRET-ITEM-TITLE",
    )  # fmt: skip
    public_paper = paper(item, "Tranche 1 plan paper", "plan.pdf")
    secret_paper = paper(secret_item, "SECRET-PAPER", "secret.pdf")
    services.declare_interest(
        item=secret_item, person=member, description="SECRET-DECLARATION",
        consequence=DeclarationConsequence.DISPENSATION,
    )  # fmt: skip
    recommendation = recommend(item, "Adopt the tranche 1 plan", addressees)
    secret_recommendation = recommend(secret_item, "SECRET-RECOMMENDATION", addressees)
    services.assign_action(
        meeting=meeting, item=item, title="Publish the plan", owner=member,
        due_on=timezone.localdate() - timedelta(days=3),
    )  # fmt: skip
    services.assign_action(
        meeting=meeting, item=secret_item, title="SECRET-ACTION", owner=member,
        due_on=timezone.localdate() + timedelta(days=3),
    )  # fmt: skip
    services.draft_minutes(meeting=meeting, text="SECRET-DRAFT-MINUTES of the board.")

    decider_meeting, (decided_item, secret_decided_item) = held_meeting(
        decider, member, title="Decider meeting", public_item="Care model funding",
        secret_item="SECRET-CONTRACT-ITEM",
    )  # fmt: skip
    decision = decide(decider, decided_item, "Fund the care model", [public_paper], recommendation)
    secret_decision = decide(
        decider, secret_decided_item, "SECRET-DECISION", [secret_paper], secret_recommendation
    )

    closed_meeting, (closed_item,) = held_meeting(
        closed, member, title="PARTNERSHIP-ONLY meeting", public_item="PARTNERSHIP-ONLY item"
    )
    closed_paper = paper(closed_item, "PARTNERSHIP-ONLY paper")
    closed_recommendation = recommend(closed_item, "PARTNERSHIP-ONLY recommendation", addressees)
    closed_decision = decide(closed, closed_item, "PARTNERSHIP-ONLY decision")
    upcoming = gov.meeting(board, title="Next board meeting", days_from_now=14,
                           status=MeetingStatus.SCHEDULED)  # fmt: skip
    return {
        **extra,
        **_oversight_record(decider, closed, member, addressees, closed_item),
        "action": Action.objects.get(title="Publish the plan"),
        "confidential_action": Action.objects.get(title="SECRET-ACTION"),
        "body": board, "decider": decider, "partnership_body": closed,
        "meeting": meeting, "decider_meeting": decider_meeting,
        "partnership_meeting": closed_meeting, "upcoming": upcoming,
        "paper": public_paper, "confidential_paper": secret_paper,
        "partnership_paper": closed_paper,
        "recommendation": recommendation, "confidential_recommendation": secret_recommendation,
        "partnership_recommendation": closed_recommendation,
        "decision": decision, "confidential_decision": secret_decision,
        "partnership_decision": closed_decision,
    }  # fmt: skip


def _oversight_record(decider, closed, member, addressees, closed_item) -> dict:
    """An oversight body's recommendations to the executive (the decider), and escalations."""
    oversight = gov.body(
        "Public Oversight Board", short_name="POB", kind=BodyKind.INDEPENDENT_OVERSIGHT,
        power=DecisionPower.ASSURES, quorum=1, reports_to=decider,
    )  # fmt: skip
    gov.seat(oversight, member)
    meeting, (item, secret_item) = held_meeting(
        oversight, member, title="Oversight meeting", public_item="Progress reporting",
        secret_item="SECRET-OVERSIGHT-ITEM",
    )  # fmt: skip
    due = timezone.localdate() - timedelta(days=2)
    recommendation = recommend(
        item, "Publish a monthly progress report", addressees, response_due=due
    )
    recommend(secret_item, "SECRET-OVERSIGHT-RECOMMENDATION", addressees, response_due=due)
    partnership_member = factories.person("partnership_seat", last_name="Seated Privately")
    gov.seat(closed, partnership_member)
    return {
        "oversight": oversight,
        "oversight_meeting": meeting,
        "oversight_recommendation": recommendation,
        "escalation": escalate(item, "Reporting delays"),
        "confidential_escalation": escalate(secret_item, "SECRET-ESCALATION"),
        "partnership_escalation": escalate(closed_item, "PARTNERSHIP-ONLY escalation"),
        "member": member,
        "partnership_member": partnership_member,
        "unseated": factories.person("unseated", last_name="Sits Nowhere"),
    }


def _url(key):
    return lambda r: r[key].get_absolute_url()


def _manage(suffix):
    return lambda r: f"/meetings/{r['meeting'].id}/{suffix or 'manage/'}"


SECRETARY_ONLY = {**signed_in(403), SECRETARY: 200, ADMIN: 200}


def secretaries(status: int) -> dict:
    """What a secretary's post gets (an empty form is refused); anyone else is refused."""
    return {**SECRETARY_ONLY, SECRETARY: status, ADMIN: status}


def _feed_of(key):
    return lambda r: f"/bodies/{r[key].slug}/calendar.ics"


def _interests(key, suffix=""):
    return lambda r: f"/members/{r[key].pk}/interests/{suffix}"


def _escalation(key, suffix=""):
    return lambda r: f"{r[key].get_absolute_url()}{suffix}"


def _complete(key):
    return lambda r: f"/actions/{r[key].pk}/complete/"


# Only the viewer themself, board secretaries and admins see a register no body makes public.
OWN_ONLY = {**everyone(404), SECRETARY: 200, ADMIN: 200}


# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("governance:body_list", "", "get", lambda r: "/bodies/", everyone(200)),
    ("governance:body_detail", "public", "get", _url("body"), everyone(200)),
    ("governance:body_detail", "partnership", "get", _url("partnership_body"), PARTNERSHIP),
    ("governance:body_detail", "restricted", "get", _url("restricted_body"), RESTRICTED_TO_A),
    ("governance:body_calendar_feed", "public", "get", _feed_of("body"), everyone(200)),
    ("governance:body_calendar_feed", "partnership", "get", _feed_of("partnership_body"),
     PARTNERSHIP),
    ("governance:body_calendar_feed", "restricted", "get", _feed_of("restricted_body"),
     RESTRICTED_TO_A),
    ("governance:meeting_list", "", "get", lambda r: "/meetings/", everyone(200)),
    ("governance:meeting_list", "past", "get", lambda r: "/meetings/?when=past", everyone(200)),
    ("governance:meeting_list", "partnership body", "get",
     lambda r: f"/meetings/?body={r['partnership_body'].slug}", {**PARTNERSHIP, ANON: 400}),
    ("governance:calendar_feed", "", "get", lambda r: "/meetings/calendar.ics", everyone(200)),
    ("governance:meeting_detail", "public, with Part B", "get", _url("meeting"), everyone(200)),
    ("governance:meeting_detail", "partnership", "get", _url("partnership_meeting"),
     PARTNERSHIP),
    ("governance:meeting_detail", "restricted", "get", _url("restricted_meeting"),
     RESTRICTED_TO_A),
    ("governance:paper_download", "public", "get", _url("paper"), everyone(200)),
    ("governance:paper_download", "confidential", "get", _url("confidential_paper"),
     PART_B_OF_THE_BOARD),
    ("governance:paper_download", "partnership", "get", _url("partnership_paper"), PARTNERSHIP),
    ("governance:recommendation_list", "", "get", lambda r: "/recommendations/", everyone(200)),
    ("governance:recommendation_detail", "public", "get", _url("recommendation"),
     everyone(200)),
    ("governance:recommendation_detail", "Part B", "get", _url("confidential_recommendation"),
     PART_B_OF_THE_BOARD),
    ("governance:recommendation_detail", "partnership", "get",
     _url("partnership_recommendation"), PARTNERSHIP),
    ("governance:decision_list", "", "get", lambda r: "/decisions/", everyone(200)),
    ("governance:decision_detail", "public", "get", _url("decision"), everyone(200)),
    ("governance:decision_detail", "Part B", "get", _url("confidential_decision"), PART_B),
    ("governance:decision_detail", "partnership", "get", _url("partnership_decision"),
     PARTNERSHIP),
    ("governance:action_list", "", "get", lambda r: "/actions/", everyone(200)),
    ("governance:escalation_list", "", "get", lambda r: "/escalations/", everyone(200)),
    ("governance:escalation_list", "open", "get", lambda r: "/escalations/?status=open",
     everyone(200)),
    ("governance:escalation_list", "partnership body", "get",
     lambda r: f"/escalations/?body={r['partnership_body'].slug}", {**PARTNERSHIP, ANON: 400}),
    ("governance:escalation_detail", "public", "get", _escalation("escalation"), everyone(200)),
    ("governance:escalation_detail", "Part B", "get", _escalation("confidential_escalation"),
     PART_B),
    ("governance:escalation_detail", "partnership", "get",
     _escalation("partnership_escalation"), PARTNERSHIP),
    ("governance:oversight_recommendation_list", "", "get",
     lambda r: "/oversight-recommendations/", everyone(200)),
    ("governance:oversight_recommendation_list", "one body", "get",
     lambda r: f"/oversight-recommendations/?body={r['oversight'].slug}", everyone(200)),
    ("governance:oversight_recommendation_list", "not an oversight body", "get",
     lambda r: f"/oversight-recommendations/?body={r['body'].slug}", everyone(400)),
    ("governance:interest_list", "member of public bodies", "get", _interests("member"),
     everyone(200)),
    ("governance:interest_list", "member of a partnership body", "get",
     _interests("partnership_member"), PARTNERSHIP),
    ("governance:interest_list", "member of no body", "get", _interests("unseated"), OWN_ONLY),
    ("governance:interest_list", "the board member's", "get", _interests("board_member"),
     everyone(200)),
    ("governance:decisions_feed", "", "get", lambda r: "/feeds/decisions.atom", everyone(200)),
    # The secretary's workflow: secretaries and admins only (empty posts are refused with 400).
    ("governance:meeting_create", "", "get",
     lambda r: f"/meetings/new/?body={r['body'].slug}", SECRETARY_ONLY),
    ("governance:meeting_manage", "", "get", _manage(""), SECRETARY_ONLY),
    *[(f"governance:{name}", "empty form", "post", _manage(path), secretaries(status))
      for name, path, status in [
          ("meeting_move", "status/", 400), ("item_create", "items/", 400),
          ("paper_create", "papers/", 400), ("attendance_record", "attendance/", 302),
          ("declaration_create", "declarations/", 400),
          ("recommendation_create", "recommendations/", 400),
          ("decision_create", "decisions/", 400), ("action_create", "actions/", 400),
          ("minutes_save", "minutes/", 400), ("minutes_approve", "minutes/approve/", 400),
      ]],
    # A partner responds only for its own, addressed organisation (A and B are addressed).
    # Escalations are answered by the receiving body's secretary: board secretaries and admins.
    ("governance:escalation_create", "empty form", "post", _manage("escalations/"),
     secretaries(400)),
    ("governance:paper_re_exempt", "empty form", "post", _manage("papers/re-exempt/"),
     secretaries(400)),
    ("governance:terms_approve", "empty form", "post", _manage("terms/approve/"),
     secretaries(400)),
    ("governance:escalation_respond", "public", "get", _escalation("escalation", "respond/"),
     SECRETARY_ONLY),
    ("governance:escalation_respond", "public, empty form", "post",
     _escalation("escalation", "respond/"), secretaries(400)),
    ("governance:escalation_respond", "Part B", "get",
     _escalation("confidential_escalation", "respond/"),
     {**PART_B, ANON: 302, A: 403}),
    ("governance:escalation_respond", "partnership", "get",
     _escalation("partnership_escalation", "respond/"), SECRETARY_ONLY),
    ("governance:plan_item_create", "public body", "get",
     lambda r: f"/bodies/{r['body'].slug}/forward-plan/new/", SECRETARY_ONLY),
    ("governance:plan_item_create", "partnership body, empty form", "post",
     lambda r: f"/bodies/{r['partnership_body'].slug}/forward-plan/new/",
     secretaries(400)),
    # A member keeps their own register (A's here); secretaries and admins, anyone's.
    ("governance:interest_create", "member A's register", "get", _interests("member", "new/"),
     {**SECRETARY_ONLY, A: 200}),
    ("governance:interest_create", "member A's register, empty form", "post",
     _interests("member", "new/"), {**secretaries(400), A: 400}),
    ("governance:interest_create", "the board member's own register", "get",
     _interests("board_member", "new/"), {**SECRETARY_ONLY, BOARD: 200}),
    ("governance:interest_create", "a member of no body", "get", _interests("unseated", "new/"),
     {**OWN_ONLY, ANON: 302}),
    # An action is completed by its owner (A's here) or the body's secretary.
    ("governance:action_complete", "A's action", "get", _complete("action"),
     {**SECRETARY_ONLY, A: 200}),
    ("governance:action_complete", "A's action, empty form", "post", _complete("action"),
     {**secretaries(400), A: 400}),
    # The board member sees the board's Part B action, but it is not theirs to complete.
    ("governance:action_complete", "A's Part B action", "get", _complete("confidential_action"),
     {**PART_B_OF_THE_BOARD, ANON: 302, BOARD: 403}),
    # Only the addressed organisations' people respond; no staff role speaks for a partner.
    ("governance:recommendation_respond", "addressed to A and B", "get",
     lambda r: f"{r['recommendation'].get_absolute_url()}respond/",
     {**signed_in(403), A: 200, B: 200}),
    ("governance:my_business", "", "get", lambda r: "/my/", signed_in(200)),
]  # fmt: skip
