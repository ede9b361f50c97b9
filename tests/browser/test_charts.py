"""The published monthly report's charts: drawn in the page by vega-embed from the server's
Vega-Lite specs under the enforced Content Security Policy (no eval, no inline script or
style), and the server's images of them for a browser without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.programme.matrix import build_programme_record

pytestmark = pytest.mark.browser

VEGA_SCRIPTS = ("vega/vega.min.js", "vega/vega-lite.min.js", "vega/vega-embed.min.js")
# Before any of the page's scripts: record what the policy blocks.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture
def report_path(site, settings, tmp_path) -> str:
    """The published June 2021 report of the programme matrix, which the public may read.
    Built before the browser starts (no ORM after)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    partner_a = factories.organisation("Partner A Care")
    partner_b = factories.organisation("Partner B Trust")
    member = factories.person("member_a", organisation=partner_a)
    records = build_programme_record(member=member, partner_a=partner_a, partner_b=partner_b)
    return records["published_report"].get_absolute_url()


def _expect_charts_drawn(page: Page) -> int:
    charts = page.locator(".jup-chart")
    expect(charts.first).to_be_visible()
    for chart in charts.all():
        drawing, image = chart.locator("[data-chart]"), chart.locator("img")
        expect(drawing.locator("svg.marks")).to_be_visible()
        expect(image).to_be_hidden()
        expect(drawing).to_have_attribute("role", "img")
        expect(drawing).to_have_accessible_name(image.get_attribute("alt"))
    return charts.count()


def test_the_report_draws_its_charts_under_the_content_security_policy(report_path, strict_context):
    page = strict_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning")
            and problems.append(f"console {message.type}: {message.text}")
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    response = page.goto(report_path)

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-" not in policy
    assert _expect_charts_drawn(page) >= 2  # the status trend and the risk heat map at least
    assert page.evaluate("window.cspViolations") == []
    assert problems == []
    fetched = page.evaluate("performance.getEntriesByType('resource').map((entry) => entry.name)")
    for script in VEGA_SCRIPTS:
        assert sum(url.endswith(script) for url in fetched) == 1, script


def test_without_javascript_the_report_shows_the_servers_images_of_its_charts(
    report_path, no_js_context
):
    page = no_js_context.new_page()
    page.goto(report_path)

    charts = page.locator(".jup-chart")
    expect(charts.first).to_be_visible()
    for chart in charts.all():
        expect(chart.locator("img")).to_be_visible()
        expect(chart.locator("img")).to_have_attribute("src", re.compile("^data:image/svg"))
        expect(chart.locator("[data-chart] svg")).to_have_count(0)


def test_the_report_with_its_charts_drawn_passes_axe(report_path, page: Page, axe):
    page.goto(report_path)
    _expect_charts_drawn(page)
    axe(page, "the published monthly report with its charts drawn")
