"""The contracts pages through HTTP: the public register and contract page, the provider's KPI
return form, the commissioner's validation, variations and extension decisions, and who may
use each."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.commissioning.choices import CommissioningModel, OptionDecision
from joinedup.commissioning.models import KpiReturn, Variation
from joinedup.commissioning.services import contracts as services
from joinedup.core.choices import CareSetting, Visibility
from joinedup.core.models import AuditEntry
from joinedup.outcomes import periods
from joinedup.outcomes.models import Observation
from tests import factories

from . import contracts_factories as make

pytestmark = pytest.mark.django_db


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def world():
    """A home care contract led by Tutela Test with a small sub-contractor, a partnership, a
    commissioner, the provider's person and a person of an unrelated organisation."""
    by = make.commissioner()
    lead = make.provider("Tutela Test")
    small = make.provider("Small Partner")
    contract = make.contract(lead=lead, subcontractors=[small], by=by, title="Home care <b>")
    partnership = make.partnership(by=by, title="Community partnership")
    return {
        "contract": contract,
        "partnership": partnership,
        "commissioner": _client(by),
        "commissioner_user": by.user,
        "provider": _client(factories.person("pat", organisation=lead)),
        "provider_user": lead,
        "subcontractor": _client(factories.person("sam", organisation=small)),
        "other": _client(factories.person("oscar", organisation=make.provider("Other Care"))),
        "anonymous": Client(),
    }


def _url(name, contract, **kwargs):
    return reverse(f"commissioning:{name}", kwargs={"slug": contract.slug, **kwargs})


def test_the_register_is_public_and_filters_by_model_setting_and_status(world):
    client = world["anonymous"]
    page = client.get(reverse("commissioning:contract_list"))
    assert page.status_code == 200
    assert b"Home care &lt;b&gt;" in page.content  # free text is escaped
    assert b"Community partnership" in page.content
    page = client.get(
        reverse("commissioning:contract_list"),
        {"model": CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP},
    )
    assert b"Community partnership" in page.content
    assert b"Home care &lt;b&gt;" not in page.content
    page = client.get(
        reverse("commissioning:contract_list"), {"care_setting": CareSetting.HOME_CARE}
    )
    assert b"Home care &lt;b&gt;" in page.content and b"Community partnership" not in page.content
    page = client.get(reverse("commissioning:contract_list"), {"status": "ended"})
    assert b"No contracts match" in page.content
    page = client.get(reverse("commissioning:contract_list"), {"model": "nonsense"})
    assert page.status_code == 200
    assert b"Select a model from the list" in page.content


def test_a_restricted_contract_is_hidden_from_others(world):
    contract = world["contract"]
    contract.visibility = Visibility.RESTRICTED
    contract.save()
    contract.restricted_to.set([contract.lead_provider])
    assert world["anonymous"].get(_url("contract_detail", contract)).status_code == 404
    assert world["other"].get(_url("contract_detail", contract)).status_code == 404
    assert world["provider"].get(_url("contract_detail", contract)).status_code == 200
    listing = world["anonymous"].get(reverse("commissioning:contract_list"))
    assert b"Home care &lt;b&gt;" not in listing.content


def test_the_contract_page_shows_parties_funding_term_and_the_thread(world):
    contract = world["contract"]
    page = world["anonymous"].get(_url("contract_detail", contract))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in ("Tutela Test", "Small Partner", "Sub-contractor", "Health Insurance Fund",
                     "24 months", contract.process.ocid, "Why it was commissioned",
                     "Service specification"):  # fmt: skip
        assert expected in text
    assert "Submit a KPI return" not in text
    assert "Record a variation" not in text


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_register_and_contract_page_take_a_bounded_number_of_queries(world):
    register = reverse("commissioning:contract_list")
    contract = world["contract"]
    kpi = contract.specification_version.kpis.get()
    few = {who: _queries(world[who], register) for who in ("anonymous", "provider")}
    page_few = {who: _queries(world[who], _url("contract_detail", contract))
                for who in ("anonymous", "provider")}  # fmt: skip
    for _ in range(4):
        make.contract()
    for quarter in ("2024/25 Q1", "2024/25 Q2", "2024/25 Q3"):
        period = periods.parse_period(quarter)
        services.submit_kpi_return(
            contract=contract, kpi=kpi, value=91, period=period, by=_lead_user(contract)
        )
    services.record_variation(
        contract=contract, description="More", reason="Demand", varied_on=date(2025, 1, 1),
        by=world["commissioner_user"],
    )  # fmt: skip
    many = {who: _queries(world[who], register) for who in ("anonymous", "provider")}
    page_many = {who: _queries(world[who], _url("contract_detail", contract))
                 for who in ("anonymous", "provider")}  # fmt: skip
    assert many == few and max(many.values()) <= 8
    assert page_many == page_few and max(page_many.values()) <= 16


def _lead_user(contract):
    from joinedup.core.models import Person

    return Person.objects.filter(organisation=contract.lead_provider).first().user


def test_the_provider_submits_a_kpi_return_and_the_commissioner_validates_it(world):
    contract = world["contract"]
    kpi = contract.specification_version.kpis.get()
    form = world["provider"].get(_url("kpi_return_create", contract))
    assert form.status_code == 200
    response = world["provider"].post(
        _url("kpi_return_create", contract),
        {"kpi": str(kpi.pk), "period": "2024/25 Q1", "numerator": "88", "denominator": "100"},
    )
    assert response.status_code == 302
    kpi_return = KpiReturn.objects.get()
    assert kpi_return.rating == "slightly_below"
    review = reverse("commissioning:kpi_return_review", kwargs={"return_id": kpi_return.pk})
    assert world["provider"].get(review).status_code == 200
    assert world["provider"].post(review, {"decision": "validate"}).status_code == 403
    assert world["commissioner"].post(review, {"decision": "return"}).status_code == 400
    response = world["commissioner"].post(review, {"decision": "validate"})
    assert response.status_code == 302
    assert Observation.objects.filter(subject__organisation=contract.lead_provider).exists()
    page = world["anonymous"].get(_url("contract_detail", contract))
    assert b"Slightly below" in page.content


def test_a_blank_or_bad_return_shows_errors_beside_the_fields(world):
    contract = world["contract"]
    response = world["provider"].post(_url("kpi_return_create", contract), {})
    assert response.status_code == 400
    assert b"Choose the KPI" in response.content
    assert b"Enter the period the figure is for" in response.content
    kpi = contract.specification_version.kpis.get()
    response = world["provider"].post(
        _url("kpi_return_create", contract),
        {"kpi": str(kpi.pk), "period": "2031/32 Q1", "value": "95"},
    )
    assert response.status_code == 400
    assert b"outside the contract&#x27;s term" in response.content
    response = world["provider"].post(
        _url("kpi_return_create", contract), {"kpi": str(kpi.pk), "period": "soon", "value": "95"}
    )
    assert response.status_code == 400
    assert b"write it like" in response.content
    assert not KpiReturn.objects.exists()


def test_others_cannot_submit_a_return_and_their_attempt_is_recorded(world):
    contract = world["contract"]
    kpi = contract.specification_version.kpis.get()
    data = {"kpi": str(kpi.pk), "period": "2024/25 Q1", "value": "95"}
    assert world["anonymous"].get(_url("kpi_return_create", contract)).status_code == 302
    for who in ("other", "subcontractor", "commissioner"):
        assert world[who].get(_url("kpi_return_create", contract)).status_code == 403
        assert world[who].post(_url("kpi_return_create", contract), data).status_code == 403
    assert not KpiReturn.objects.exists()
    assert AuditEntry.objects.filter(action="kpi_return.refused").count() == 3


def test_returns_awaiting_validation_are_seen_by_parties_and_commissioners_only(world):
    contract = world["contract"]
    kpi = contract.specification_version.kpis.get()
    kpi_return = services.submit_kpi_return(
        contract=contract, kpi=kpi, period=periods.parse_period("2024/25 Q1"), value=95,
        by=_lead_user(contract),
    )  # fmt: skip
    review = reverse("commissioning:kpi_return_review", kwargs={"return_id": kpi_return.pk})
    assert world["other"].get(review).status_code == 404
    assert world["anonymous"].get(review).status_code == 302
    assert world["subcontractor"].get(review).status_code == 200
    assert world["commissioner"].get(review).status_code == 200
    assert (
        b"Awaiting validation" not in world["other"].get(_url("contract_detail", contract)).content
    )
    assert (
        b"Awaiting validation"
        in world["subcontractor"].get(_url("contract_detail", contract)).content
    )


