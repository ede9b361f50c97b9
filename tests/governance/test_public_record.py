"""The public record of the partnership's governance: bodies, meetings, papers, minutes, the
registers of recommendations and decisions, and the action log, as each reader sees them."""

from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.safestring import SafeString

from joinedup.governance import markdown, services
from joinedup.governance.choices import MembershipRole, ReachedBy, ResponseStatus
from joinedup.governance.models import Addressee, Meeting, Recommendation, Response
from joinedup.governance.registers import consolidate, hierarchy
from tests import factories
from tests.governance import factories as gov
from tests.governance.matrix import build_public_record, paper

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def record(settings, tmp_path, member_a, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    return build_public_record(member=member_a.person, addressees=[partner_a, partner_b])


def _page(persona, path, status=200) -> str:
    response = persona.client.get(path)
    assert response.status_code == status, path
    return response.content.decode()


def _respond(recommendation, organisation, status, by, *, reasons="Agreed by our board.", **more):
    return services.record_response(
        recommendation=recommendation, organisation=organisation, status=status, reasons=reasons,
        decided_by=more.pop("decided_by", "Board of trustees"),
        authority=more.pop("authority", "Articles of association"), decided_on=TODAY(), by=by,
        **more,
    )  # fmt: skip


# The anonymous crawl ---------------------------------------------------------------------------

PUBLIC_RECORD = ("/bodies/", "/meetings/", "/papers/", "/recommendations/", "/decisions/",
                 "/actions/", "/feeds/", "/escalations/", "/oversight-recommendations/",
                 "/members/")  # fmt: skip
START = ["/bodies/", "/meetings/", "/meetings/?when=past", "/meetings/calendar.ics",
         "/recommendations/", "/decisions/", "/actions/", "/feeds/decisions.atom",
         "/escalations/", "/oversight-recommendations/"]  # fmt: skip


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]


def _crawl(client) -> dict[str, bytes]:
    """Every page of the public record reachable by links from the start pages, by path."""
    seen, queue, pages = set(), deque(START), {}
    while queue:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[path] = body
        if response["Content-Type"].startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode())
            for href in parser.hrefs:
                target = urlsplit(urldefrag(urljoin(path, href))[0])
                if not target.netloc and target.path.startswith(PUBLIC_RECORD):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def test_anonymous_crawl_of_the_public_record_never_shows_confidential_business(anonymous, record):
    pages = _crawl(anonymous.client)
    secrets = [b"SECRET", b"PARTNERSHIP-ONLY", b"Seated Privately", b"Sits Nowhere"] + [
        str(value).encode()
        for key in ("confidential_paper", "confidential_recommendation", "confidential_decision",
                    "confidential_escalation", "confidential_action", "partnership_escalation")
        for value in (record[key].pk, getattr(record[key], "reference", record[key].pk))
    ]  # fmt: skip
    leaks = [(path, s) for path, body in pages.items() for s in secrets if s in body]
    assert not leaks
    # The crawl reached every kind of page and feed, so the absence above means something.
    for reached in (
        record["body"].get_absolute_url(), record["meeting"].get_absolute_url(),
        record["paper"].get_absolute_url(), record["recommendation"].get_absolute_url(),
        record["decision"].get_absolute_url(), f"/bodies/{record['body'].slug}/calendar.ics",
        "/feeds/decisions.atom", "/meetings/calendar.ics",
        record["escalation"].get_absolute_url(), f"/members/{record['member'].pk}/interests/",
        f"/oversight-recommendations/?body={record['oversight'].slug}",
        f"/escalations/?body={record['oversight'].slug}",
    ):  # fmt: skip
        assert reached in pages


def test_a_crawl_by_a_member_of_the_body_finds_its_confidential_business(member_a, record):
    pages = _crawl(member_a.client)
    for secret in (b"SECRET-ITEM-TITLE", b"SECRET-ESCALATION", b"SECRET-OVERSIGHT-RECOMMENDATION"):
        assert any(secret in body for body in pages.values())
    assert record["confidential_paper"].get_absolute_url() in pages
    assert record["confidential_escalation"].get_absolute_url() in pages


def test_a_crawl_by_another_partner_sees_partnership_records_but_no_confidential_business(
    member_b, record
):
    pages = _crawl(member_b.client)
    assert not [path for path, body in pages.items() if b"SECRET" in body]
    assert any(b"PARTNERSHIP-ONLY" in body for body in pages.values())


# Bodies --------------------------------------------------------------------------------------


def test_bodies_are_listed_in_their_hierarchy_with_kind_power_and_reports_to(
    anonymous, member_b, record
):
    public = _page(anonymous, "/bodies/")
    assert "Public Board" in public and "Public Decider" in public
    assert "Decides" in public and "Recommends" in public
    assert "PARTNERSHIP-ONLY" not in public
    signed_in = _page(member_b, "/bodies/")
    board, closed = signed_in.index("Public Board"), signed_in.index("PARTNERSHIP-ONLY Body")
    assert board < closed < signed_in.index("Public Decider")  # the child follows its parent


def test_a_body_page_shows_its_current_terms_with_every_section_and_earlier_versions(
    anonymous, record
):
    body = record["body"]
    services.adopt_terms_of_reference(
        body=body, purpose="To recommend the care model.", functions="Agree priorities.",
        out_of_scope="Operational matters.", membership_composition="One seat per partner.",
        quorum_minimum=3, quorum_requires_chair=True, cadence="Monthly",
        approved_at=record["meeting"],
    )  # fmt: skip
    page = _page(anonymous, body.get_absolute_url())
    for text in ("Version 2", "To recommend the care model.", "Agree priorities.",
                 "Operational matters.", "One seat per partner.", "3 voting members",
                 "including the chair", "Monthly", "Version 1", "To work together."):  # fmt: skip
        assert text in page
    assert record["meeting"].get_absolute_url() in page


def test_a_body_page_lists_current_and_past_members_with_role_organisation_and_vote(
    anonymous, member_a, record, partner_b
):
    body = record["body"]
    former = factories.person("former", organisation=partner_b, last_name="Formerly")
    services.appoint_member(
        body=body, person=former, role=MembershipRole.OBSERVER, starts_on=gov.START,
        ends_on=TODAY() - timedelta(days=30), is_voting=False,
    )  # fmt: skip
    page = _page(anonymous, body.get_absolute_url())
    current, past = page.index("Current members"), page.index("Past members")
    assert current < page.index(member_a.person.name) < past < page.index("Test Formerly")
    assert "Partner A Care" in page and "Observer" in page


def test_a_body_page_lists_its_meetings_recommendations_and_decisions(anonymous, record):
    page = _page(anonymous, record["body"].get_absolute_url())
    assert "Next board meeting" in page and "Board meeting" in page
    assert record["recommendation"].reference in page
    decider = _page(anonymous, record["decider"].get_absolute_url())
    assert record["decision"].reference in decider
    assert "SECRET" not in page + decider


def test_a_body_that_reports_to_a_partnership_body_does_not_name_it_to_the_public(anonymous):
    closed = gov.body("Closed Parent", visibility="partnership")
    child = gov.body("Open Child", reports_to=closed)
    assert "Closed Parent" not in _page(anonymous, child.get_absolute_url())
    assert "Closed Parent" not in _page(anonymous, "/bodies/")


def test_a_member_whose_profile_is_not_public_is_listed_without_a_name(anonymous, member_b):
    body = gov.body("Open Board")
    hidden = factories.person("hidden", last_name="Hiddenname")
    hidden.visibility = "partnership"
    hidden.save(update_fields=["visibility"])
    gov.seat(body, hidden)
    assert "Hiddenname" not in _page(anonymous, body.get_absolute_url())
    assert "Hiddenname" in _page(member_b, body.get_absolute_url())


# Meetings ------------------------------------------------------------------------------------


