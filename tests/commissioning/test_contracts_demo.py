"""The contracts demo: the 3 + 2 home care contract from the tender's award with quarterly KPI
returns, the carers partnership with a member who opted out, contracts across the three models;
a second load adds nothing; without the core personas nothing is made."""

from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from joinedup.commissioning import demo_contracts, demo_plans, demo_procurement
from joinedup.commissioning.choices import CommissioningModel, PartyRole
from joinedup.commissioning.models import Contract, KpiReturn
from joinedup.core import demo as core_demo
from joinedup.core.audit import verify_chain
from joinedup.governance import demo as governance_demo
from joinedup.outcomes.models import Observation

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path: Path):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        core_demo.load(logins_file=tmp_path / "logins.txt")
        governance_demo.load()
        demo_plans.load()
        demo_procurement.load()
        return demo_contracts.load()


def test_the_demo_makes_the_home_care_contract_with_its_returns(loaded):
    assert loaded["contracts"] == 7
    home_care = Contract.objects.get(title="Home care services 2024 to 2029")
    assert home_care.award is not None
    assert home_care.lead_provider.name == "Jersey Care Federation"
    assert home_care.parties.filter(role=PartyRole.SUBCONTRACTOR).count() == 2
    assert (home_care.starts_on, home_care.initial_ends_on) == (date(2024, 4, 8), date(2027, 4, 7))
    assert home_care.options.get().length_months == 24
    returns = KpiReturn.objects.filter(contract=home_care)
    assert returns.validated().count() == 24
    assert returns.filter(validated_at__isnull=True).count() == 2
    ratings = set(returns.values_list("rating", flat=True))
    assert {"met", "slightly_below", "below", "significantly_below"} <= ratings
    assert Observation.objects.filter(subject__organisation=home_care.lead_provider).count() == 24


def test_the_demo_has_a_partnership_with_a_member_who_opted_out_and_all_three_models(loaded):
    carers = Contract.objects.get(title="Carers support partnership")
    assert carers.process.route == "partnership_agreement"
    assert carers.parties.filter(role=PartyRole.MEMBER).count() == 4
    assert carers.parties.filter(opted_out_on__isnull=False).count() == 1
    assert set(Contract.objects.values_list("model", flat=True)) == set(CommissioningModel.values)
    extended = Contract.objects.get(title="Community mental health recovery partnership")
    assert extended.ends_on == date(2028, 3, 31)
    assert Contract.objects.filter(synthetic=False).count() == 0


def test_a_second_load_adds_nothing(loaded):
    before = (Contract.objects.count(), KpiReturn.objects.count())
    assert demo_contracts.load() == {"contracts": 0, "kpi_returns": 0, "variations": 0}
    assert (Contract.objects.count(), KpiReturn.objects.count()) == before
    assert verify_chain().ok


def test_without_the_personas_nothing_is_made():
    assert demo_contracts.load() == {"contracts": 0, "kpi_returns": 0, "variations": 0}
    assert not Contract.objects.exists()
