"""The core app's rows of the permission matrix."""

from tests.matrix import ADMIN, ANON, A, everyone, signed_in

# Only partner A's people and admins see a partner restricted to A: no staff role opens it.
RESTRICTED_TO_A = {**everyone(404), A: 200, ADMIN: 200}

# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("core:home", "", "get", lambda r: "/", everyone(200)),
    ("core:organisation_list", "", "get", lambda r: "/partners/", everyone(200)),
    ("core:organisation_list", "HTMX fragment", "get", lambda r: "/partners/?q=Partner",
     everyone(200)),
    ("core:organisation_detail", "public", "get",
     lambda r: r["public"].get_absolute_url(), everyone(200)),
    ("core:organisation_detail", "partnership", "get",
     lambda r: r["partnership"].get_absolute_url(), signed_in(200, anonymous=404)),
    ("core:organisation_detail", "restricted to A", "get",
     lambda r: r["restricted"].get_absolute_url(),
     RESTRICTED_TO_A),
    ("core:sign_in", "", "get", lambda r: "/sign-in/", signed_in(302, anonymous=200)),
    ("core:sign_out", "", "post", lambda r: "/sign-out/", everyone(302)),
    ("core:account", "", "get", lambda r: "/account/", signed_in(200)),
    ("core:api_token_create", "", "post", lambda r: "/account/tokens/", signed_in(201)),
    ("core:api_token_revoke", "A's token", "post",
     lambda r: f"/account/tokens/{r['token'].pk}/revoke/",
     {**everyone(404), ANON: 302, A: 302}),
    ("api:list_organisations", "", "get", lambda r: "/api/v1/organisations", everyone(200)),
    ("api:get_organisation", "public", "get",
     lambda r: f"/api/v1/organisations/{r['public'].pk}", everyone(200)),
    ("api:get_organisation", "partnership", "get",
     lambda r: f"/api/v1/organisations/{r['partnership'].pk}", signed_in(200, anonymous=404)),
    ("api:get_organisation", "restricted to A", "get",
     lambda r: f"/api/v1/organisations/{r['restricted'].pk}",
     RESTRICTED_TO_A),
    # django-ninja's root route: nothing is served at /api/v1/ itself.
    ("api:api-root", "", "get", lambda r: "/api/v1/", everyone(404)),
    ("api:openapi-json", "", "get", lambda r: "/api/v1/openapi.json", everyone(200)),
    ("api:openapi-view", "", "get", lambda r: "/api/v1/docs", everyone(200)),
    ("admin:index", "", "get", lambda r: "/admin/", {**everyone(302), ADMIN: 200}),
]  # fmt: skip

POST_DATA = {"core:api_token_create": {"name": "From the matrix", "expires_in_days": "30"}}
HEADERS = {("core:organisation_list", "HTMX fragment"): {"HX-Request": "true"}}
