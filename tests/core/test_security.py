"""The security baseline: deploy checks, headers, password hashing and login throttling."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "joinedup.example.je",
}


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "STATIC_MANIFEST"))
    }
    env.update(PRODUCTION_ENV, JOINEDUP_VAR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_FILE")}
    env.update(DEBUG="0", JOINEDUP_VAR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "check"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_pages_carry_the_other_security_headers(client):
    headers = client.get("/").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_production_defaults_are_strict():
    # The test run relaxes only what plain-HTTP testing needs; production defaults stay strict.
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.X_FRAME_OPTIONS == "DENY"


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(settings):
    from joinedup import settings as product_settings

    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    person = factories.person("hashed")
    assert get_user_model().objects.get(pk=person.user.pk).password.startswith("argon2")


@pytest.mark.django_db
def test_sign_in_is_throttled_after_repeated_failures(partner_a):
    factories.person("target", organisation=partner_a, password="the right password 1")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"username": "target", "password": "wrong"})
    locked = client.post("/sign-in/", {"username": "target", "password": "the right password 1"})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()


@pytest.mark.django_db
def test_a_person_signs_in_and_out(partner_a):
    factories.person("walker", organisation=partner_a, password="the right password 1")
    client = Client()
    signed_in = client.post("/sign-in/", {"username": "walker", "password": "the right password 1"})
    assert signed_in.status_code == 302
    assert client.get("/account/").status_code == 200
    client.post("/sign-out/")
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_shows_the_error_and_signs_no_one_in(partner_a):
    factories.person("walker", organisation=partner_a, password="the right password 1")
    client = Client()
    response = client.post("/sign-in/", {"username": "walker", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert client.get("/account/").status_code == 302


@pytest.mark.django_db
def test_forms_require_a_csrf_token(member_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_a.person.user, backend="django.contrib.auth.backends.ModelBackend")
    assert (
        client.post("/account/tokens/", {"name": "x", "expires_in_days": "30"}).status_code == 403
    )


@pytest.mark.django_db
def test_an_oversized_request_body_is_refused_without_a_server_error(member_a):
    response = member_a.client.post(
        "/account/tokens/", {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    )
    assert response.status_code == 400
