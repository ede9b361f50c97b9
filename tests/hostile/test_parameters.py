"""Hostile search, filter, page and sort parameters on every page and every API list: junk,
very long strings, SQL, markup, impossible dates and numbers, NUL bytes. Each is ignored (a 200)
or refused with a message (400, 404 or the API's 422), never a server error; markup in them is
never echoed unescaped.

The pages walked are every route that takes no argument, and the programme's and a
consultation's lists; their parameters are the fields of the GET forms each page shows, with
the usual page, sort and search names. The API lists and their parameters come from the OpenAPI
document."""

import re

import pytest
from django.urls import get_resolver

from tests.programme import factories as programme_factories

pytestmark = pytest.mark.django_db

JUNK = [
    "",
    "x" * 5000,
    "' OR 1=1 --",
    "1); DROP TABLE core_organisation; --",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "2022-13-45",
    "0000-00-00",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "\u202eevil\u202c 🙂",
]
USUAL = [
    "q", "page", "page_size", "sort", "order", "status", "kind", "from", "to", "year", "month",
    "theme", "body", "when", "programme", "indicator", "subject",
]  # fmt: skip
ALLOWED = {200, 400, 404}
API_ALLOWED = {200, 400, 404, 422}
GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)[^>]*\sname=\"([^\"]+)\"", re.I)


def _plain_routes() -> list[str]:
    """The path of every route that takes no argument."""
    paths = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif not any(mark in route for mark in "<^$(\\"):
                paths.add("/" + route)

    walk(get_resolver().url_patterns, "")
    return sorted(p for p in paths if not p.startswith(("/admin", "/api/", "/static")))


def _field_names(page: str) -> set[str]:
    return {name for form in GET_FORM.findall(page) for name in FIELD.findall(form)}


def _walk(client, path: str, allowed: set[int]) -> list[str]:
    """Send every junk value in every parameter the page shows; what went wrong, if anything."""
    first = client.get(path)
    if first.status_code != 200:
        return []
    names = sorted(_field_names(first.content.decode()) | set(USUAL))
    failures = []
    for value in JUNK:
        response = client.get(path, dict.fromkeys(names, value))
        if response.status_code not in allowed:
            failures.append(f"{path} with {value[:30]!r}: {response.status_code}")
        elif "<script>alert(1)</script>" in response.content.decode(errors="replace"):
            failures.append(f"{path} echoes markup unescaped")
        elif response.status_code != 200 and not response.content.strip():
            failures.append(f"{path} with {value[:30]!r}: {response.status_code} with no message")
    return failures


@pytest.fixture
def lists_with_arguments(db) -> list[str]:
    programme = programme_factories.programme()
    return [f"/programmes/{programme.slug}/risks/", f"/programmes/{programme.slug}/exceptions/"]


@pytest.mark.parametrize("persona", ["anonymous", "admin", "analyst"])
def test_junk_parameters_on_every_page_are_ignored_or_refused_never_a_server_error(
    request, persona, lists_with_arguments
):
    client = request.getfixturevalue(persona).client
    client.raise_request_exception = False  # a server error is counted, not raised
    failures = []
    for path in [*_plain_routes(), *lists_with_arguments]:
        failures += _walk(client, path, ALLOWED)
    assert failures == []


def _api_lists(client) -> list[tuple[str, list[str]]]:
    document = client.get("/api/v1/openapi.json").json()
    operations = []
    for path, methods in document["paths"].items():
        get = methods.get("get")
        if get is None or "{" in path:
            continue
        names = [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]
        operations.append((path, names))
    return operations


@pytest.mark.parametrize("persona", ["anonymous", "admin"])
def test_junk_parameters_on_every_api_list_are_ignored_or_refused_never_a_server_error(
    request, persona
):
    client = request.getfixturevalue(persona).client
    client.raise_request_exception = False  # a server error is counted, not raised
    failures = []
    operations = _api_lists(client)
    assert len(operations) > 10
    for path, names in operations:
        for name in [*names, "q", "sort"]:
            for value in JUNK:
                response = client.get(path, {name: value})
                if response.status_code not in API_ALLOWED:
                    failures.append(f"{path}?{name}={value[:30]!r}: {response.status_code}")
                elif response.status_code != 200 and b"message" not in response.content:
                    failures.append(f"{path}?{name}={value[:30]!r}: no message")
    assert failures == []