def test_the_calendar_lists_upcoming_meetings_and_past_ones_on_request(anonymous, record):
    upcoming = _page(anonymous, "/meetings/")
    assert "Next board meeting" in upcoming and "Decider meeting" not in upcoming
    past = _page(anonymous, "/meetings/?when=past")
    assert "Decider meeting" in past and "Next board meeting" not in past


def test_the_calendar_filters_by_body(anonymous, record):
    page = _page(anonymous, f"/meetings/?when=past&body={record['decider'].slug}")
    assert "Decider meeting" in page and "Board meeting</a>" not in page


@pytest.mark.parametrize(
    "query, status",
    [("body=no-such-body", 400), ("when=tomorrow", 400), ("page=99", 404), ("page=x", 404)],
)
def test_the_calendar_refuses_bad_filters_with_a_clear_error(anonymous, record, query, status):
    _page(anonymous, f"/meetings/?{query}", status)


def test_the_agenda_hides_part_b_titles_from_those_not_allowed_and_counts_them(
    anonymous, member_b, record
):
    for persona in (anonymous, member_b):
        page = _page(persona, record["meeting"].get_absolute_url())
        assert "Tranche 1 plan" in page and "Tranche 1 plan paper" in page
        assert "SECRET" not in page
        assert "Part B: confidential business. 1 item is taken in private" in page


def test_members_of_the_body_see_part_b_items_with_their_papers(member_a, record):
    page = _page(member_a, record["meeting"].get_absolute_url())
    assert "SECRET-ITEM-TITLE" in page and "Part B: confidential" in page
    assert record["confidential_paper"].get_absolute_url() in page
    assert "SECRET-DECLARATION" in page
    assert "taken in private" not in page


def test_the_agenda_shows_category_purpose_presenter_and_attendance(anonymous, record):
    page = _page(anonymous, record["meeting"].get_absolute_url())
    assert "Prioritisation and scheduling" in page and "For recommendation" in page
    assert "Who attended" in page and "Present" in page


def test_draft_minutes_are_shown_only_to_those_who_may_see_the_bodys_confidential_business(
    anonymous, member_a, member_b, record
):
    path = record["meeting"].get_absolute_url()
    assert "SECRET-DRAFT-MINUTES" not in _page(anonymous, path)
    assert "SECRET-DRAFT-MINUTES" not in _page(member_b, path)
    page = _page(member_a, path)
    assert "SECRET-DRAFT-MINUTES" in page and "Draft minutes, not yet approved" in page


def test_approved_minutes_are_published_rendered_from_markdown(anonymous, board):
    minutes = services.draft_minutes(
        meeting=board.meeting,
        text="# Decisions\n\nThe board **agreed** the plan. <script>alert(1)</script>",
    )
    next_meeting = gov.meeting(board.body, days_from_now=-0.5)  # the next one, now under way
    services.approve_minutes(minutes=minutes, at_meeting=next_meeting)
    page = _page(anonymous, board.meeting.get_absolute_url())
    assert '<h3 class="govuk-heading-m">Decisions</h3>' in page
    assert "<strong>agreed</strong>" in page
    assert "<script>alert" not in page
    assert "Approved" in page


# Papers --------------------------------------------------------------------------------------


