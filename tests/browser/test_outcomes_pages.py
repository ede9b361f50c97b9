"""The outcomes demo in Chromium: a system's dashboard and England's four-hour indicator page
show the same figures as the API, with axe-core on both."""

import re

import pytest
from playwright.sync_api import Page, expect

from joinedup.outcomes import demo as outcomes_demo
from joinedup.outcomes.models import Observation, Subject

pytestmark = pytest.mark.browser

ENGLAND = "E92000001"
FOUR_HOURS = "AE-4H-ALL"


@pytest.fixture
def system_code(site) -> str:
    """Load the outcomes demo (real A&E data) before the browser starts; pick a system with
    four-hour figures (no ORM after this)."""
    outcomes_demo.load()
    systems = Subject.objects.filter(kind="system").order_by("code")
    with_figures = Observation.objects.filter(indicator__code=FOUR_HOURS).values("subject_id")
    return systems.filter(pk__in=with_figures).values_list("code", flat=True).first()


def _one_decimal(value: float) -> str:
    return f"{value:,.1f}%"


def test_a_systems_dashboard_shows_the_apis_latest_four_hour_figure(system_code, page: Page, axe):
    api = page.request.get(f"/api/v1/indicators/{FOUR_HOURS}/series?subject={system_code}").json()
    latest = api["points"][-1]
    page.goto(f"/places/{system_code}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    row = page.locator(f'tr[data-indicator="{FOUR_HOURS}"]')
    expect(row).to_contain_text(_one_decimal(latest["value"]))
    expect(row).to_contain_text(latest["period"]["label"])
    axe(page, "a system's dashboard")


def test_englands_four_hour_page_shows_its_limits_the_standard_and_the_assurance(
    system_code, page: Page, axe
):
    api = page.request.get(f"/api/v1/indicators/{FOUR_HOURS}/series?subject={ENGLAND}").json()
    page.goto(f"/indicators/{FOUR_HOURS}/?subject={ENGLAND}")
    target = page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_role("term"), has_text="Target"
    )
    expect(target).to_contain_text("95.0%")
    limits = page.get_by_text(re.compile("process limits"))
    expect(limits).to_contain_text(
        f"Mean {_one_decimal(api['mean'])}; process limits {_one_decimal(api['lower_limit'])} to "
        f"{_one_decimal(api['upper_limit'])}"
    )
    assert api["assurance"] == "consistently_fails"
    expect(page.get_by_text("Will consistently fail the target")).to_be_visible()
    expect(page.locator(".jup-chart svg.marks").first).to_be_visible()
    axe(page, "England's four-hour indicator page")
