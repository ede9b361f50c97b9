"""A lead provider's people send fifty KPI returns at once; one figure is sent fifty times at
once. Each return is stored once, and audited once."""

from datetime import date

from joinedup.commissioning.models import KpiReturn
from joinedup.commissioning.services import contracts as services
from joinedup.outcomes import periods
from tests import factories
from tests.commissioning import contracts_factories as make
from tests.concurrency.racing import RACE, RACERS, audit_entries, race, verify_audit

pytestmark = RACE

KPIS = 5
QUARTERS = [
    periods.Period(periods.QUARTER, date(2024 + m // 12, m % 12 + 1, 1))
    for m in range(3, 3 + 3 * RACERS // KPIS, 3)
]  # fmt: skip  (April 2024 onwards)


def _contract_with_kpis(count: int):
    """A contract whose specification has `count` KPIs, and one person of its lead provider."""
    lead = make.provider("Tutela Test")
    contract = make.contract(lead=lead, kpis=[(make.kpi_indicator(), 90.0) for _ in range(count)])
    return (
        contract,
        list(contract.specification_version.kpis.all()),
        factories.person("pat", organisation=lead),
    )


def _send(contract, kpi, period, provider):
    return services.submit_kpi_return(
        contract=contract, kpi=kpi, period=period, numerator=92, denominator=100,
        by=provider.user,
    )  # fmt: skip


def test_fifty_kpi_returns_sent_at_once_are_all_stored_once():
    contract, kpis, provider = _contract_with_kpis(KPIS)
    figures = [(kpi, quarter) for kpi in kpis for quarter in QUARTERS]
    assert len(figures) == RACERS

    outcome = race(lambda n: _send(contract, *figures[n], provider))

    assert outcome.failures == [] and outcome.refusals == []
    assert KpiReturn.objects.count() == RACERS
    stored = set(KpiReturn.objects.values_list("kpi", "period_start"))
    assert stored == {(kpi.pk, quarter.start) for kpi, quarter in figures}
    assert audit_entries("kpi_return.submitted") == RACERS
    assert "no broken link" in verify_audit()


def test_one_kpi_return_sent_fifty_times_at_once_is_stored_once_and_the_rest_refused():
    contract, [kpi], provider = _contract_with_kpis(1)

    outcome = race(lambda n: _send(contract, kpi, QUARTERS[0], provider))

    assert outcome.failures == []
    assert len(outcome.stored) == 1
    assert len(outcome.refusals) == RACERS - 1
    assert all("has already been submitted" in refusal for refusal in outcome.refusals)
    assert KpiReturn.objects.count() == 1
    assert audit_entries("kpi_return.submitted") == 1
    assert "no broken link" in verify_audit()
