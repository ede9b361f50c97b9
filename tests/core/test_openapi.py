"""The committed OpenAPI document is the one the code generates, and it is valid OpenAPI 3."""

import json
from pathlib import Path

from openapi_spec_validator import validate

from joinedup.api import api

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def generated() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))


def test_the_generated_openapi_document_is_valid_openapi_3():
    document = generated()
    assert document["openapi"].startswith("3.")
    validate(document)


def test_the_committed_openapi_document_matches_the_code():
    assert COMMITTED.exists(), "run `joinedup export_openapi_schema` to write docs/openapi.json"
    committed = json.loads(COMMITTED.read_text())
    assert committed == generated(), (
        "docs/openapi.json is out of date: regenerate it with "
        "`joinedup export_openapi_schema --api joinedup.api.api --indent 2 "
        "--output docs/openapi.json`"
    )


def test_the_served_document_is_the_generated_one(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"].keys() == generated()["paths"].keys()