def test_the_commissioner_records_a_variation(world):
    contract = world["contract"]
    url = _url("variation_create", contract)
    assert world["provider"].get(url).status_code == 403
    assert world["anonymous"].get(url).status_code == 302
    assert world["commissioner"].get(url).status_code == 200
    response = world["commissioner"].post(url, {})
    assert response.status_code == 400 and b"Say what changed" in response.content
    response = world["commissioner"].post(
        url,
        {"varied_on": "2030-01-01", "description": "More hours", "value_change": "10",
         "reason": "Demand"},
    )  # fmt: skip
    assert response.status_code == 400 and b"during the term" in response.content
    response = world["commissioner"].post(
        url,
        {"varied_on": "2025-01-01", "description": "More hours", "value_change": "1000.50",
         "reason": "Demand"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Variation.objects.get().value_change == Decimal("1000.50")


def test_the_commissioner_decides_an_extension_option(world):
    contract = world["contract"]
    url = _url("option_decide", contract, number=1)
    assert world["provider"].get(url).status_code == 403
    assert world["commissioner"].get(_url("option_decide", contract, number=9)).status_code == 404
    response = world["commissioner"].post(
        url, {"decision": "exercise", "decided_on": "2026-09-01", "reason": "Performing well"}
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.ends_on == date(2029, 3, 31)
    assert contract.options.get().decision == OptionDecision.EXERCISED


def test_your_contracts_lists_the_contracts_of_your_organisation(world):
    url = reverse("commissioning:contract_mine")
    assert world["anonymous"].get(url).status_code == 302
    mine = world["subcontractor"].get(url)
    assert b"Home care &lt;b&gt;" in mine.content
    assert b"Community partnership" not in mine.content
    assert b"not a party to any contract" in world["other"].get(url).content


def test_a_variation_too_large_to_hold_is_an_error_not_a_crash(world):
    response = world["commissioner"].post(
        _url("variation_create", world["contract"]),
        {"varied_on": "2025-01-01", "description": "Typo", "value_change": "999999999999.99",
         "reason": "Typo"},
    )  # fmt: skip
    assert response.status_code == 400
    assert b"1 trillion" in response.content
    assert not Variation.objects.exists()


def test_the_commissioner_adds_a_member_and_records_one_opting_out(world):
    partnership = world["partnership"]
    joiner = make.provider("Joining Charity", kind="voluntary_and_community")
    url = _url("member_add", partnership)
    response = world["commissioner"].post(
        url, {"organisation": str(joiner.pk), "joined_on": "2030-01-01"}
    )
    assert response.status_code == 400 and b"joins during the term" in response.content
    response = world["commissioner"].post(
        url, {"organisation": str(joiner.pk), "joined_on": "2025-01-01"}
    )
    assert response.status_code == 302
    party = partnership.parties.get(organisation=joiner)
    assert party.role == "member"
    opt_out = _url("member_opt_out", partnership, party_id=party.pk)
    assert world["provider"].get(opt_out).status_code == 403
    response = world["commissioner"].post(opt_out, {"on": "2024-12-01", "reason": "Too soon"})
    assert response.status_code == 400 and b"before it joined" in response.content
    response = world["commissioner"].post(opt_out, {"on": "2025-06-01", "reason": "Merged"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.opted_out_on == date(2025, 6, 1)
    page = world["anonymous"].get(_url("contract_detail", partnership))
    assert b"Merged" in page.content
    assert AuditEntry.objects.filter(action="contract.member_joined").exists()


def test_commissioners_see_the_returns_awaiting_validation(world):
    contract = world["contract"]
    kpi = contract.specification_version.kpis.get()
    services.submit_kpi_return(
        contract=contract, kpi=kpi, period=periods.parse_period("2024/25 Q1"), value=95,
        by=_lead_user(contract),
    )  # fmt: skip
    url = reverse("commissioning:contract_mine")
    assert b"KPI returns awaiting validation" in world["commissioner"].get(url).content
    assert b"KPI returns awaiting validation" not in world["provider"].get(url).content
