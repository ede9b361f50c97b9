"""The contracts rows of the permission matrix (pages and API), and the records they are walked
over: a public contract led by partner A (so the member of partner A is its lead provider's
person) with a return awaiting validation, a partnership-only contract and a contract
restricted to partner B. Only
commissioners and admins get past the commissioner's checks; no one but the lead provider's
people submits a return, the admin and the commissioner included; no staff role opens a contract
restricted to partner B."""

from joinedup.commissioning.services import contracts as services
from joinedup.core.choices import Visibility
from joinedup.outcomes import periods
from tests.commissioning import contracts_factories as make
from tests.matrix import ADMIN, ANON, COMMISSIONER, A, B, everyone, signed_in


def commissioners(status: int = 200) -> dict:
    return {**signed_in(403), COMMISSIONER: status, ADMIN: status}


COMMISSIONERS = commissioners()
LEAD = {**signed_in(403), A: 200}
RESTRICTED_TO_B = {**everyone(404), B: 200, ADMIN: 200}
PARTIES_AND_COMMISSIONERS = {**everyone(404), ANON: 302, A: 200, COMMISSIONER: 200, ADMIN: 200}


def build_contracts_records(*, partner_a, partner_b, member_a) -> dict:
    by = make.commissioner()
    contract = make.contract(lead=partner_a, by=by, title="Home care")
    kpi = contract.specification_version.kpis.get()
    kpi_return = services.submit_kpi_return(
        contract=contract, kpi=kpi, period=periods.parse_period("2024/25 Q1"), value=95,
        by=member_a.person.user,
    )  # fmt: skip
    hidden = make.contract(lead=partner_b, by=by, title="RESTRICTED contract")
    hidden.visibility = Visibility.RESTRICTED
    hidden.save(update_fields=["visibility"])
    hidden.restricted_to.set([partner_b])
    shared = make.contract(lead=partner_b, by=by, title="PARTNERSHIP-ONLY contract")
    shared.visibility = Visibility.PARTNERSHIP
    shared.save(update_fields=["visibility"])
    partnership = make.partnership(by=by, members=[make.provider("Small member")])
    member = partnership.parties.get(role="member")
    final = make.award(make.process(make.service_area()), suppliers=[make.provider()])
    return {"contract": contract, "hidden": hidden, "shared": shared, "kpi_return": kpi_return,
            "partnership": partnership, "member": member, "award": final}  # fmt: skip


def _page(tail: str = "", key: str = "contract"):
    return lambda r: f"/contracts/{r[key].slug}/{tail}"


def _api(tail: str = "", key: str = "contract"):
    return lambda r: f"/api/v1/commissioning/contracts/{r[key].slug}{tail}"


def _review(r) -> str:
    return f"/kpi-returns/{r['kpi_return'].pk}/"


def _from_award(r) -> str:
    return f"/tenders/{r['award'].process.slug}/awards/{r['award'].pk}/contract/"


def _opt_out(r) -> str:
    return f"/contracts/{r['partnership'].slug}/members/{r['member'].pk}/opt-out/"


C = "commissioning:"
MATRIX = [
    (f"{C}contract_list", "", "get", lambda r: "/contracts/", everyone(200)),
    (f"{C}contract_mine", "", "get", lambda r: "/your-contracts/", signed_in(200)),
    (f"{C}contract_from_award", "", "get", _from_award, COMMISSIONERS),
    (f"{C}contract_from_award", "blank", "post", _from_award, commissioners(400)),
    (f"{C}contract_detail", "public", "get", _page(), everyone(200)),
    (f"{C}contract_detail", "partnership", "get", _page(key="shared"),
     signed_in(200, anonymous=404)),
    (f"{C}contract_detail", "restricted", "get", _page(key="hidden"), RESTRICTED_TO_B),
    (f"{C}kpi_return_create", "", "get", _page("kpi-returns/new/"), LEAD),
    (f"{C}kpi_return_create", "blank", "post", _page("kpi-returns/new/"), {**LEAD, A: 400}),
    (f"{C}kpi_return_review", "awaiting validation", "get", _review, PARTIES_AND_COMMISSIONERS),
    (f"{C}kpi_return_review", "blank", "post", _review,
     {**PARTIES_AND_COMMISSIONERS, A: 403, COMMISSIONER: 400, ADMIN: 400}),
    (f"{C}variation_create", "", "get", _page("variations/new/"), COMMISSIONERS),
    (f"{C}variation_create", "blank", "post", _page("variations/new/"),
     commissioners(400)),
    (f"{C}option_decide", "", "get", _page("options/1/"), COMMISSIONERS),
    (f"{C}option_decide", "blank", "post", _page("options/1/"), commissioners(400)),
    (f"{C}member_add", "", "get", _page("members/new/", "partnership"), COMMISSIONERS),
    (f"{C}member_add", "blank", "post", _page("members/new/", "partnership"),
     commissioners(400)),
    (f"{C}member_add", "not a partnership", "get", _page("members/new/"),
     commissioners(404)),
    (f"{C}member_opt_out", "", "get", _opt_out, COMMISSIONERS),
    (f"{C}member_opt_out", "blank", "post", _opt_out, commissioners(400)),
    ("api:contracts_list_contracts", "", "get", lambda r: "/api/v1/commissioning/contracts",
     everyone(200)),
    ("api:contracts_get_contract", "public", "get", _api(), everyone(200)),
    ("api:contracts_get_contract", "partnership", "get", _api(key="shared"),
     signed_in(200, anonymous=404)),
    ("api:contracts_get_contract", "restricted", "get", _api(key="hidden"),
     {**RESTRICTED_TO_B, ANON: 404}),
    ("api:contracts_list_kpi_returns", "", "get", _api("/kpi-returns"),
     {**everyone(403), ANON: 401, A: 200, COMMISSIONER: 200, ADMIN: 200}),
    ("api:contracts_submit_kpi_return", "blank", "post", _api("/kpi-returns"), everyone(422)),
    ("api:contracts_review_kpi_return", "blank", "post",
     lambda r: f"/api/v1/commissioning/kpi-returns/{r['kpi_return'].pk}/review", everyone(422)),
]  # fmt: skip

# The API's rows stand for both its operation ids (checked against the OpenAPI document) and its
# URL names (checked against the URL resolver), which django-ninja names after the function.
MATRIX += [
    (f"api:{route.removeprefix('api:contracts_')}", case, method, path_of, expected)
    for route, case, method, path_of, expected in MATRIX
    if route.startswith("api:contracts_")
]
