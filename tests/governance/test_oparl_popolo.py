"""The OParl 1.1 and Popolo exports validate against those standards' published JSON schemas
(copied under tests/fixtures/standards/), their links resolve, and they hold only what the
caller may see: never a Part B item for anonymous callers, never anyone's contact details."""

import json
from collections import deque
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from jsonschema import Draft3Validator, Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT3

from joinedup.core.choices import Visibility
from joinedup.governance import services
from tests import factories
from tests.governance import factories as gov
from tests.governance.api_matrix import build_records

pytestmark = pytest.mark.django_db

STANDARDS = Path(__file__).resolve().parents[1] / "fixtures" / "standards"
OPARL_SCHEMAS = STANDARDS / "oparl-1.1" / "schema"
POPOLO_SCHEMAS = STANDARDS / "popolo" / "schemas"
OPARL = "http://testserver/api/v1/oparl/"
OPARL_TYPE = "https://schema.oparl.org/1.1/"


@pytest.fixture
def records(settings, tmp_path, board, member_a, partner_a, partner_b):
    settings.MEDIA_ROOT = tmp_path
    return build_records(board, member_a, partner_a, partner_b)


# A validator for OParl: JSON Schema, plus OParl's own `schema` keyword (the file describing a
# nested object) and `references` keyword (the value is the URL of an object of that type).

formats = FormatChecker()


@formats.checks("url")
def _is_url(value) -> bool:
    return not isinstance(value, str) or _absolute_url(value)


def _absolute_url(value) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in {"http", "https"} and parts.netloc)


@cache
def oparl_schema(name: str) -> dict:
    return json.loads((OPARL_SCHEMAS / name).read_text())


def oparl_errors(obj: dict, schema_file: str | None = None) -> list[str]:
    """Every way `obj` breaks the OParl schema for its type, following nested objects."""
    schema_file = schema_file or obj.get("type", "").removeprefix(OPARL_TYPE) + ".json"
    schema = oparl_schema(schema_file)
    where = f"{schema_file} {obj.get('id', '')}"
    errors = [
        f"{where}: {'/'.join(map(str, e.path))}: {e.message}"
        for e in Draft4Validator(schema, format_checker=formats).iter_errors(obj)
    ]
    for name, value in obj.items():
        rules = schema["properties"].get(name)
        if rules is None:
            errors.append(f"{where}: {name} is not an OParl property")
            continue
        errors += _nested_errors(where, name, rules, value)
    return errors


def _nested_errors(where: str, name: str, rules: dict, value) -> list[str]:
    errors = []
    values = value if isinstance(value, list) else [value]
    if "references" in rules:
        errors += [f"{where}: {name} {v!r} is not a URL" for v in values if not _absolute_url(v)]
    nested = rules.get("schema") if rules.get("type") == "object" else None
    if rules.get("type") == "array":
        nested = rules.get("items", {}).get("schema")
    for item in values if nested else []:
        errors += oparl_errors(item, nested) if isinstance(item, dict) else []
    return errors


def crawl(client, start=f"{OPARL}system", limit=400) -> dict[str, dict]:
    """Fetch every OParl URL reachable from the system object, as an OParl client would."""
    found, queue = {}, deque([start])
    while queue and len(found) < limit:
        url = queue.popleft()
        if url in found:
            continue
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, (url, response.content)
        found[url] = response.json()
        queue.extend(u for u in _urls(found[url]) if u.startswith(OPARL) and u not in found)
    assert not queue, "the crawl did not finish"
    return found


