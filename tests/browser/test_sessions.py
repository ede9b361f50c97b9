"""Seeing where one is signed in and signing another browser out, in Chromium."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser


def test_a_person_signs_out_the_browser_they_left_signed_in(
    page: Page, strict_context: BrowserContext, sign_in_as, axe
):
    left_behind = strict_context.new_page()
    sign_in_as(left_behind, "voluntary")
    sign_in_as(page, "voluntary")

    page.goto("/account/")
    sessions = page.get_by_role("region", name="Your signed-in sessions")
    expect(sessions.get_by_role("row")).to_have_count(3)  # a header and two browsers
    expect(sessions.get_by_text("This browser")).to_have_count(1)
    axe(page, "the account page with two signed-in browsers")

    page.get_by_role("button", name="Sign out of every other session").click()
    expect(page.get_by_text("Signed out of 1 other session.")).to_be_visible()
    expect(sessions.get_by_role("row")).to_have_count(2)

    left_behind.goto("/account/")
    expect(left_behind.get_by_role("heading", level=1)).to_have_text("Sign in")
