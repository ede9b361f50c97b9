"""The committed OpenAPI document is the one the code generates, and it is valid OpenAPI 3."""

import json
from collections import defaultdict
from pathlib import Path

from ninja import Schema
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


def _project_schemas() -> list[type[Schema]]:
    found, unvisited = [], [Schema]
    while unvisited:
        for subclass in unvisited.pop().__subclasses__():
            unvisited.append(subclass)
            if subclass.__module__.startswith("joinedup."):
                found.append(subclass)
    return found


def test_no_two_different_api_schemas_share_a_name():
    """The document names each schema by its class name, so of two different schemas with one
    name only one is described: responses of the other broke their documented schema (found by
    the schemathesis run: contracts' parties, specifications' versions, consultation responses)."""
    shapes = defaultdict(set)
    for schema in _project_schemas():
        shapes[schema.__name__].add(json.dumps(schema.model_json_schema(), sort_keys=True))
    assert [name for name, found in shapes.items() if len(found) > 1] == []


def test_the_errors_any_operation_may_answer_with_are_documented(client, db):
    """A page past the end, a wrong token, input outside the parameters' bounds and a body that
    is not JSON were answered with statuses the document did not list (found by schemathesis)."""
    answers = [
        client.get("/api/v1/bodies", {"page": 999}),
        client.get("/api/v1/bodies", HTTP_AUTHORIZATION="Bearer not-a-token"),
        client.get("/api/v1/bodies", {"page": 0}),
        client.post("/api/v1/projects/P-1/returns", b"{", content_type="application/json"),
    ]
    assert [answer.status_code for answer in answers] == [404, 401, 422, 400]
    assert (
        "400" in generated()["paths"]["/api/v1/projects/{reference}/returns"]["post"]["responses"]
    )
    assert all("message" in answer.json() for answer in answers)
    documented = generated()["paths"]["/api/v1/bodies"]["get"]["responses"]
    assert {"404", "401", "422"} <= documented.keys()
    assert documented["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }
