"""The procurement demo: a completed home care tender and an open one, loaded once."""

import pytest

from joinedup.commissioning import demo_plans, demo_procurement
from joinedup.commissioning.models import ContractingProcess, ProcessStatus
from joinedup.commissioning.services import procurement as services
from joinedup.core import demo as core_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path):
    core_demo.load(logins_file=tmp_path / "logins.txt")
    demo_plans.load()
    return demo_procurement.load()


def test_it_loads_a_completed_home_care_tender_and_an_open_one(loaded):
    assert loaded == {"tenders": 2, "questions": 1, "bids": 2, "evaluators": 4, "awards": 1}
    home_care = ContractingProcess.objects.get(slug=demo_procurement.HOME_CARE_TENDER)
    assert home_care.status() == ProcessStatus.AWARDED
    assert home_care.service_area.slug == "home-care"
    award = home_care.awards.get()
    assert award.is_final
    assert {o.name for o in award.suppliers.all()} == {
        "Jersey Care Federation", "Dementia Jersey", "Call & Check Jersey"
    }  # fmt: skip
    scorers = [e for e in home_care.evaluators.all() if e.may_score]
    assert len(scorers) == 3 and home_care.evaluators.filter(has_conflict=True).count() == 1
    bids = list(home_care.bids.all())
    assert all(services.weighted_total(bid) is not None for bid in bids)
    falls = ContractingProcess.objects.get(slug=demo_procurement.FALLS_TENDER)
    assert falls.status() == ProcessStatus.OPEN_FOR_QUESTIONS


def test_a_second_run_adds_nothing(loaded):
    again = demo_procurement.load()
    assert sum(again.values()) == 0
    assert ContractingProcess.objects.count() == 2
