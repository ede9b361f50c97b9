"""The registers around the boards' business, in Chromium, on the demo partnership: the oversight
register of recommendations to the Minister, a body's forward plan and escalations, a member's
register of interests; the SPB's secretary resolves the Programme Board's escalation and plans an
item, and a partner's representative marks her own action done. axe-core checks every page."""

import re
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.governance import demo as governance_demo
from joinedup.governance.models import Action, Body, Escalation

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Demo:
    spb: str  # slugs
    programme_board: str
    escalation: str  # its subject
    action: str  # the open action of the 'voluntary' persona


@pytest.fixture
def demo(site) -> Demo:
    """The governance demo, read before the browser starts (no ORM after)."""
    governance_demo.load()
    escalation = Escalation.objects.get(from_body__short_name="JCMPB", to_body__short_name="SPB")
    action = Action.objects.get(owner__user__username="voluntary", status="open")
    return Demo(
        spb=Body.objects.get(short_name="SPB").slug,
        programme_board=escalation.from_body.slug,
        escalation=escalation.subject,
        action=action.title,
    )


def _today() -> str:
    return timezone.localdate().isoformat()


def test_the_public_reads_the_registers_and_the_secretary_and_a_member_keep_them(
    demo: Demo, page: Page, axe, sign_in_as
):
    # The public: the oversight register from the navigation, with deadlines and responses.
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Oversight").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations to the Minister")
    expect(page.get_by_text(re.compile(r"Overdue by \d+ days"))).to_be_visible()
    expect(page.get_by_text("Accepted with changes").first).to_be_visible()
    axe(page, "the oversight register")

    # The SPB's forward plan, and a member's register of interests from the members table.
    page.goto(f"/bodies/{demo.spb}/")
    expect(page.get_by_role("heading", name="Forward plan")).to_be_visible()
    expect(page.get_by_text("Board 4", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("^Pat Querée")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pat Querée")
    expect(page.get_by_text("Withdrew from the item")).to_be_visible()
    axe(page, "a member's register of interests")

    # The Programme Board's escalation, from its page, with the meeting and item it came from.
    page.goto(f"/bodies/{demo.programme_board}/")
    page.get_by_role("link", name=demo.escalation).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.escalation)
    expect(page.get_by_text("Responded", exact=True).first).to_be_visible()
    axe(page, "an escalation")
    page.get_by_role("link", name=re.compile("^Programme Board, April 2021")).click()
    expect(page.get_by_role("heading", name="Escalations")).to_be_visible()
    axe(page, "the meeting the escalation came from")

    # The SPB's secretary records the resolution, then plans an item for Board 4.
    sign_in_as(page, "secretary")
    page.goto(f"/escalations/?body={demo.spb}")
    axe(page, "the escalations of the SPB")
    page.get_by_role("link", name=demo.escalation).click()
    page.get_by_role("link", name="Update the response or record the resolution").click()
    axe(page, "the escalation response form")
    page.get_by_label("Resolution").fill("Both leads named; dependencies reported monthly.")
    page.get_by_label("Date resolved").fill(_today())
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("The escalation is resolved.")).to_be_visible()
    expect(page.get_by_text("Both leads named; dependencies reported monthly.")).to_be_visible()
    axe(page, "the resolved escalation")

    page.goto(f"/bodies/{demo.spb}/")
    page.get_by_role("link", name="Add an item to the forward plan").click()
    page.get_by_role("button", name="Add to the forward plan").click()  # empty: refused
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    axe(page, "the forward plan form with its errors")
    page.get_by_label("Title").fill("Tranche 2 priorities")
    page.get_by_label("Category").select_option(label="Prioritisation and scheduling")
    page.get_by_label("Purpose").select_option(label="For recommendation")
    page.get_by_label("Board number").fill("4")
    page.get_by_role("button", name="Add to the forward plan").click()
    expect(page.get_by_role("cell", name="Tranche 2 priorities")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # Mind Jersey's chief executive marks her action done from her own business page.
    sign_in_as(page, "voluntary")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your business").click()
    axe(page, "the member's own business")
    page.get_by_role("link", name=re.compile(f"^Mark as done.*{re.escape(demo.action)}")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark the action as done")
    axe(page, "the action completion form")
    page.get_by_label("Date it was done").fill(_today())
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text(f"Done: {demo.action}.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(demo.action[:40])))
    expect(row.get_by_text(re.compile("^Done"))).to_be_visible()
    axe(page, "the meeting with the action done")

    # And she registers an interest in her own register.
    page.goto("/my/")
    page.get_by_role("link", name="Your register of interests").click()
    page.get_by_role("link", name="Register an interest").click()
    axe(page, "the interest form")
    page.get_by_label("Financial", exact=True).check()
    page.get_by_label("The interest").fill("Shareholder in a home care agency")
    page.get_by_label("From").fill("2021-01-01")
    page.get_by_role("button", name="Register the interest").click()
    expect(page.get_by_role("cell", name="Shareholder in a home care agency")).to_be_visible()
    axe(page, "the member's own register of interests")
