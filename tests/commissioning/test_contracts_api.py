"""The contracts API: the public register, and KPI returns read by the contract's parties and
commissioners and written by its lead provider only."""

import pytest
from django.test import Client

from joinedup.commissioning.models import KpiReturn
from joinedup.core import services as core_services
from joinedup.core.models import AuditEntry
from joinedup.outcomes import periods
from tests import factories

from . import contracts_factories as make

pytestmark = pytest.mark.django_db


def _token_client(person) -> Client:
    _, raw = core_services.issue_api_token(person=person, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def world():
    by = make.commissioner()
    lead = make.provider("Tutela Test")
    small = make.provider("Small Partner")
    contract = make.contract(lead=lead, subcontractors=[small], by=by)
    pat = factories.person("pat", organisation=lead)
    return {
        "contract": contract,
        "kpi": contract.specification_version.kpis.get(),
        "provider": _token_client(pat),
        "pat": pat,
        "subcontractor": _token_client(factories.person("sam", organisation=small)),
        "commissioner": _token_client(by),
        "other": _token_client(factories.person("oscar", organisation=make.provider("Other"))),
        "anonymous": Client(),
    }


def _returns_url(contract) -> str:
    return f"/api/v1/commissioning/contracts/{contract.slug}/kpi-returns"


def test_contracts_are_listed_and_read_publicly(world):
    contract = world["contract"]
    listed = world["anonymous"].get("/api/v1/commissioning/contracts").json()
    assert listed["count"] == 1
    assert listed["items"][0]["ocid"] == contract.process.ocid
    assert listed["items"][0]["status"] == "live"
    assert (
        world["anonymous"]
        .get("/api/v1/commissioning/contracts?model=mature_integrated_partnership")
        .json()["count"]
        == 0
    )
    assert world["anonymous"].get("/api/v1/commissioning/contracts?status=bogus").status_code == 422
    detail = world["anonymous"].get(f"/api/v1/commissioning/contracts/{contract.slug}").json()
    assert {p["role"] for p in detail["parties"]} == {"lead", "subcontractor"}
    assert detail["funding"][0]["source"] == "public"
    assert detail["options"][0]["length_months"] == 24
    assert detail["kpis"][0]["target"] == 90.0
    assert world["anonymous"].get("/api/v1/commissioning/contracts/nope").status_code == 404


def test_the_lead_provider_posts_a_return(world):
    contract, kpi = world["contract"], world["kpi"]
    response = world["provider"].post(
        _returns_url(contract),
        {"indicator": kpi.indicator.code, "period": "2024/25 Q2", "numerator": 70,
         "denominator": 100},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rating"] == "significantly_below"
    assert body["status"] == "submitted"
    assert body["period_start"] == "2024-07-01"


@pytest.mark.parametrize(
    ("period", "message"),
    [("2031/32 Q1", "outside the contract's term"), ("whenever", "write it like")],
)
def test_a_bad_return_is_a_422_and_changes_nothing(world, period, message):
    contract, kpi = world["contract"], world["kpi"]
    response = world["provider"].post(
        _returns_url(contract), {"indicator": kpi.indicator.code, "period": period, "value": 95},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert message in response.json()["message"]
    assert not KpiReturn.objects.exists()


def test_an_unknown_indicator_is_a_422(world):
    response = world["provider"].post(
        _returns_url(world["contract"]), {"indicator": "NOPE", "period": "2024/25 Q1", "value": 1},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 422
    assert "not a KPI of this contract" in response.json()["message"]


@pytest.mark.parametrize("who", ["subcontractor", "commissioner", "other"])
def test_no_one_else_posts_a_return_and_the_attempt_is_recorded(world, who):
    contract, kpi = world["contract"], world["kpi"]
    response = world[who].post(
        _returns_url(contract),
        {"indicator": kpi.indicator.code, "period": "2024/25 Q1", "value": 95},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "lead provider" in response.json()["message"]
    assert not KpiReturn.objects.exists()
    assert AuditEntry.objects.filter(action="kpi_return.refused").count() == 1


def test_an_anonymous_post_is_a_401(world):
    response = world["anonymous"].post(
        _returns_url(world["contract"]), {"indicator": "X", "period": "2024/25 Q1", "value": 1},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 401


def test_returns_are_read_by_parties_and_commissioners_only(world):
    from joinedup.commissioning.services import contracts as services

    contract, kpi = world["contract"], world["kpi"]
    services.submit_kpi_return(
        contract=contract, kpi=kpi, period=periods.parse_period("2024/25 Q1"), value=95,
        by=world["pat"].user,
    )  # fmt: skip
    for who in ("provider", "subcontractor", "commissioner"):
        response = world[who].get(_returns_url(contract))
        assert response.status_code == 200
        assert response.json()["count"] == 1
    assert world["other"].get(_returns_url(contract)).status_code == 403
    assert world["anonymous"].get(_returns_url(contract)).status_code == 401


def test_a_commissioner_validates_or_returns_a_return_by_the_api(world):
    from joinedup.commissioning.services import contracts as services

    contract, kpi = world["contract"], world["kpi"]
    made = [
        services.submit_kpi_return(
            contract=contract,
            kpi=kpi,
            period=periods.parse_period(quarter),
            value=95,
            by=world["pat"].user,
        )  # fmt: skip
        for quarter in ("2024/25 Q1", "2024/25 Q2")
    ]
    url = f"/api/v1/commissioning/kpi-returns/{made[0].pk}/review"
    validate = {"decision": "validate"}
    assert world["provider"].post(url, validate, content_type="application/json").status_code == 403
    assert world["other"].post(url, validate, content_type="application/json").status_code == 404
    response = world["commissioner"].post(url, validate, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "validated"
    again = world["commissioner"].post(url, validate, content_type="application/json")
    assert again.status_code == 422 and "already validated" in again.json()["message"]
    url = f"/api/v1/commissioning/kpi-returns/{made[1].pk}/review"
    blank = world["commissioner"].post(url, {"decision": "return"}, content_type="application/json")
    assert blank.status_code == 422 and "reason" in blank.json()["message"]
    response = world["commissioner"].post(
        url, {"decision": "return", "reason": "Check the figure"}, content_type="application/json"
    )
    assert response.json()["status"] == "returned"
