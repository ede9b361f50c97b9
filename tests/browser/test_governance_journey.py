"""The secretary runs a Strategic Partnership Board meeting end to end in Chromium; three
sovereign partners each record their own response; the public register shows the consolidated
state. axe-core checks every page the journey visits."""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.governance import demo as governance_demo
from joinedup.governance.models import Body, Membership
from joinedup.governance.queries import current_terms

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Board:
    slug: str
    present: list[str]  # names of the voting members the secretary marks present
    conflicted: str  # the one whose declaration removes quorum from the first item


@pytest.fixture
def spb(site) -> Board:
    """The demo's Strategic Partnership Board, read before the browser starts (no ORM after)."""
    governance_demo.load()
    body = Body.objects.get(short_name="SPB")
    quorum = current_terms(body, on=timezone.localdate()).quorum_minimum
    voting = {
        m.person.user.username: m.person.name
        for m in Membership.objects.current_on(timezone.localdate())
        .filter(body=body, is_voting=True)
        .select_related("person__user")
    }
    chair = (
        Membership.objects.current_on(timezone.localdate()).get(body=body, role="chair").person.name
    )
    others = [name for user, name in voting.items() if user not in {"provider"}]
    others.remove(chair)
    present = [chair, voting["provider"], *others[: max(0, quorum - 2)]]
    return Board(slug=body.slug, present=present, conflicted=voting["provider"])


def _local(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def _respond(page: Page, sign_in_as, axe, username: str, reference: str, status: str):
    sign_in_as(page, username)
    page.goto(f"/recommendations/{reference}/")
    page.get_by_role("link", name="Record your organisation's response").click()
    axe(page, f"the response form for {username}")
    page.get_by_label(status, exact=True).check()
    page.get_by_label("Reasons").fill(f"Decided by our own board ({status}).")
    page.get_by_label("Decided by").fill("Board of trustees")
    page.get_by_label("Authority").fill("Scheme of delegation")
    page.get_by_label("Date of the decision").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("response is recorded")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()


def test_the_secretary_runs_a_meeting_and_partners_respond_in_their_own_right(
    spb, page: Page, axe, sign_in_as, tmp_path: Path
):
    sign_in_as(page, "secretary")
    page.goto(f"/bodies/{spb.slug}/")
    axe(page, "the board's page")
    page.get_by_role("link", name="Schedule a meeting").click()
    axe(page, "the schedule form")
    page.get_by_label("Title").fill("Extraordinary meeting")
    page.get_by_label("Starts").fill(_local(timedelta(hours=-1)))
    page.get_by_label("Ends").fill(_local(timedelta(hours=1)))
    page.get_by_label("Location").fill("Online")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Run the meeting: Extraordinary meeting"
    )
    axe(page, "the meeting's workflow page")

    for title, purpose in [("Intermediate care: provider selection", "For recommendation"),
                           ("Tranche 2 priorities", "For recommendation")]:  # fmt: skip
        form = page.locator("#add-item")
        form.get_by_label("Title").fill(title)
        form.get_by_label("Category").select_option(label="Prioritisation and scheduling")
        form.get_by_label("Purpose").select_option(label=purpose)
        form.get_by_role("button", name="Add the item").click()
        expect(page.get_by_role("cell", name=re.compile(re.escape(title)))).to_be_visible()

    paper = tmp_path / "tranche-2.pdf"
    paper.write_bytes(PDF)
    form = page.locator("#upload-paper")
    form.get_by_label("Agenda item").select_option(label="2. Tranche 2 priorities")
    form.get_by_label("Title").fill("Tranche 2 priorities paper")
    form.get_by_label("File").set_input_files(str(paper))
    form.get_by_role("button", name="Upload the paper").click()
    expect(page.get_by_role("link", name="Tranche 2 priorities paper")).to_be_visible()
    page.get_by_role("button", name="Publish the papers").click()
    expect(page.get_by_text("Papers published", exact=True)).to_be_visible()

    attendance = page.locator("#attendance")
    for name in spb.present:
        attendance.get_by_label(name, exact=True).select_option(label="Present")
    attendance.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Quorate").first).to_be_visible()

    declaration = page.locator("#declare")
    declaration.get_by_label("Agenda item").select_option(
        label="1. Intermediate care: provider selection"
    )
    declaration.get_by_label("Who declared").select_option(label=spb.conflicted)
    declaration.get_by_label("The interest").fill("May bid to provide intermediate care")
    declaration.get_by_label("Consequence").select_option(label="Withdrew from the item")
    declaration.get_by_role("button", name="Record the declaration").click()
    first_row = page.get_by_role("row", name=re.compile("Intermediate care: provider selection"))
    expect(first_row.get_by_text("Not quorate")).to_be_visible()
    axe(page, "the workflow page with a quorum warning")

    def recommend(item: str, title: str) -> None:
        form = page.locator("#recommend")
        form.get_by_label("Agenda item").select_option(label=item)
        form.get_by_label("Title").fill(title)
        form.get_by_label("The recommendation").fill(f"The Board recommends: {title}.")
        form.get_by_label("How it was reached").select_option(label="Consensus")
        for partner in ("Health and Community Services", "Mind Jersey", "Tutela"):
            form.get_by_label(partner, exact=True).check()
        form.get_by_role("button", name="Issue the recommendation").click()

    recommend("1. Intermediate care: provider selection", "Select the intermediate care provider")
    expect(page.get_by_text("not quorate for this item").first).to_be_visible()
    axe(page, "the refused recommendation")
    recommend("2. Tranche 2 priorities", "Adopt the Tranche 2 priorities")
    link = page.get_by_role("link", name=re.compile("Adopt the Tranche 2 priorities"))
    expect(link).to_be_visible()
    reference = link.inner_text().split(":")[0]

    page.get_by_role("button", name="Mark the meeting as held").click()
    page.locator("#minutes").get_by_label("Minutes").fill(
        "## Present\n\nThe chair and members.\n\n## Tranche 2\n\nRecommendation issued."
    )
    page.locator("#minutes").get_by_role("button", name="Save the draft minutes").click()
    expect(page.get_by_text("draft, awaiting approval at the next meeting")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    for username, status in [("voluntary", "Accepted"), ("provider", "Declined"),
                             ("commissioner", "Accepted with changes")]:  # fmt: skip
        _respond(page, sign_in_as, axe, username, reference, status)

    page.goto("/recommendations/")
    axe(page, "the public recommendations register")
    page.goto(f"/recommendations/{reference}/")
    summary = page.locator("p.govuk-body-l").first
    expect(summary).to_have_text("Accepted by 2 of 3 (1 with changes); declined by Tutela.")
    axe(page, "the public recommendation")
