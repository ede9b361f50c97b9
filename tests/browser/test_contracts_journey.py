"""A provider submits a KPI return for its contract; the commissioner validates it; it appears
on the outcomes dashboard for the provider; the public reads the register and the contract.
axe-core checks every page the journey visits."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from joinedup.core.models import Organisation, Person
from tests.commissioning import contracts_factories as make

pytestmark = pytest.mark.browser


@pytest.fixture
def contract(site):
    """A 3 + 2 home care contract led by Tutela (the demo's provider persona's organisation)
    with one quarterly KPI; built before the browser starts (no ORM after)."""
    tutela = Organisation.objects.get(name="Tutela")
    commissioner = Person.objects.get(user__username="commissioner")
    indicator = make.kpi_indicator(code="HC-JOURNEY", name="Packages reviewed within six weeks")
    made = make.contract(lead=tutela, by=commissioner, kpis=[(indicator, 90.0)],
                         title="Home care for the journey")  # fmt: skip
    assert get_user_model().objects.filter(username="provider").exists()
    return {"slug": made.slug, "title": made.title, "subject": tutela.slug}


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_kpi_return_travels_from_the_provider_to_the_outcomes_dashboard(
    contract, page: Page, axe, sign_in_as
):
    page.goto("/contracts/")
    expect(page.get_by_role("link", name=contract["title"])).to_be_visible()
    axe(page, "the contracts register")
    page.get_by_label("Care setting").select_option("home_care")
    page.get_by_role("button", name="Filter contracts").click()
    expect(page.get_by_role("link", name=contract["title"])).to_be_visible()
    axe(page, "the register filtered")

    sign_in_as(page, "provider")
    page.goto("/your-contracts/")
    axe(page, "your contracts")
    page.get_by_role("link", name=contract["title"]).click()
    axe(page, "the contract page for its lead provider")
    page.get_by_role("link", name="Submit a KPI return").click()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    axe(page, "the KPI return form with its errors")
    page.get_by_label("KPI", exact=True).select_option(
        label="Packages reviewed within six weeks (target 90)"
    )
    page.get_by_label("Period").fill("2024/25 Q1")
    page.get_by_label("Numerator").fill("52")
    page.get_by_label("Denominator").fill("60")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_text("is submitted for validation")).to_be_visible()
    expect(page.get_by_text("Awaiting validation")).to_be_visible()
    _sign_out(page)

    sign_in_as(page, "commissioner")
    page.goto(f"/contracts/{contract['slug']}/")
    page.get_by_role("link", name="Awaiting validation").click()
    axe(page, "the KPI return for the commissioner")
    page.get_by_label("Validate it").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("recorded on the outcomes dashboard")).to_be_visible()
    expect(page.get_by_text("Slightly below")).to_be_visible()
    _sign_out(page)

    page.goto(f"/places/{contract['subject']}/")
    expect(page.get_by_text("Packages reviewed within six weeks").first).to_be_visible()
    axe(page, "the provider's outcomes dashboard")
