"""Guessing passwords: the fifth wrong answer locks that account from that address for 15 minutes
(django-axes, AXES_FAILURE_LIMIT = 5); every attempt while locked, the sixth on, is refused."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"


@pytest.fixture
def target(partner_a):
    return factories.person("target", organisation=partner_a)


def _try(client, password, path="/sign-in/"):
    return client.post(path, {"username": "target", "password": password})


def _five_wrong_guesses(client, path="/sign-in/"):
    answers = [_try(client, f"guess {n}", path).status_code for n in range(5)]
    assert answers == [200, 200, 200, 200, 429], "the fifth wrong password locks"


def _cool_off_passes(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_after_five_wrong_passwords_the_sixth_attempt_is_refused_as_too_many(target):
    client = Client(REMOTE_ADDR=ATTACKER)
    _five_wrong_guesses(client)
    sixth = _try(client, "guess 6")
    assert sixth.status_code == 429
    assert "Too many attempts" in sixth.content.decode()


def test_while_locked_even_the_right_password_does_not_sign_in(target):
    client = Client(REMOTE_ADDR=ATTACKER)
    _five_wrong_guesses(client)
    assert _try(client, PASSWORD).status_code == 429
    assert client.get("/account/").status_code == 302


def test_the_lock_lasts_fifteen_minutes(target):
    client = Client(REMOTE_ADDR=ATTACKER)
    _five_wrong_guesses(client)
    _cool_off_passes(minutes=14)
    assert _try(client, PASSWORD).status_code == 429
    _cool_off_passes(minutes=16)
    assert _try(client, PASSWORD).status_code == 302
    assert client.get("/account/").status_code == 200


def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(target):
    _five_wrong_guesses(Client(REMOTE_ADDR=ATTACKER))
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert _try(owner, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(target):
    client = Client(REMOTE_ADDR=ATTACKER)
    _five_wrong_guesses(client, "/admin/login/")
    assert _try(client, "guess 6", "/admin/login/").status_code == 429
