"""Signing an account in from another browser, for the session tests."""

from dataclasses import dataclass

from django.test import Client

from joinedup.core.models import SignIn
from tests.conftest import PASSWORD


@dataclass
class Browser:
    client: Client
    sign_in: SignIn


def signed_in_elsewhere(user, user_agent: str = "Firefox on a shared PC") -> Browser:
    """The account signed in through the sign-in page of another browser."""
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post("/sign-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the sign-in page did not sign the account in"
    return Browser(client, SignIn.objects.get(session_key=client.session.session_key))
