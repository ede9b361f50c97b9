"""Whatever a path parameter holds, the API answers with a message, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/bodies/a%00b",
        "/api/v1/meetings/a%00b",
        "/api/v1/indicators/a%00b",
        "/api/v1/subjects/a%00b/rating",
        "/api/v1/commissioning/contracts/a%00b/kpi-returns",
        "/api/v1/ocds/releases/a%00b",
        "/api/v1/consultations/a%00b",
    ],
)
def test_a_nul_character_in_a_path_is_refused_with_a_message(client, path):
    """A NUL in a slug, code or reference that is looked up was a server error on PostgreSQL,
    which cannot compare such text."""
    response = client.get(path)
    assert response.status_code == 422
    assert "NUL character" in response.json()["message"]


def test_a_nul_character_in_a_path_is_refused_on_writes_too(client):
    response = client.post(
        "/api/v1/consultations/a%00b/responses", {"answers": []}, content_type="application/json"
    )
    assert response.status_code == 422
