"""A partner's account page: personal API tokens, shown once, revocable."""

import pytest

from joinedup.core.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_token_and_sees_it_once(member_a):
    response = member_a.client.post(
        "/account/tokens/", {"name": "Dashboards", "expires_in_days": "30"}
    )
    assert response.status_code == 201
    raw = response.context["new_token"]
    assert raw.startswith("jup_") and raw in response.content.decode()
    assert raw not in member_a.client.get("/account/").content.decode()
    assert AuditEntry.objects.filter(action="api_token.issued").exists()


def test_a_token_without_a_name_is_refused_beside_the_field(member_a):
    response = member_a.client.post("/account/tokens/", {"name": "", "expires_in_days": "30"})
    assert response.status_code == 400
    assert 'id="id_name-error"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_an_unoffered_expiry_is_refused(member_a):
    response = member_a.client.post("/account/tokens/", {"name": "x", "expires_in_days": "9999"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_member_revokes_their_token(member_a):
    member_a.client.post("/account/tokens/", {"name": "Old", "expires_in_days": "30"})
    token = ApiToken.objects.get()
    response = member_a.client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_member_cannot_revoke_someone_elses_token(member_a, member_b):
    member_a.client.post("/account/tokens/", {"name": "Mine", "expires_in_days": "30"})
    token = ApiToken.objects.get()
    assert member_b.client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
