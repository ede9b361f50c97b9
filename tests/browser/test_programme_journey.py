"""A project manager submits a monthly return that breaches the cost tolerance; the exception
reaches the programme office; the finance representative attests; the PMO drafts and
consolidates the monthly report; the oversight board's agreement is recorded; the PMO publishes
it; the public reads it, with its PDF. axe-core checks every page the journey visits."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from joinedup.core.models import Organisation, Person
from joinedup.programme import services
from joinedup.programme.choices import ProjectRole, ProjectStatus
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Journey:
    programme_slug: str
    project_slug: str
    project_name: str
    month: str  # YYYY-MM
    month_label: str  # e.g. "October 2026"
    oversight_meeting: str


@pytest.fixture
def journey(site, settings, tmp_path) -> Journey:
    """A programme whose project, led by Mind Jersey, has the demo's voluntary-sector persona as
    its project manager and the commissioner as its finance representative; last month's
    return is due. Built before the browser starts (no ORM after)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    mind = Organisation.objects.get(name="Mind Jersey")
    programme = prog.programme(name="Jersey Care Model")
    workstream = prog.workstream(programme, "Carers")
    project = prog.project(workstream, mind, name="Carer Strategy")
    for status in (ProjectStatus.INITIATION, ProjectStatus.DELIVERY):
        services.move_project(project=project, to=status)
    for role, username in ((ProjectRole.PROJECT_MANAGER, "voluntary"),
                           (ProjectRole.FINANCE_REPRESENTATIVE, "commissioner")):  # fmt: skip
        person = Person.objects.get(user__username=username)
        services.assign_project_role(project=project, role=role, person=person)
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    services.issue_return_round(
        programme=programme, month=month, due_on=timezone.localdate() + timedelta(days=7)
    )
    meeting = gov.meeting(programme.reports_agreed_by, title="Oversight meeting")
    return Journey(
        programme.slug,
        project.slug,
        project.name,
        f"{month:%Y-%m}",
        f"{month:%B %Y}",
        str(meeting),
    )


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_breach_travels_from_the_return_to_the_published_report(
    journey: Journey, page: Page, axe, sign_in_as
):
    sign_in_as(page, "voluntary")
    page.goto(f"/projects/{journey.project_slug}/")
    axe(page, "the project page with its return due")
    page.get_by_role("link", name=f"Complete the return for {journey.month_label}").click()
    axe(page, "the return form")
    page.get_by_label("Amber", exact=True).check()
    page.get_by_label("Why this confidence").fill("Respite care costs rose in the autumn.")
    for dimension in ("Time", "Cost", "Scope and quality", "Benefits", "Risk"):
        page.get_by_label(re.compile(f"^{dimension}: forecast deviation")).fill("0")
    page.get_by_label(re.compile("^Cost: forecast deviation")).fill("9")
    page.get_by_label("Progress against objectives").fill("Carer assessments are on plan.")
    page.get_by_label("Resources used").fill("Two carer support workers.")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("breaches the cost tolerance").first).to_be_visible()
    axe(page, "the return refused for want of an exception report")
    page.get_by_label("Exception report: cause").fill("Respite placements cost more.")
    page.get_by_label("Consequences").fill("A 9% overspend this year.")
    page.get_by_label("Options", exact=True).fill("Reduce placements; seek pooled funding.")
    page.get_by_label("Recommendation", exact=True).fill("Fund the gap from the pooled fund.")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("The return is submitted: overall red")).to_be_visible()
    axe(page, "the submitted return")
    _sign_out(page)

    sign_in_as(page, "pmo")
    page.goto(f"/programmes/{journey.programme_slug}/exceptions/")
    expect(page.get_by_role("cell", name="Fund the gap from the pooled fund.")).to_be_visible()
    axe(page, "the PMO's exception reports")
    page.goto(f"/programmes/{journey.programme_slug}/returns/")
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    axe(page, "the PMO's return tracker")
    _sign_out(page)

    sign_in_as(page, "commissioner")
    page.goto(f"/programmes/{journey.programme_slug}/returns/")
    page.get_by_role("link", name=re.compile(f"return of {journey.project_name}")).click()
    axe(page, "the return for the finance representative")
    page.get_by_label("Your statement").fill("The overspend is as reported.")
    page.get_by_role("button", name="Attest the cost and resources").click()
    expect(page.get_by_text("You have attested the cost and resources used")).to_be_visible()
    _sign_out(page)

    sign_in_as(page, "pmo")
    page.goto(f"/programmes/{journey.programme_slug}/reports/new/")
    axe(page, "the draft-a-report form")
    page.get_by_label("Monthly programme report").check()
    page.get_by_label("Month reported on").fill(f"{journey.month}-01")
    page.get_by_label("Title").fill(f"Monthly progress report, {journey.month_label}")
    page.get_by_label("What the board is asked to do").fill("Agree this report for publication.")
    page.get_by_role("button", name="Draft the report").click()
    expect(
        page.get_by_role("cell", name="Fund the gap from the pooled fund.")
        .or_(page.get_by_text("Fund the gap from the pooled fund."))
        .first
    ).to_be_visible()
    axe(page, "the draft report")
    page.get_by_role("button", name=re.compile("Consolidate for the")).click()
    expect(page.get_by_text("The report is consolidated by the pmo")).to_be_visible()
    _sign_out(page)

    sign_in_as(page, "secretary")
    page.goto("/reports/")
    page.get_by_role(
        "link", name=f"Monthly progress report, {journey.month_label}", exact=True
    ).click()
    page.get_by_label("Agreed at the meeting").select_option(label=journey.oversight_meeting)
    axe(page, "the consolidated report awaiting agreement")
    page.get_by_role("button", name=re.compile("Record the .*agreement")).click()
    expect(page.get_by_text("The report is agreed.")).to_be_visible()
    _sign_out(page)

    sign_in_as(page, "pmo")
    page.goto("/reports/")
    page.get_by_role(
        "link", name=f"Monthly progress report, {journey.month_label}", exact=True
    ).click()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published.")).to_be_visible()
    _sign_out(page)

    page.goto("/reports/")
    axe(page, "the public list of reports")
    page.get_by_role(
        "link", name=f"Monthly progress report, {journey.month_label}", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Monthly progress report, {journey.month_label}"
    )
    expect(page.get_by_text("Respite placements cost more.")).to_be_visible()
    axe(page, "the public report")
    pdf = page.get_by_role("link", name="Download the report as PDF")
    response = page.request.get(pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
