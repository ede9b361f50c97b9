"""Every route × every persona × records of every visibility, with the answer each should get.

A route that is not in the matrix fails `test_every_route_is_in_the_matrix`, so a new page or
API operation cannot ship without saying who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from joinedup.api import api
from joinedup.core import services
from joinedup.core.choices import Visibility
from tests import factories

pytestmark = pytest.mark.django_db

ANON, A, B, PMO, ADMIN = (
    "anonymous",
    "member of partner A",
    "member of partner B",
    "PMO officer",
    "admin",
)
EVERYONE = (ANON, A, B, PMO, ADMIN)


def everyone(status):
    return dict.fromkeys(EVERYONE, status)


def signed_in(status, anonymous=302):
    return {ANON: anonymous, A: status, B: status, PMO: status, ADMIN: status}


@pytest.fixture
def records(partner_a, member_a):
    public = factories.organisation("Public Partner")
    partnership = factories.organisation("Partnership Partner", visibility=Visibility.PARTNERSHIP)
    restricted = factories.organisation(
        "Restricted Partner", visibility=Visibility.RESTRICTED, restricted_to=[partner_a]
    )
    token, _ = services.issue_api_token(person=member_a.person, name="matrix")
    return {"public": public, "partnership": partnership, "restricted": restricted, "token": token}


# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("core:home", "", "get", lambda r: "/", everyone(200)),
    ("core:organisation_list", "", "get", lambda r: "/partners/", everyone(200)),
    ("core:organisation_detail", "public", "get",
     lambda r: r["public"].get_absolute_url(), everyone(200)),
    ("core:organisation_detail", "partnership", "get",
     lambda r: r["partnership"].get_absolute_url(), signed_in(200, anonymous=404)),
    ("core:organisation_detail", "restricted to A", "get",
     lambda r: r["restricted"].get_absolute_url(),
     {ANON: 404, A: 200, B: 404, PMO: 404, ADMIN: 200}),
    ("core:sign_in", "", "get", lambda r: "/sign-in/", signed_in(302, anonymous=200)),
    ("core:sign_out", "", "post", lambda r: "/sign-out/", everyone(302)),
    ("core:account", "", "get", lambda r: "/account/", signed_in(200)),
    ("core:api_token_create", "", "post", lambda r: "/account/tokens/", signed_in(201)),
    ("core:api_token_revoke", "A's token", "post",
     lambda r: f"/account/tokens/{r['token'].pk}/revoke/",
     {ANON: 302, A: 302, B: 404, PMO: 404, ADMIN: 404}),
    ("api:list_organisations", "", "get", lambda r: "/api/v1/organisations", everyone(200)),
    ("api:get_organisation", "public", "get",
     lambda r: f"/api/v1/organisations/{r['public'].pk}", everyone(200)),
    ("api:get_organisation", "partnership", "get",
     lambda r: f"/api/v1/organisations/{r['partnership'].pk}", signed_in(200, anonymous=404)),
    ("api:get_organisation", "restricted to A", "get",
     lambda r: f"/api/v1/organisations/{r['restricted'].pk}",
     {ANON: 404, A: 200, B: 404, PMO: 404, ADMIN: 200}),
    # django-ninja's root route: nothing is served at /api/v1/ itself.
    ("api:api-root", "", "get", lambda r: "/api/v1/", everyone(404)),
    ("api:openapi-json", "", "get", lambda r: "/api/v1/openapi.json", everyone(200)),
    ("api:openapi-view", "", "get", lambda r: "/api/v1/docs", everyone(200)),
    ("admin:index", "", "get", lambda r: "/admin/", {**everyone(302), ADMIN: 200}),
]  # fmt: skip

POST_DATA = {"core:api_token_create": {"name": "From the matrix", "expires_in_days": "30"}}


def _named_routes(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_in_the_matrix():
    covered = {route for route, *_ in MATRIX}
    # The Django admin's own pages are staff-only by construction; its index stands for them all.
    product_routes = {name for name in _named_routes() if not name.startswith("admin:")}
    missing = product_routes - covered
    assert not missing, f"routes missing from the permission matrix: {sorted(missing)}"


def test_every_api_operation_is_in_the_matrix():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    in_matrix = {route.removeprefix("api:") for route, *_ in MATRIX if route.startswith("api:")}
    missing = {op.rsplit("_api_", 1)[-1] for op in operations} - in_matrix
    assert not missing, f"API operations missing from the permission matrix: {sorted(missing)}"


@pytest.mark.parametrize(
    "route, case, method, path_of, expected",
    MATRIX,
    ids=[f"{route}[{case}]" if case else route for route, case, *_ in MATRIX],
)
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    path = path_of(records)
    answers = {}
    for persona_name, persona in personas.items():
        call = getattr(persona.client, method)
        response = call(path, data=POST_DATA.get(route, {}))
        answers[persona_name] = response.status_code
    assert answers == expected
