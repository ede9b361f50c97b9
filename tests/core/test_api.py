"""The organisations API: paginated, filtered, visibility-checked, with JSON errors."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from joinedup.core import services
from joinedup.core.choices import CareSetting, OrganisationKind, Visibility
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations"


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def token_a(member_a):
    _, raw = services.issue_api_token(person=member_a.person, name="script")
    return raw


def test_lists_organisations_with_count_and_pages(anonymous, partner_a, partner_b):
    body = anonymous.client.get(LIST).json()
    assert body["count"] == 2
    assert body["page"] == 1 and body["pages"] == 1
    assert [o["name"] for o in body["items"]] == ["Partner A Care", "Partner B Trust"]


def test_pages_through_a_long_list(anonymous):
    for n in range(30):
        factories.organisation(f"Org {n:02d}")
    body = anonymous.client.get(f"{LIST}?page=2&page_size=25").json()
    assert body["pages"] == 2 and len(body["items"]) == 5
    assert body["items"][0]["name"] == "Org 25"


def test_filters_as_the_directory_page_does(anonymous, partner_a, partner_b):
    factories.organisation("Talk Mind", care_settings=[CareSetting.MENTAL_HEALTH])
    by_kind = anonymous.client.get(f"{LIST}?kind={OrganisationKind.PRIVATE_PROVIDER}").json()
    assert [o["name"] for o in by_kind["items"]] == ["Partner A Care"]
    by_setting = anonymous.client.get(f"{LIST}?care_setting=mental_health").json()
    assert [o["name"] for o in by_setting["items"]] == ["Talk Mind"]
    by_name = anonymous.client.get(f"{LIST}?q=trust").json()
    assert [o["name"] for o in by_name["items"]] == ["Partner B Trust"]


def test_anonymous_caller_gets_no_contact_details(anonymous, partner_a):
    body = anonymous.client.get(f"{LIST}/{partner_a.pk}").json()
    assert body["contact"] is None
    assert partner_a.contact_email not in str(anonymous.client.get(LIST).json())


def test_partner_with_a_token_gets_contact_details(token_a, partner_b):
    body = Client().get(f"{LIST}/{partner_b.pk}", headers=_bearer(token_a)).json()
    assert body["contact"] == {"email": partner_b.contact_email, "phone": partner_b.contact_phone}


def test_signed_in_session_also_counts_as_the_partner(member_a, partner_b):
    assert member_a.client.get(f"{LIST}/{partner_b.pk}").json()["contact"] is not None


def test_partnership_only_organisations_are_hidden_from_anonymous_callers(anonymous, token_a):
    hidden = factories.organisation("Inner Circle", visibility=Visibility.PARTNERSHIP)
    assert anonymous.client.get(f"{LIST}/{hidden.pk}").status_code == 404
    assert "Inner Circle" not in str(anonymous.client.get(LIST).json())
    assert Client().get(f"{LIST}/{hidden.pk}", headers=_bearer(token_a)).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer jup_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer ", "Token abc"],
)
def test_a_bad_token_is_refused_with_401_not_treated_as_anonymous(db, header):
    response = Client().get(LIST, headers={"Authorization": header})
    assert response.status_code == 401
    assert "message" in response.json()


def test_a_revoked_token_no_longer_works(member_a):
    token, raw = services.issue_api_token(person=member_a.person, name="old")
    assert Client().get(LIST, headers=_bearer(raw)).status_code == 200
    services.revoke_api_token(token=token)
    assert Client().get(LIST, headers=_bearer(raw)).status_code == 401


def test_an_expired_token_no_longer_works(member_a):
    _, raw = services.issue_api_token(
        person=member_a.person, name="short", expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    assert Client().get(LIST, headers=_bearer(raw)).status_code == 401


def test_tokens_are_stored_only_as_digests(member_a):
    token, raw = services.issue_api_token(person=member_a.person, name="check")
    token.refresh_from_db()
    assert raw not in (token.digest, token.prefix)
    assert len(token.digest) == 64


@pytest.mark.parametrize(
    "query, status",
    [
        ("page=0", 422),
        ("page=abc", 422),
        ("page=99", 404),
        ("page_size=1000", 422),
        ("kind=spaceship", 422),
        ("care_setting=moon", 422),
        ("q=" + "x" * 101, 422),
    ],
)
def test_bad_list_parameters_get_a_clear_json_error(anonymous, partner_a, query, status):
    response = anonymous.client.get(f"{LIST}?{query}")
    assert response.status_code == status
    assert response.json()["message"]


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "00000000-0000-0000-0000-000000000000"])
def test_malformed_or_unknown_ids_are_4xx(anonymous, bad_id):
    response = anonymous.client.get(f"{LIST}/{bad_id}")
    assert response.status_code in (404, 422)
    assert response.json()["message"]


def test_an_unknown_api_path_is_404(anonymous):
    assert anonymous.client.get("/api/v1/nothing-here").status_code == 404


def test_list_query_count_does_not_grow_with_the_page(anonymous, django_assert_max_num_queries):
    for n in range(60):
        factories.organisation(f"Org {n:02d}")
    with django_assert_max_num_queries(3):
        body = anonymous.client.get(f"{LIST}?page_size=100").json()
    assert len(body["items"]) == 60


def test_token_list_query_count_is_bounded(token_a, django_assert_max_num_queries):
    for n in range(30):
        factories.organisation(f"Org {n:02d}")
    with django_assert_max_num_queries(6):
        assert Client().get(LIST, headers=_bearer(token_a)).status_code == 200


def test_writes_are_not_accepted_on_read_only_routes(member_a, partner_a):
    response = member_a.client.post(LIST, data={}, content_type="application/json")
    assert response.status_code == 405
