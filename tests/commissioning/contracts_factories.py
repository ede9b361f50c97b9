"""Contracts test data: service areas and specifications through the plans services, a
contracting process and a final award as procurement leaves them, and contracts through the
contracts services (so every contract is made as the product makes it)."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from joinedup.commissioning.choices import CommissioningModel, Route
from joinedup.commissioning.models import Award, Bid, BidMember, ContractingProcess, Lot
from joinedup.commissioning.services import contracts as services
from joinedup.commissioning.services import plans
from joinedup.core.choices import CareSetting, OrganisationKind, StaffRole
from joinedup.outcomes.choices import Frequency, Polarity, ValueType
from tests import factories
from tests.outcomes import factories as outcomes_factories

_numbers = itertools.count(1)

START = date(2024, 4, 1)
INITIAL_END = date(2027, 3, 31)


def commissioner(username=None):
    """A commissioner of a government department."""
    government = factories.organisation(
        kind=OrganisationKind.GOVERNMENT_DEPARTMENT, care_settings=()
    )
    return factories.person(
        username or f"commissioner{next(_numbers)}",
        organisation=government,
        roles=[StaffRole.COMMISSIONER],
    )


def service_area(*, model=CommissioningModel.SPECIFICATION_AND_PROCUREMENT,
                 care_setting=CareSetting.HOME_CARE, name=None):  # fmt: skip
    return plans.create_service_area(
        name=name or f"Service area {next(_numbers)}", care_setting=care_setting, model=model,
        since=date(2022, 1, 1),
    )  # fmt: skip


def kpi_indicator(*, polarity=Polarity.HIGHER_IS_BETTER, frequency=Frequency.QUARTERLY, **fields):
    return outcomes_factories.indicator(
        value_type=fields.pop("value_type", ValueType.PROPORTION),
        polarity=polarity,
        frequency=frequency,
        **fields,
    )


def specification(area, *, kpis=None, intention=None):
    """A specification whose first version has the KPIs given as (indicator, target) pairs."""
    kpis = kpis or [(kpi_indicator(), 90.0)]
    return plans.create_specification(
        title=f"Specification {next(_numbers)}", service_area=area,
        service_description="Care at home for adults who need it.",
        outcomes=["Islanders live well at home for longer."],
        kpis=[plans.KpiIn(indicator=i, target=t) for i, t in kpis], intention=intention,
    )  # fmt: skip


def process(area, *, buyer=None, spec=None, route=Route.TENDER, title=None):
    number = next(_numbers)
    return ContractingProcess.objects.create(
        slug=f"process-{number}", title=title or f"Home care services {number}", route=route,
        buyer=buyer or factories.organisation(kind=OrganisationKind.GOVERNMENT_DEPARTMENT),
        service_area=area, specification=spec, intention=spec.intention if spec else None,
        published_at=timezone.now() - timedelta(days=120),
    )  # fmt: skip


def award(proc, *, suppliers, value=Decimal("900000"), standstill_ends_at=None, confirmed=True):
    """An award of the process's one lot to a bid by the suppliers (the first leads it)."""
    now = timezone.now()
    lot = Lot.objects.create(process=proc, title="Lot 1")
    lead = suppliers[0]
    bid = Bid.objects.create(
        process=proc, lot=lot, lead=lead,
        submitted_by=factories.person(organisation=lead), submitted_at=now - timedelta(days=60),
        contact_name="Bid Contact", contact_email="bids@example.je",
        organisation_summary="Who we are.", approach="How we will do it.", price=value,
    )  # fmt: skip
    for member in suppliers[1:]:
        BidMember.objects.create(bid=bid, organisation=member)
    made = Award.objects.create(
        process=proc, lot=lot, bid=bid, value=value, awarded_at=now - timedelta(days=20),
        standstill_ends_at=standstill_ends_at or now - timedelta(days=10),
        confirmed_at=now - timedelta(days=9) if confirmed else None,
    )  # fmt: skip
    made.suppliers.set(suppliers)
    return made


def provider(name=None, **fields):
    return factories.organisation(
        name, kind=fields.pop("kind", OrganisationKind.PRIVATE_PROVIDER), **fields
    )


def contract(*, lead=None, subcontractors=(), by=None, kpis=None, starts_on=START,
             initial_ends_on=INITIAL_END, options=None, funding=None, value=Decimal("900000"),
             area=None, **fields):  # fmt: skip
    """A 3 + 2 contract made from a final award, with a quarterly KPI (target 90%)."""
    by = by or commissioner()
    area = area or service_area()
    spec = specification(area, kpis=kpis)
    lead = lead or provider()
    proc = process(area, spec=spec)
    made = award(proc, suppliers=[lead, *subcontractors], value=value)
    if options is None:
        options = [services.Option(24, initial_ends_on - timedelta(days=180))]
    if funding is None:
        funding = [services.Funding("public", "Health Insurance Fund", value)]
    return services.create_contract_from_award(
        award=made, starts_on=starts_on, initial_ends_on=initial_ends_on, options=options,
        funding=funding, by=by.user, **fields,
    )  # fmt: skip


def partnership(*, lead=None, members=(), by=None, area=None, **fields):
    by = by or commissioner()
    area = area or service_area(
        model=CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
        care_setting=CareSetting.COMMUNITY,
    )
    return services.create_partnership_agreement(
        title=fields.pop("title", f"Community partnership {next(_numbers)}"),
        buyer=fields.pop("buyer", None)
        or factories.organisation(kind=OrganisationKind.GOVERNMENT_DEPARTMENT),
        lead=lead or provider(kind=OrganisationKind.VOLUNTARY_AND_COMMUNITY),
        members=members, service_area=area, value=fields.pop("value", Decimal("300000")),
        starts_on=fields.pop("starts_on", START),
        initial_ends_on=fields.pop("initial_ends_on", INITIAL_END), by=by.user, **fields,
    )  # fmt: skip
