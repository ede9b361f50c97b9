"""The partners directory and organisation pages in Chromium: filtering, searching, paging,
contact details kept within the partnership, bad input, and working without JavaScript."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from joinedup.core import demo
from joinedup.core.choices import CareSetting, OrganisationKind

pytestmark = pytest.mark.browser

# What the demo holds, read from its own lists (the test body must not use the ORM: see the
# `browser` fixture).
ORGANISATIONS = [(name, kind, set(settings)) for name, _short, kind, settings in demo.DEPARTMENTS]
ORGANISATIONS += [(name, kind, set(settings)) for name, kind, settings in demo.CO_DESIGN_PARTNERS]
ALL_NAMES = {name for name, _kind, _settings in ORGANISATIONS}
VOLUNTARY = {
    name for name, kind, _ in ORGANISATIONS if kind == OrganisationKind.VOLUNTARY_AND_COMMUNITY
}
VOLUNTARY_MENTAL_HEALTH = {
    name for name, _, settings in ORGANISATIONS if CareSetting.MENTAL_HEALTH in settings
} & VOLUNTARY
MIND = "Mind Jersey"
MIND_CONTACT = demo.synthetic_details(MIND, OrganisationKind.VOLUNTARY_AND_COMMUNITY)


def _count(n: int) -> str:
    return f"{n} organisation{'' if n == 1 else 's'}"


def _result_names(page: Page) -> list[str]:
    return page.locator("#organisation-results").get_by_role("heading", level=2).all_inner_texts()


def _partners_in_menu(page: Page):
    return page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partners")


def _apply(page: Page) -> None:
    page.get_by_role("button", name="Apply filters").click()


def test_an_anonymous_visitor_filters_and_searches_the_directory_and_opens_an_organisation(
    page: Page, axe
):
    assert len(ALL_NAMES) == 39
    page.goto("/partners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners directory")
    expect(_partners_in_menu(page)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status")).to_have_text(f"{_count(39)}, page 1 of 2")
    assert len(_result_names(page)) == 25
    axe(page, "the partners directory")

    page.get_by_label("Kind", exact=True).select_option(label="Voluntary and community")
    _apply(page)
    expect(page).to_have_url(re.compile(r"[?&]kind=voluntary_and_community(&|$)"))
    expect(page.get_by_role("status")).to_have_text(_count(len(VOLUNTARY)))
    assert set(_result_names(page)) == VOLUNTARY
    expect(page.get_by_label("Kind", exact=True)).to_have_value("voluntary_and_community")

    page.get_by_label("Care setting", exact=True).select_option(label="Mental health")
    _apply(page)
    expect(page).to_have_url(re.compile(r"[?&]care_setting=mental_health(&|$)"))
    expect(page.get_by_role("status")).to_have_text(_count(len(VOLUNTARY_MENTAL_HEALTH)))
    assert set(_result_names(page)) == VOLUNTARY_MENTAL_HEALTH
    axe(page, "the directory filtered by kind and care setting")

    page.get_by_role("link", name="Clear filters").click()
    expect(page.get_by_role("status")).to_have_text(f"{_count(39)}, page 1 of 2")

    page.get_by_label("Name", exact=True).fill("Mind")
    _apply(page)
    expect(page.get_by_role("status")).to_have_text(_count(1))
    assert _result_names(page) == [MIND]
    page.get_by_role("link", name=MIND).click()

    expect(page).to_have_url(re.compile(r"/partners/[a-z0-9-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(MIND)
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Partners")
    expect(_partners_in_menu(page)).to_have_attribute("aria-current", "true")  # in the section
    expect(page.locator("[data-partnership-only]")).to_have_count(0)
    expect(page.get_by_text(MIND_CONTACT["contact_email"])).to_have_count(0)
    expect(page.get_by_text(MIND_CONTACT["contact_phone"])).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text(
        "Contact details are shared within the partnership."
    )
    axe(page, "an organisation page, seen by an anonymous visitor")


def test_a_partner_member_signs_in_and_sees_contact_details(page: Page, site, axe):
    page.goto("/partners/?q=Mind")
    page.get_by_role("link", name=MIND).click()
    organisation_url = page.url
    expect(page.locator("[data-partnership-only]")).to_have_count(0)

    # A member of another partner (Tutela) signs in from the organisation's page ...
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username", exact=True).fill("provider")
    page.get_by_label("Password", exact=True).fill(site.passwords["provider"])
    page.get_by_role("button", name="Sign in").click()

    # ... and is taken back to it, where the partnership's contact details now show.
    expect(page).to_have_url(organisation_url)
    expect(page.get_by_role("link", name="Your account")).to_be_visible()
    contacts = page.locator("[data-partnership-only]")
    expect(contacts.first).to_be_visible()
    expect(contacts.filter(has_text=MIND_CONTACT["contact_email"])).to_have_count(1)
    expect(contacts.filter(has_text=MIND_CONTACT["contact_phone"])).to_have_count(1)
    people = page.get_by_role("table", name=f"People of {MIND}")
    expect(people.get_by_role("row", name=re.compile("Val Gallichan"))).to_contain_text(
        "voluntary@mindjersey.example.je"
    )
    expect(page.get_by_text("Contact details are shared within the partnership.")).to_have_count(0)
    axe(page, "an organisation page, seen by a partner member")


def test_the_next_link_pages_through_the_directory(page: Page, axe):
    page.goto("/partners/")
    pagination = page.get_by_role("navigation", name="Pagination")
    first_page = _result_names(page)
    expect(pagination.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    expect(pagination.get_by_role("link", name="Page 2")).not_to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("link", name="Previous page")).to_have_count(0)

    pagination.get_by_role("link", name="Next page").click()

    expect(page).to_have_url(re.compile(r"/partners/\?page=2$"))
    expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("status")).to_have_text(f"{_count(39)}, page 2 of 2")
    second_page = _result_names(page)
    assert (len(first_page), len(second_page)) == (25, 14)
    assert set(first_page) | set(second_page) == ALL_NAMES
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    expect(page.get_by_role("link", name="Previous page")).to_be_visible()
    axe(page, "the second page of the directory")


def test_a_bogus_filter_value_shows_the_error_beside_the_field(page: Page, axe):
    response = page.goto("/partners/?kind=bogus")

    assert response is not None and response.status == 400
    expect(page).to_have_title(re.compile(r"^Error: Partners directory"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    kind = page.get_by_label("Kind", exact=True)
    message = re.compile(r"Select a kind from the list")
    expect(kind).to_have_accessible_description(message)
    group = page.locator(".govuk-form-group--error")
    expect(group).to_have_count(1)
    expect(group.locator(".govuk-error-message")).to_have_text(message)
    expect(group.get_by_label("Kind", exact=True)).to_have_count(1)
    expect(summary.get_by_role("link", name=message)).to_have_attribute(
        "href", f"#{kind.get_attribute('id')}"
    )
    expect(page.get_by_role("status")).to_have_count(0)  # no results for bad input
    axe(page, "the directory with a bad filter value")


def test_the_pages_fit_a_320_pixel_wide_screen_without_scrolling_sideways(page: Page, sign_in_as):
    """WCAG 1.4.10 Reflow: wide tables scroll inside their own region, not the whole page."""
    sign_in_as(page, "voluntary")
    page.goto("/account/")
    page.get_by_label("What the token is for").fill("Monthly dashboard extract for the board")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("table", name="Your tokens")).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/partners/", "/partners/?kind=bogus", f"/partners/?q={MIND}", "/account/"):
        page.goto(path)
        if path.startswith("/partners/?q="):
            page.get_by_role("link", name=MIND).click()
            expect(page.get_by_role("table", name=f"People of {MIND}")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{page.url} is {width} pixels wide on a 320-pixel screen"


def test_the_directory_filters_without_javascript(no_js_context: BrowserContext):
    page = no_js_context.new_page()
    page.goto("/partners/")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))

    page.get_by_label("Kind", exact=True).select_option(label="Voluntary and community")
    page.get_by_label("Care setting", exact=True).select_option(label="Mental health")
    _apply(page)

    expect(page).to_have_url(re.compile(r"kind=voluntary_and_community"))
    expect(page.get_by_role("status")).to_have_text(_count(len(VOLUNTARY_MENTAL_HEALTH)))
    assert set(_result_names(page)) == VOLUNTARY_MENTAL_HEALTH

    page.goto("/partners/")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("status")).to_have_text(f"{_count(39)}, page 2 of 2")


def test_the_pages_run_their_scripts_under_the_content_security_policy(
    strict_context: BrowserContext,
):
    """No bypass here: the policy is enforced as in a visitor's browser, and nothing breaks it."""
    page = strict_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto("/")
    page.get_by_role("button", name="Browse the partners").click()  # a link styled as a button
    page.get_by_role("link", name="Dementia Jersey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dementia Jersey")
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    # GOV.UK Frontend's own script ran: it marks the body and moves focus to the error summary.
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert not problems, "\n".join(problems)


def test_with_javascript_the_results_update_in_place_as_the_visitor_types(page: Page, axe):
    page.goto("/partners/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Name", exact=True).fill("Mind")
    expect(page.get_by_role("status")).to_have_text(_count(1))
    assert _result_names(page) == [MIND]
    expect(page).to_have_url(re.compile(r"[?&]q=Mind(&|$)"))
    # htmx swapped the results: the page itself was never reloaded.
    assert page.evaluate("window.__sameDocument") is True
    page.get_by_label("Kind", exact=True).select_option(label="Private provider")
    expect(page.get_by_role("status")).to_have_text(_count(0))
    assert page.evaluate("window.__sameDocument") is True
    axe(page, "the directory after an in-place update")
