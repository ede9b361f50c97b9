"""Signed-in sessions expire, and a person (or an admin) can see and end them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.core.models import ApiToken, AuditEntry, SignIn
from joinedup.core.services import CHECKED_AT_SESSION_KEY, issue_api_token
from tests import factories
from tests.security.sessions import signed_in_elsewhere

pytestmark = pytest.mark.django_db


def _is_signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def _due_for_a_check(client) -> None:
    """Let the session's few minutes between checks of its sign-in pass."""
    session = client.session
    session[CHECKED_AT_SESSION_KEY] = 0
    session.save()


@pytest.fixture
def walker(partner_a):
    return factories.person("walker", organisation=partner_a)


def test_a_person_sees_each_browser_they_are_signed_in_with(walker):
    laptop = signed_in_elsewhere(walker.user, "Firefox on the office laptop")
    signed_in_elsewhere(walker.user, "Safari on my phone")
    page = laptop.client.get("/account/").content.decode()
    assert "Where you are signed in" in page
    assert "Firefox on the office laptop" in page and "Safari on my phone" in page
    assert page.count("This browser") == 1
    assert timezone.localtime(laptop.sign_in.signed_in_at).strftime("%-d %b %Y %H:%M") in page


def test_a_person_signs_another_browser_out_and_it_is_signed_out_at_once(walker):
    laptop = signed_in_elsewhere(walker.user, "Firefox on the office laptop")
    shared = signed_in_elsewhere(walker.user, "Edge on a shared PC")
    response = laptop.client.post(f"/account/sessions/{shared.sign_in.pk}/sign-out/")
    assert response.status_code == 302 and response.url == "/account/"
    assert not _is_signed_in(shared.client)
    assert _is_signed_in(laptop.client)
    assert AuditEntry.objects.filter(action="session.ended", object_id=str(walker.user.pk)).exists()


def test_a_person_signs_out_of_every_other_session_and_stays_signed_in_here(walker):
    here = signed_in_elsewhere(walker.user, "Here")
    others = [signed_in_elsewhere(walker.user, f"Other {n}") for n in range(3)]
    assert "Sign out of every other session" in here.client.get("/account/").content.decode()
    here.client.post("/account/sessions/sign-out-others/")
    assert [_is_signed_in(other.client) for other in others] == [False, False, False]
    assert _is_signed_in(here.client)
    assert list(SignIn.objects.filter(user=walker.user)) == [here.sign_in]


def test_signing_out_this_browser_from_the_list_goes_to_the_sign_in_page(walker):
    here = signed_in_elsewhere(walker.user)
    response = here.client.post(f"/account/sessions/{here.sign_in.pk}/sign-out/")
    assert response.url == "/sign-in/"
    assert not _is_signed_in(here.client)


def test_another_person_cannot_sign_out_someones_session(walker, member_b):
    laptop = signed_in_elsewhere(walker.user)
    response = member_b.client.post(f"/account/sessions/{laptop.sign_in.pk}/sign-out/")
    assert response.status_code == 404
    assert _is_signed_in(laptop.client)


def test_a_browser_that_signed_out_is_no_longer_listed(walker):
    here = signed_in_elsewhere(walker.user, "Here")
    gone = signed_in_elsewhere(walker.user, "Signed out since")
    gone.client.post("/sign-out/")
    assert "Signed out since" not in here.client.get("/account/").content.decode()


def test_a_session_lasts_eight_hours_from_signing_in(walker):
    here = signed_in_elsewhere(walker.user)
    expires = Session.objects.get(session_key=here.client.session.session_key).expire_date
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert abs(expires - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)


def test_an_expired_session_is_signed_out(walker):
    here = signed_in_elsewhere(walker.user)
    Session.objects.filter(session_key=here.client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = here.client.get("/account/")
    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_activity_does_not_stretch_a_session_past_eight_hours_from_signing_in(walker):
    here = signed_in_elsewhere(walker.user)
    SignIn.objects.filter(pk=here.sign_in.pk).update(
        signed_in_at=timezone.now() - timedelta(hours=8, minutes=1)
    )
    _due_for_a_check(here.client)
    assert not _is_signed_in(here.client)


def test_a_session_whose_sign_in_was_ended_is_signed_out_at_its_next_check(walker):
    # Ending a session deletes it from the store at once; if its key had changed since it was
    # named (a password change cycles it), the check of its sign-in row still catches it.
    here = signed_in_elsewhere(walker.user)
    SignIn.objects.filter(pk=here.sign_in.pk).delete()
    assert _is_signed_in(here.client), "checked only every few minutes"
    _due_for_a_check(here.client)
    assert not _is_signed_in(here.client)


def test_a_check_refreshes_last_seen_and_keeps_the_session(walker):
    here = signed_in_elsewhere(walker.user)
    SignIn.objects.filter(pk=here.sign_in.pk).update(
        last_seen_at=timezone.now() - timedelta(hours=1)
    )
    _due_for_a_check(here.client)
    assert _is_signed_in(here.client)
    here.sign_in.refresh_from_db()
    assert timezone.now() - here.sign_in.last_seen_at < timedelta(minutes=1)


def test_an_admin_signs_a_person_out_everywhere(admin, walker):
    browsers = [signed_in_elsewhere(walker.user, f"Browser {n}") for n in range(2)]
    response = admin.client.post(
        "/admin/auth/user/",
        {"action": "sign_out_everywhere", "_selected_action": [walker.user.pk]},
    )
    assert response.status_code == 302
    assert [_is_signed_in(browser.client) for browser in browsers] == [False, False]
    assert AuditEntry.objects.filter(
        action="session.ended_everywhere", object_id=str(walker.user.pk)
    ).exists()


def test_deactivating_a_person_ends_their_sessions_and_revokes_their_tokens(admin, walker):
    browser = signed_in_elsewhere(walker.user)
    _, raw = issue_api_token(person=walker, name="Reporting script")
    user = walker.user
    response = admin.client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": user.username, "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email,
            "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
            "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
            # is_active left out: the box is unticked.
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert not user.is_active
    assert not _is_signed_in(browser.client)
    assert ApiToken.objects.get(person=walker).revoked_at is not None
    # Re-activating the account brings neither back.
    type(user).objects.filter(pk=user.pk).update(is_active=True)
    assert not _is_signed_in(browser.client)
    assert (
        browser.client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code
        == 401
    )


def test_the_account_page_takes_the_same_queries_however_many_sessions_are_listed(walker):
    laptop = signed_in_elsewhere(walker.user, "Firefox on the office laptop")
    laptop.client.get("/account/")
    with CaptureQueriesContext(connection) as one:
        laptop.client.get("/account/")
    for number in range(20):
        signed_in_elsewhere(walker.user, f"Browser number {number}")
    with CaptureQueriesContext(connection) as many:
        page = laptop.client.get("/account/").content.decode()
    assert "Browser number 19" in page
    assert len(many) == len(one)
