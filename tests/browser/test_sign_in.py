"""Signing in and out through the real form, in Chromium, with an accessibility check."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WRONG_LOGIN = "Enter a correct username and password. Both are case-sensitive."


def _menu(page: Page):
    return page.get_by_role("navigation", name="Menu")


def test_a_persona_signs_in_through_the_form_and_signs_out_from_the_footer(page: Page, site, axe):
    page.goto("/sign-in/")
    expect(page).to_have_title(re.compile(r"^Sign in – Joined Up$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    axe(page, "the blank sign-in page")

    page.get_by_label("Username", exact=True).fill("commissioner")
    page.get_by_label("Password", exact=True).fill(site.passwords["commissioner"])
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jersey Care Partnership")
    expect(_menu(page).get_by_role("link", name="Your account")).to_be_visible()
    expect(_menu(page).get_by_role("link", name="Sign in")).to_have_count(0)
    axe(page, "the home page, signed in")

    page.get_by_role("contentinfo").get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{site.url}/")
    expect(_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(_menu(page).get_by_role("link", name="Your account")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_a_blank_form_shows_each_error_beside_its_field(page: Page, axe):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    for label in ("Username", "Password"):
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_accessible_description("Error: This field is required.")
        field_id = field.get_attribute("id")
        expect(summary.locator(f'a[href="#{field_id}"]')).to_have_text("This field is required.")
    axe(page, "the sign-in page with an error beside each field")


def test_a_wrong_password_shows_the_error_summary_and_leaves_the_visitor_signed_out(
    page: Page, site, axe
):
    page.goto("/sign-in/")
    page.get_by_label("Username", exact=True).fill("pmo")
    page.get_by_label("Password", exact=True).fill(site.passwords["pmo"] + "-wrong")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(f"{site.url}/sign-in/")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text(WRONG_LOGIN)
    # The username is kept for another try; the password never comes back.
    expect(page.get_by_label("Username", exact=True)).to_have_value("pmo")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(_menu(page).get_by_role("link", name="Your account")).to_have_count(0)
    axe(page, "the sign-in page after a wrong password")

    page.goto("/account/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/account/$"))
