"""The strategy's partnership measures: the pure function, table-driven; recording them as
outcomes observations with history; the dashboard page, its API and command."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from joinedup.commissioning.choices import CommissioningModel as M
from joinedup.commissioning.models import ContractParty
from joinedup.commissioning.queries.plans import ContractRow, PartyRow, partnership_measures
from joinedup.commissioning.services import contracts as contract_services
from joinedup.commissioning.services.plans import record_partnership_measures
from joinedup.core.audit_models import AuditEntry
from joinedup.core.choices import CareSetting, SizeBand
from joinedup.outcomes import periods
from joinedup.outcomes.models import Observation
from tests.commissioning import contracts_factories as cf

DAY = date(2025, 6, 30)


def _contract(n, model, setting=CareSetting.COMMUNITY, starts=date(2024, 4, 1),
              ends=date(2027, 3, 31)):  # fmt: skip
    return ContractRow(n, f"Contract {n}", model, setting, starts, ends)


def _party(contract, org, band=SizeBand.SMALL, role="member", joined=None, out=None):
    return PartyRow(contract, org, f"Org {org}", band, role, joined, out)


CONTRACTS = [
    _contract(1, M.INTEGRATED_COMMUNITY_PARTNERSHIP),
    _contract(2, M.MATURE_INTEGRATED_PARTNERSHIP, CareSetting.END_OF_LIFE),
    _contract(3, M.SPECIFICATION_AND_PROCUREMENT, CareSetting.HOME_CARE),  # not a partnership
    _contract(4, M.INTEGRATED_COMMUNITY_PARTNERSHIP, CareSetting.MENTAL_HEALTH,
              ends=date(2025, 3, 31)),  # ended
    _contract(5, M.INTEGRATED_COMMUNITY_PARTNERSHIP, CareSetting.CHILDRENS,
              starts=date(2025, 7, 1)),  # not started
]  # fmt: skip
PARTIES = [
    _party(1, "a", SizeBand.SMALL, "lead"),
    _party(1, "b", SizeBand.MICRO),
    _party(1, "c", SizeBand.LARGE, out=date(2025, 1, 1)),  # opted out before the day
    _party(1, "d", SizeBand.SMALL, out=date(2025, 9, 1)),  # opts out after the day: still in
    _party(1, "e", SizeBand.SMALL, joined=date(2025, 8, 1)),  # joins after the day
    _party(2, "a", SizeBand.SMALL, "lead"),  # in two partnerships: counted once
    _party(2, "f", SizeBand.MEDIUM),
    _party(3, "g", SizeBand.SMALL, "lead"),  # specification and procurement: not counted
    _party(4, "h", SizeBand.SMALL, "lead"),  # ended: not counted
]  # fmt: skip


def test_the_measures_count_partnerships_in_force_and_their_members_on_the_day():
    measures = partnership_measures(CONTRACTS, PARTIES, on=DAY)
    assert [p.contract.id for p in measures.partnerships] == [1, 2]
    assert measures.care_settings == [CareSetting.COMMUNITY, CareSetting.END_OF_LIFE]
    assert [m.organisation_id for m in measures.partnerships[0].members] == ["a", "b", "d"]
    assert measures.member_count == 4  # a, b, d, f
    assert measures.small_partner_count == 3  # a, b, d
    assert measures.opted_out_count == 1  # c
    assert "Acute" in measures.settings_not_covered


@pytest.mark.parametrize(
    "day, partnerships, members, small, opted_out",
    [
        (date(2024, 3, 31), 0, 0, 0, 0),  # before any started
        (date(2024, 4, 1), 3, 6, 4, 0),  # first day: 1, 2 and 4; c not yet out
        (date(2025, 10, 1), 3, 4, 3, 2),  # 1, 2, 5: a, b, e, f; d has opted out, e has joined
    ],
)
def test_the_measures_move_with_the_day(day, partnerships, members, small, opted_out):
    measures = partnership_measures(CONTRACTS, PARTIES, on=day)
    assert (
        measures.partnership_count, measures.member_count, measures.small_partner_count,
        measures.opted_out_count,
    ) == (partnerships, members, small, opted_out)  # fmt: skip


@pytest.fixture
def register(db):
    """A partnership of a small lead and two members (one of whom opts out), and a tendered
    specification-and-procurement contract."""
    by = cf.commissioner()
    small = cf.provider("Small Charity", size_band=SizeBand.SMALL)
    micro = cf.provider("Micro Group", size_band=SizeBand.MICRO)
    large = cf.provider("Large Provider", size_band=SizeBand.LARGE)
    partnership = cf.partnership(lead=small, members=[micro, large], by=by,
                                 starts_on=date(2024, 4, 1))  # fmt: skip
    leaving = ContractParty.objects.get(contract=partnership, organisation=large)
    contract_services.record_opt_out(party=leaving, on=date(2025, 2, 1), reason="Merged.",
                                     by=by.user)  # fmt: skip
    cf.contract(by=by, value=Decimal("500000"))
    return {"partnership": partnership, "by": by}


def test_recording_the_measures_keeps_each_quarters_history(register):
    first = periods.Period(periods.QUARTER, date(2024, 4, 1))
    later = periods.Period(periods.QUARTER, date(2025, 4, 1))
    with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 7, 15)):
        assert record_partnership_measures(period=first)["CP-OPTED-OUT"] == 0
        figures = record_partnership_measures(period=later)
        record_partnership_measures(period=later)  # again: corrects, does not duplicate
    assert figures == {
        "CP-PARTNERSHIPS": 1, "CP-CARE-SETTINGS": 1, "CP-MEMBERS": 2, "CP-SMALL-PARTNERS": 2,
        "CP-OPTED-OUT": 1,
    }  # fmt: skip
    history = Observation.objects.filter(
        indicator__code="CP-MEMBERS", subject__code="JE-PARTNERSHIPS"
    ).order_by("period_start")
    assert [(o.period_start, o.value) for o in history] == [
        (date(2024, 4, 1), 3.0), (date(2025, 4, 1), 2.0)
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="partnership_measures.recorded").count() == 3


def test_a_quarter_that_has_not_started_is_refused(register):
    ahead = periods.Period(periods.QUARTER, date(2099, 1, 1))
    with pytest.raises(ValidationError):
        record_partnership_measures(period=ahead)
    assert not Observation.objects.filter(subject__code="JE-PARTNERSHIPS").exists()


def test_the_command_records_a_quarter_and_refuses_nonsense(register, capsys):
    call_command("record_partnership_measures", "--period", "2024-07-01")
    assert "CP-PARTNERSHIPS: 1" in capsys.readouterr().out
    with pytest.raises(Exception, match="not a quarter"):
        call_command("record_partnership_measures", "--period", "next tuesday")


def test_the_dashboard_shows_the_register_and_the_measures(register, anonymous):
    html = anonymous.client.get(reverse("commissioning:home")).content.decode()
    assert "Small Charity" in html and "Micro Group" in html
    assert "Opted out on 1 Feb 2025" in html
    assert "Integrated community partnership" in html
    assert "Specification and procurement" in html
    assert 'alt="Stacked bars of the value of contracts' in html


def test_the_dashboard_takes_a_bounded_number_of_queries(
    register, anonymous, django_assert_max_num_queries
):
    for _ in range(3):
        cf.partnership(by=register["by"], members=[cf.provider()])
    with django_assert_max_num_queries(10):
        assert anonymous.client.get(reverse("commissioning:home")).status_code == 200


def test_the_api_gives_the_measures_on_a_day(register, anonymous):
    body = anonymous.client.get(
        "/api/v1/commissioning/partnership-measures", {"on": "2025-06-30"}
    ).json()
    assert (body["partnerships"], body["organisations_taking_part"], body["small_partners"],
            body["opted_out"]) == (1, 2, 2, 1)  # fmt: skip
    members = {m["organisation"] for m in body["each_partnership"][0]["members"]}
    assert members == {"Small Charity", "Micro Group"}
    bad = anonymous.client.get("/api/v1/commissioning/partnership-measures", {"on": "soon"})
    assert bad.status_code == 422 and bad.json()["message"]