def test_a_public_paper_downloads_as_an_attachment_that_shared_caches_may_keep(anonymous, record):
    response = anonymous.client.get(record["paper"].get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_confidential_paper_is_never_kept_by_a_cache(member_a, record):
    response = member_a.client.get(record["confidential_paper"].get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_member_of_other_partner_cannot_download_a_confidential_paper(member_b, record):
    assert member_b.client.get(record["confidential_paper"].get_absolute_url()).status_code == 404


def test_a_paper_of_a_partnership_body_is_cached_privately_only(member_b, record):
    response = member_b.client.get(record["partnership_paper"].get_absolute_url())
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_released_confidential_paper_is_public(anonymous, record):
    item = record["meeting"].items.get(is_confidential=False)
    released = paper(
        item, "Released report", is_confidential=True, exemption_reason="Draft figures",
        release_on=TODAY() - timedelta(days=1),
    )  # fmt: skip
    response = anonymous.client.get(released.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_papers_file_name_is_made_safe_for_the_download_header(anonymous, record):
    item = record["meeting"].items.get(is_confidential=False)
    odd = paper(item, "Odd name", 'board "paper";\tv2.pdf')
    response = anonymous.client.get(odd.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="board_paperv2.pdf"'


# Recommendations -----------------------------------------------------------------------------


def test_the_register_shows_each_recommendations_consolidated_state(
    anonymous, member_a, member_b, record, partner_a, partner_b
):
    recommendation = record["recommendation"]
    _respond(recommendation, partner_a, ResponseStatus.ACCEPTED, member_a.person.user)
    page = _page(anonymous, "/recommendations/")
    assert recommendation.reference in page and "Public Board" in page
    assert "Accepted by 1 of 2; 1 awaiting" in page
    _respond(recommendation, partner_b, ResponseStatus.DECLINED, member_b.person.user)
    assert "Accepted by 1 of 2; declined by Partner B Trust" in _page(
        anonymous, "/recommendations/"
    )


def test_the_register_filters_by_body(anonymous, record):
    page = _page(anonymous, f"/recommendations/?body={record['decider'].slug}")
    assert record["recommendation"].reference not in page
    _page(anonymous, "/recommendations/?body=nobody", 400)


def test_a_recommendation_shows_each_current_response_and_the_whole_history(
    anonymous, member_a, member_b, record, partner_a, partner_b
):
    recommendation = record["recommendation"]
    user_a, user_b = member_a.person.user, member_b.person.user
    _respond(recommendation, partner_a, ResponseStatus.ACCEPTED, user_a,
             minutes_url="https://partner-a.example.je/minutes/7")  # fmt: skip
    _respond(recommendation, partner_a, ResponseStatus.REVOKED, user_a,
             reasons="Funding withdrawn", decided_by="Partner A board",
             authority="Scheme of delegation")  # fmt: skip
    _respond(recommendation, partner_b, ResponseStatus.DECLINED, user_b)
    page = _page(anonymous, recommendation.get_absolute_url())
    assert "Declined by Partner B Trust; revoked by Partner A Care" in page
    for text in ("Funding withdrawn", "Partner A board", "Scheme of delegation", "Consensus",
                 "We recommend: Adopt the tranche 1 plan."):  # fmt: skip
        assert text in page
    history = page[page.index("History of responses") :]
    assert history.count('<tr class="govuk-table__row">') == 4  # the header and 3 responses
    assert "https://partner-a.example.je/minutes/7" in history
    assert "javascript:" not in page


def test_a_recommendation_shows_dissent_and_the_committees_in_common_note(anonymous, board):
    recommendation = services.issue_recommendation(
        item=board.item, title="Joint commissioning", text="Commission jointly.",
        reached_by=ReachedBy.CONSENSUS_WITH_DISSENT, dissent="Partner C dissented on cost.",
        committees_in_common=True, addressed_to=[board.partner_c],
    )  # fmt: skip
    page = _page(anonymous, recommendation.get_absolute_url())
    assert "Partner C dissented on cost." in page
    assert "Taken in committees in common" in page
    assert "Consensus, with dissent noted" in page


def test_superseding_links_appear_only_when_the_other_recommendation_is_visible(
    anonymous, member_a, record, partner_a
):
    old = record["recommendation"]
    item = old.item
    newer = services.issue_recommendation(
        item=item, title="Adopt the revised plan", text="…", reached_by=ReachedBy.CONSENSUS,
        addressed_to=[partner_a], supersedes=old,
    )  # fmt: skip
    secret_item = record["meeting"].items.get(is_confidential=True)
    secret = services.issue_recommendation(
        item=secret_item, title="SECRET-SUPERSEDER", text="…", reached_by=ReachedBy.CONSENSUS,
        addressed_to=[partner_a], supersedes=old,
    )  # fmt: skip
    page = _page(anonymous, old.get_absolute_url())
    assert "Superseded" in page and newer.reference in page
    assert secret.reference not in page
    assert secret.reference in _page(member_a, old.get_absolute_url())
    assert old.reference in _page(anonymous, newer.get_absolute_url())


def test_an_organisation_not_visible_to_the_reader_is_not_named_in_the_register(
    anonymous, member_b, board
):
    hidden = factories.organisation("Hidden Org Ltd", visibility="partnership")
    recommendation = services.issue_recommendation(
        item=board.item, title="Share data", text="…", reached_by=ReachedBy.CONSENSUS,
        addressed_to=[hidden],
    )  # fmt: skip
    _respond(recommendation, hidden, ResponseStatus.DECLINED, member_b.person.user)
    for path in ("/recommendations/", recommendation.get_absolute_url()):
        page = _page(anonymous, path)
        assert "Hidden Org Ltd" not in page
        assert "Declined by a partner organisation" in page
    assert "Hidden Org Ltd" in _page(member_b, recommendation.get_absolute_url())


# Decisions and actions -----------------------------------------------------------------------


def test_a_decision_shows_its_text_basis_body_meeting_papers_and_recommendation(anonymous, record):
    decision = record["decision"]
    page = _page(anonymous, decision.get_absolute_url())
    for text in ("Decided: Fund the care model.", "The papers.", "Public Decider",
                 record["decider_meeting"].get_absolute_url(), record["paper"].get_absolute_url(),
                 record["recommendation"].get_absolute_url()):  # fmt: skip
        assert text in page
    assert decision.reference in _page(anonymous, "/decisions/")


def test_a_decision_outside_a_meeting_lists_only_the_papers_and_recommendation_one_may_see(
    anonymous, member_a, record
):
    decision = services.record_decision(
        body=record["decider"], title="Approve the framework", text="Approved.",
        basis="Both papers.", decided_on=TODAY(),
        papers=[record["paper"], record["confidential_paper"]],
        recommendation=record["confidential_recommendation"],
    )  # fmt: skip
    page = _page(anonymous, decision.get_absolute_url())
    assert "Outside a meeting" in page and "Tranche 1 plan paper" in page
    assert "SECRET" not in page
    assert "SECRET-PAPER" in _page(member_a, decision.get_absolute_url())


def test_the_action_log_shows_owner_due_date_status_and_overdue(anonymous, member_a, record):
    page = _page(anonymous, "/actions/")
    assert "Publish the plan" in page and member_a.person.name in page
    assert "Overdue" in page
    assert "SECRET-ACTION" not in page
    assert "SECRET-ACTION" in _page(member_a, "/actions/")
    assert "Publish the plan" not in _page(anonymous, "/actions/?status=done")
    _page(anonymous, "/actions/?status=lost", 400)


# Markdown ------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize(
    "source",
    [
        "Hello <script>alert(1)</script>",
        "<script>\nalert(1)\n</script>",
        '<div onclick="steal()">block</div>',
        'Look: <img src=x onerror=alert(1)> <a href="https://x.example" onmouseover="y()">x</a>',
        "[click](javascript:alert(1)) [again](JaVaScRiPt:alert(2)) [data](data:text/html,hi)",
        "<https://ok.example> and [ok](https://ok.example/a)",
    ],
)
def test_markdown_removes_scripts_event_handlers_and_javascript_links(source):
    html = markdown.render(source)
    elements = _elements(html)
    assert isinstance(html, SafeString)
    assert all(tag in markdown.ALLOWED_TAGS for tag, _ in elements)
    assert not [name for _, attrs in elements for name in attrs if name.startswith("on")]
    hrefs = [attrs["href"] for tag, attrs in elements if tag == "a" and "href" in attrs]
    assert all(href.startswith("https://") for href in hrefs)


def test_markdown_keeps_formatting_with_govuk_styles_and_headings_below_the_page():
    html = markdown.render("# Minutes\n\n- **Agreed**\n- [Paper](https://x.example/p)")
    assert '<h3 class="govuk-heading-m">Minutes</h3>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert "<strong>Agreed</strong>" in html
    assert 'href="https://x.example/p"' in html and 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "url, safe",
    [("https://a.example/m", "https://a.example/m"), ("http://a.example", "http://a.example"),
     ("javascript:alert(1)", ""), (" JAVASCRIPT:x", ""), ("", ""), ("/relative", "")],
)  # fmt: skip
def test_only_web_addresses_are_linked(url, safe):
    assert markdown.safe_url(url) == safe


# The consolidated state of a recommendation (pure) ---------------------------------------------


@dataclass(frozen=True)
class Org:
    pk: str

    def __str__(self) -> str:
        return f"Partner {self.pk}"


def _state(statuses: dict, hidden=()):
    """A state from {organisation key: [statuses in the order recorded]}."""
    organisations = [Org(key) for key in statuses]
    responses = [
        SimpleNamespace(organisation_id=key, status=status)
        for key, history in statuses.items()
        for status in history
    ]
    return consolidate(organisations, responses, hidden)


@pytest.mark.parametrize(
    "statuses, summary",
    [
        ({"A": ["accepted"], "B": ["declined"], "C": []},
         "Accepted by 1 of 3; declined by Partner B; 1 awaiting"),
        ({"A": [], "B": [], "C": []}, "Awaiting all 3 responses"),
        ({"A": []}, "Awaiting a response"),
        ({"A": ["accepted"], "B": ["accepted"], "C": ["accepted"]}, "Accepted by all 3"),
        ({"A": ["accepted"]}, "Accepted by Partner A"),
        ({"A": ["accepted"], "B": ["accepted_with_changes"]},
         "Accepted by all 2 (1 with changes)"),
        ({"A": ["accepted", "revoked"], "B": ["deferred"]},
         "Deferred by Partner B; revoked by Partner A"),
        ({"A": ["deferred", "accepted"], "B": ["declined"], "C": ["declined"], "D": []},
         "Accepted by 1 of 4; declined by Partner B and Partner C; 1 awaiting"),
        ({}, "Not addressed to any organisation"),
    ],
)  # fmt: skip
def test_the_consolidated_state_is_summarised_in_one_line(statuses, summary):
    assert _state(statuses).summary == summary


def test_the_consolidated_state_counts_each_status_and_names_who_declined_and_who_awaits():
    state = _state({"A": ["accepted"], "B": ["declined"], "C": [], "D": ["accepted", "revoked"]})
    assert state.counts == {
        "accepted": 1, "accepted_with_changes": 0, "declined": 1, "deferred": 0, "revoked": 1,
        "awaiting": 1,
    }  # fmt: skip
    assert (state.declined_by, state.awaiting, state.accepted) == (["Partner B"], ["Partner C"], 1)
    assert [s.status for s in state.standings] == ["accepted", "declined", "awaiting", "revoked"]


def test_the_consolidated_state_does_not_name_a_hidden_organisation():
    state = _state({"A": ["declined"], "B": []}, hidden={"A"})
    assert state.summary == "Declined by a partner organisation; 1 awaiting"


def test_the_hierarchy_lists_each_body_after_the_body_it_reports_to():
    def body(pk, parent=None):
        return SimpleNamespace(pk=pk, reports_to_id=parent)

    bodies = [
        body("minister"), body("spb", "minister"), body("orphan", "hidden"),
        body("workstream", "spb"), body("loop1", "loop2"), body("loop2", "loop1"),
    ]  # fmt: skip
    placed = [(p.body.pk, p.depth, getattr(p.reports_to, "pk", None)) for p in hierarchy(bodies)]
    assert placed == [
        ("minister", 0, None), ("spb", 1, "minister"), ("workstream", 2, "spb"),
        ("orphan", 0, None), ("loop1", 0, "loop2"), ("loop2", 1, "loop1"),
    ]  # fmt: skip


# Bounded query counts --------------------------------------------------------------------------


def _bulk_recommendations(count: int, *, item, organisations, by, start: int = 0) -> None:
    """Recommendations to three organisations, two of which have responded, written in bulk."""
    now = timezone.now()
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            reference=f"BULK-{start + n:05d}", body=item.meeting.body, meeting=item.meeting,
            item=item, title=f"Recommendation {start + n}", text="…",
            reached_by=ReachedBy.CONSENSUS, issued_at=now - timedelta(minutes=start + n),
        )
        for n in range(count)
    )  # fmt: skip
    Addressee.objects.bulk_create(
        Addressee(recommendation=r, organisation=o) for r in recommendations for o in organisations
    )
    Response.objects.bulk_create(
        Response(
            recommendation=r, organisation=organisation, status=status, reasons="…",
            decided_by="Board", authority="Articles", decided_on=TODAY(), recorded_by=by,
            recorded_at=now,
        )
        for r in recommendations
        for organisation, status in zip(organisations[:2], ("accepted", "declined"), strict=True)
    )  # fmt: skip


