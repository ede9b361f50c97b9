"""Signed-in sessions that their owner (or an admin) can see and end.

Every sign-in names its session in a `SignIn` row. Ending a session deletes it from the session
store and deletes its row; a signed-in session checks its row every few minutes, which also
catches a session whose key has changed since it was named.
"""

from django.contrib.auth import logout
from django.http import HttpRequest

from . import services


def name_the_session(sender, request, user, **kwargs) -> None:
    """Connected to `user_logged_in` in CoreConfig.ready: the one hook that every way of signing
    in passes through (the sign-in page, the admin's, and the test client's)."""
    if request is not None and hasattr(request, "session"):
        services.record_sign_in(request=request, user=user)


class SignInMiddleware:
    """Signs out a session whose SignIn row is gone, and keeps "last seen" roughly current."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = request.user
        if user.is_authenticated and not services.keep_sign_in(session=request.session, user=user):
            logout(request)
        return self.get_response(request)