def _urls(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _urls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _urls(item)
    elif isinstance(value, str) and value.startswith("http"):
        yield value


def _errors_in(document: dict) -> list[str]:
    if "data" not in document:
        return oparl_errors(document)
    errors = [e for obj in document["data"] for e in oparl_errors(obj)]
    pagination = document["pagination"]
    if set(pagination) != {"totalElements", "elementsPerPage", "currentPage", "totalPages"}:
        errors.append(f"bad pagination block {pagination}")
    return errors + [
        f"bad list link {v}" for v in document["links"].values() if not _absolute_url(v)
    ]


def test_the_validator_catches_what_oparl_forbids():
    meeting = {"id": f"{OPARL}meetings/1", "type": f"{OPARL_TYPE}Meeting"}
    assert oparl_errors(meeting) == []
    assert oparl_errors({**meeting, "organization": ["organizations/spb"]})
    assert oparl_errors({**meeting, "agendaItem": [{"id": f"{OPARL}agendaitems/1"}]})
    assert oparl_errors({**meeting, "start": "tomorrow"})
    assert oparl_errors({**meeting, "room": "A"})


def test_anonymous_crawl_finds_valid_oparl_and_never_part_b(anonymous, records):
    documents = crawl(anonymous.client)
    errors = [e for document in documents.values() for e in _errors_in(document)]
    assert errors == []
    found = json.dumps(documents)
    for reachable in (
        f"meetings/{records['meeting'].pk}",
        f"agendaitems/{records['item'].pk}",
        f"papers/{records['paper'].pk}",
        f"files/{records['paper'].pk}",
        f"memberships/{records['membership'].pk}",
        f"persons/{records['person'].pk}",
        f"organizations/{records['body'].slug}",
        f"partners/{records['partner'].slug}",
    ):
        assert f"{OPARL}{reachable}" in documents, reachable
    for hidden in ("part_b", "confidential_paper", "partnership_meeting", "partnership_person"):
        assert str(records[hidden].pk) not in found, hidden
    assert "Care home contract" not in found and "Contract terms" not in found
    assert records["person"].email not in found and records["person"].phone not in found


def test_a_member_of_the_body_gets_part_b_marked_not_public(member_a, records):
    documents = crawl(member_a.client)
    assert [e for document in documents.values() for e in _errors_in(document)] == []
    item = documents[f"{OPARL}agendaitems/{records['part_b'].pk}"]
    assert item["public"] is False
    assert [f["name"] for f in item["auxiliaryFile"]] == ["Contract terms"]


def test_a_meeting_embeds_its_agenda_with_papers_as_files(anonymous, records):
    meeting = anonymous.client.get(f"/api/v1/oparl/meetings/{records['meeting'].pk}").json()
    assert oparl_errors(meeting) == []
    (item,) = meeting["agendaItem"]
    assert (item["order"], item["name"], item["public"]) == (1, "Tranche 1 plan", True)
    (file,) = item["auxiliaryFile"]
    assert file["accessUrl"].startswith("http://testserver/")
    assert file["mimeType"] == "application/pdf"
    assert meeting["organization"] == [f"{OPARL}organizations/{records['body'].slug}"]


def test_a_membership_names_the_organisation_represented(anonymous, records):
    membership = anonymous.client.get(
        f"/api/v1/oparl/memberships/{records['membership'].pk}"
    ).json()
    assert oparl_errors(membership) == []
    assert membership["onBehalfOf"] == f"{OPARL}partners/{records['partner'].slug}"
    assert membership["role"] == "Member" and membership["votingRight"] is True


def test_oparl_lists_are_paged_with_links(anonymous, records):
    for day in range(30):
        gov.meeting(records["body"], days_from_now=day + 1)
    first = anonymous.client.get("/api/v1/oparl/meetings?page_size=10").json()
    assert first["pagination"] == {
        "totalElements": 32, "elementsPerPage": 10, "currentPage": 1, "totalPages": 4
    }  # fmt: skip
    assert "prev" not in first["links"]
    second = anonymous.client.get(first["links"]["next"].removeprefix("http://testserver")).json()
    assert second["pagination"]["currentPage"] == 2 and len(second["data"]) == 10
    assert {m["id"] for m in first["data"]}.isdisjoint(m["id"] for m in second["data"])
    assert _errors_in(second) == []


# Popolo: draft-03 schemas whose $refs resolve to the copied files, never over the network.


def _no_network(uri: str):
    raise NoSuchResource(ref=uri)


@cache
def popolo_registry() -> Registry:
    resources = []
    for path in POPOLO_SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resource = Resource.from_contents(schema, default_specification=DRAFT3)
        resources.append((schema["id"].rstrip("#"), resource))
    return Registry(retrieve=_no_network).with_resources(resources)


def popolo_errors(obj: dict, kind: str) -> list[str]:
    schema = json.loads((POPOLO_SCHEMAS / f"{kind}.json").read_text())
    validator = Draft3Validator(
        schema, registry=popolo_registry(), format_checker=Draft3Validator.FORMAT_CHECKER
    )
    return [f"{kind} {obj.get('id')}: {e.message}" for e in validator.iter_errors(obj)]


def _popolo_document_errors(document: dict) -> list[str]:
    kinds = {"persons": "person", "organizations": "organization", "memberships": "membership"}
    assert set(document) == set(kinds)
    return [
        e for key, kind in kinds.items() for obj in document[key] for e in popolo_errors(obj, kind)
    ]


def test_the_popolo_validator_catches_what_popolo_forbids():
    assert popolo_errors({"id": "1", "name": "A"}, "person") == []
    assert popolo_errors({"id": "1", "birth_date": "last year"}, "person")
    assert popolo_errors({"id": "1", "start_date": "3 May"}, "membership")
    # through $refs to link.json and other_name.json, resolved locally
    assert popolo_errors({"id": "1", "links": [{"note": "no url"}]}, "organization")
    assert popolo_errors({"id": "1", "other_names": [{"name": 5}]}, "organization")


def test_popolo_export_validates_and_links_up(anonymous, records, board):
    services.end_membership(
        membership=board.body.memberships.get(person=board.rep_c), ends_on=timezone.localdate()
    )
    document = anonymous.client.get("/api/v1/popolo").json()
    assert _popolo_document_errors(document) == []
    persons = {p["id"] for p in document["persons"]}
    organizations = {o["id"]: o for o in document["organizations"]}
    for membership in document["memberships"]:
        assert membership["person_id"] in persons
        assert membership["organization_id"] in organizations
        assert membership.get("on_behalf_of_id", membership["organization_id"]) in organizations
    assert str(board.rep_c.pk) in persons, "past members are included"
    assert organizations[str(records["partner"].pk)]["name"] == "Partner A Care"
    assert organizations[str(board.body.pk)]["other_names"] == [{"name": "SPB"}]


def test_popolo_export_for_anonymous_has_no_hidden_bodies_or_contact_details(anonymous, records):
    quiet = factories.organisation("Quiet Partner", visibility=Visibility.PARTNERSHIP)
    gov.seat(records["body"], factories.person("quiet", organisation=quiet))
    text = json.dumps(anonymous.client.get("/api/v1/popolo").json())
    assert records["partnership_body"].name not in text
    assert str(records["partnership_person"].pk) not in text
    assert "Quiet Partner" not in text and str(quiet.pk) not in text
    assert "@" not in text and records["person"].phone not in text


def test_popolo_export_for_a_partner_includes_partnership_bodies(member_b, records):
    document = member_b.client.get("/api/v1/popolo").json()
    assert _popolo_document_errors(document) == []
    names = {o["name"] for o in document["organizations"]}
    assert records["partnership_body"].name in names