def _bulk_meetings(count: int, body, *, start: int = 0) -> None:
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(
            body=body, title=f"Meeting {start + n}", location="Town Hall",
            starts_at=now + timedelta(days=start + n + 1),
            ends_at=now + timedelta(days=start + n + 1, hours=2),
        )
        for n in range(count)
    )  # fmt: skip


def _queries(persona, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = persona.client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@pytest.fixture
def scale(board, partner_a, partner_b, member_a):
    return SimpleNamespace(
        item=board.item,
        body=board.body,
        organisations=[partner_a, partner_b, board.partner_c],
        by=member_a.person.user,
    )


REGISTER_PAGES = ["/recommendations/", "/meetings/", "/bodies/", "/decisions/", "/actions/",
                  "/feeds/decisions.atom", "/meetings/calendar.ics"]  # fmt: skip


def test_list_query_counts_do_not_grow_with_the_rows(
    scale, member_a, django_assert_max_num_queries
):
    _bulk_recommendations(3, item=scale.item, organisations=scale.organisations, by=scale.by)
    _bulk_meetings(3, scale.body)
    pages = [*REGISTER_PAGES, scale.body.get_absolute_url()]
    few = {path: _queries(member_a, path) for path in pages}
    _bulk_recommendations(
        57, item=scale.item, organisations=scale.organisations, by=scale.by, start=3
    )
    _bulk_meetings(57, scale.body, start=3)
    many = {path: _queries(member_a, path) for path in pages}
    assert many == few
    # Signing in costs four: the session, the user, the person and the person's staff roles.
    with django_assert_max_num_queries(9):
        member_a.client.get("/recommendations/")
    with django_assert_max_num_queries(7):
        member_a.client.get("/meetings/")


def test_register_query_counts_are_bounded_at_100_meetings_and_1000_recommendations(
    scale, anonymous, member_a, django_assert_max_num_queries
):
    _bulk_recommendations(1000, item=scale.item, organisations=scale.organisations, by=scale.by)
    _bulk_meetings(100, scale.body)
    bounds = {"/recommendations/": 9, "/recommendations/?page=40": 9, "/meetings/": 7,
              "/meetings/?page=4": 7, "/feeds/decisions.atom": 8, "/meetings/calendar.ics": 5,
              scale.body.get_absolute_url(): 19}  # fmt: skip
    for persona in (anonymous, member_a):
        for path, bound in bounds.items():
            with django_assert_max_num_queries(bound):
                assert persona.client.get(path).status_code == 200
    page = _page(anonymous, "/recommendations/")
    assert "1000 recommendations, page 1 of 40" in page
    assert "Accepted by 1 of 3; declined by Partner B Trust; 1 awaiting" in page
