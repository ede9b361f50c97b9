"""Acceptance: the strategy's partnership measures equal a hand count over the demo data, and
the plans demo is idempotent."""

from datetime import date

import pytest
from django.utils import timezone

from joinedup.commissioning import demo as commissioning_demo
from joinedup.commissioning import demo_plans
from joinedup.commissioning.models import (
    Contract,
    ContractParty,
    Intention,
    ModelChange,
    Principle,
    RouteDecision,
    Specification,
)
from joinedup.commissioning.queries.plans import measures_on
from joinedup.commissioning.services.plans import record_partnership_measures
from joinedup.core import demo as core_demo
from joinedup.governance import demo as governance_demo
from joinedup.outcomes import demo as outcomes_demo
from joinedup.outcomes import periods
from joinedup.outcomes.models import Observation
from joinedup.programme import demo as programme_demo

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def full_demo(tmp_path):
    core_demo.load(logins_file=tmp_path / "logins.txt")
    governance_demo.load()
    programme_demo.load()
    outcomes_demo.load()
    commissioning_demo.load()


def _hand_count(day: date) -> dict:
    """The measures counted by hand: plain loops over the rows, no shared code."""
    partnership_models = {"integrated_community_partnership", "mature_integrated_partnership"}
    partnerships, settings, members, small, opted_out = 0, set(), set(), set(), 0
    for contract in Contract.objects.all():
        if contract.model not in partnership_models:
            continue
        if not (contract.starts_on <= day <= contract.ends_on):
            continue
        partnerships += 1
        settings.add(contract.care_setting)
        for party in ContractParty.objects.filter(contract=contract):
            if party.opted_out_on is not None and party.opted_out_on <= day:
                opted_out += 1
                continue
            if party.joined_on is not None and party.joined_on > day:
                continue
            members.add(party.organisation_id)
            if party.organisation.size_band in ("micro", "small"):
                small.add(party.organisation_id)
    return {
        "partnerships": partnerships,
        "care_settings": len(settings),
        "members": len(members),
        "small": len(small),
        "opted_out": opted_out,
    }


def test_the_partnership_measures_equal_a_hand_count_over_the_demo(full_demo):
    today = timezone.localdate()
    measures = measures_on(today)
    assert measures.partnership_count >= 1, "the demo has partnerships to count"
    assert {
        "partnerships": measures.partnership_count,
        "care_settings": len(measures.care_settings),
        "members": measures.member_count,
        "small": measures.small_partner_count,
        "opted_out": measures.opted_out_count,
    } == _hand_count(today)

    quarter = periods.containing(today, periods.QUARTER)
    figures = record_partnership_measures(period=quarter)
    recorded = {
        o.indicator.code: o.value
        for o in Observation.objects.filter(
            subject__code="JE-PARTNERSHIPS", period_start=quarter.start
        ).select_related("indicator")
    }
    assert recorded == {code: float(value) for code, value in figures.items()}
    assert recorded["CP-PARTNERSHIPS"] == _hand_count(today)["partnerships"]
    # The demo kept the measures' history: one figure for each quarter since the first.
    history = Observation.objects.filter(
        indicator__code="CP-PARTNERSHIPS", subject__code="JE-PARTNERSHIPS"
    )
    assert history.count() >= 2


def test_the_plans_demo_loads_the_strategy_and_a_second_run_adds_nothing(full_demo):
    assert list(Intention.objects.order_by("number").values_list("number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert Principle.objects.count() == 8
    home_care = Specification.objects.get(slug=demo_plans.HOME_CARE_SPEC)
    assert home_care.versions.count() == 2
    assert RouteDecision.objects.count() == 2
    assert ModelChange.objects.filter(
        service_area__slug=demo_plans.HOME_CARE_AREA,
        from_model="specification_and_procurement",
        to_model="integrated_community_partnership",
    ).exists()
    assert set(demo_plans.load().values()) == {0}
