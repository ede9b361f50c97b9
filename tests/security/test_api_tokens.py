"""API tokens expire, can be revoked, die with their owner's account and cannot be guessed."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.core.choices import Visibility
from joinedup.core.models import ApiToken
from joinedup.core.services import issue_api_token
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership_record(db):
    return factories.organisation("Partnership Only", visibility=Visibility.PARTNERSHIP)


def _read(client, record, raw_token):
    return client.get(
        f"/api/v1/organisations/{record.pk}", HTTP_AUTHORIZATION=f"Bearer {raw_token}"
    )


def test_a_live_token_reads_as_its_owner(anonymous, member_a, partnership_record):
    _, raw = issue_api_token(
        person=member_a.person, name="Dashboard", expires_at=timezone.now() + timedelta(days=1)
    )
    assert _read(anonymous.client, partnership_record, raw).status_code == 200


def test_an_expired_token_is_refused(anonymous, member_a, partnership_record):
    _, raw = issue_api_token(
        person=member_a.person, name="Old", expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = _read(anonymous.client, partnership_record, raw)
    assert response.status_code == 401
    assert "expired" in response.json()["message"]


def test_a_token_revoked_on_the_account_page_is_refused(anonymous, member_a, partnership_record):
    token, raw = issue_api_token(person=member_a.person, name="Leaked")
    member_a.client.post(f"/account/tokens/{token.pk}/revoke/")
    assert _read(anonymous.client, partnership_record, raw).status_code == 401
    assert "Revoked" in member_a.client.get("/account/").content.decode()


def test_the_tokens_of_a_deactivated_account_are_refused(anonymous, member_a, partnership_record):
    _, raw = issue_api_token(person=member_a.person, name="Script")
    user = member_a.person.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _read(anonymous.client, partnership_record, raw).status_code == 401


def test_every_token_created_on_the_account_page_expires_within_a_year(member_a):
    for days in ("30", "90", "365"):
        member_a.client.post("/account/tokens/", {"name": f"{days} days", "expires_in_days": days})
    refused = member_a.client.post("/account/tokens/", {"name": "Forever", "expires_in_days": "0"})
    assert refused.status_code == 400
    latest = max(token.expires_at for token in ApiToken.objects.filter(person=member_a.person))
    assert latest - timezone.now() <= timedelta(days=365)
    assert not ApiToken.objects.filter(expires_at__isnull=True).exists()


def test_an_expired_token_is_shown_as_expired_on_the_account_page(member_a):
    issue_api_token(
        person=member_a.person, name="Last year", expires_at=timezone.now() - timedelta(days=1)
    )
    page = member_a.client.get("/account/").content.decode()
    assert "Expired" in page


def test_a_token_is_too_long_to_guess_and_only_its_digest_is_kept(member_a):
    # 32 random bytes (256 bits): there is no rate limit on bearer tokens because none is needed.
    # The token is found by the SHA-256 of what is sent, so how long a wrong guess takes says
    # nothing about how much of it was right.
    token, raw = issue_api_token(person=member_a.person, name="Guess me")
    secret = raw.removeprefix("jup_")
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", secret)
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert secret not in {token.prefix, token.digest, token.name}


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer ", "Token abc", "Bearer jup_" + "A" * 43, "Basic dXNlcjpwYXNz"]
)
def test_a_malformed_or_unknown_token_is_a_401_not_anonymous(anonymous, header):
    response = anonymous.client.get("/api/v1/organisations", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
