"""The commissioning demo: contracts.

The 3 + 2 home care contract made from the procurement demo's award to the Jersey Care
Federation's consortium, with quarterly KPI returns (some met, some below); the carers support
partnership agreement between voluntary-sector partners, one of whom opted out; and contracts
across the three commissioning models and several care settings so that the dashboard has
content. The organisations are the strategy's co-design partners; every value, date and figure
is synthetic (each contract is marked so). Idempotent: a contract already there is skipped.
"""

import secrets
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from joinedup.core import services as core_services
from joinedup.core.models import Organisation, Person
from joinedup.outcomes import periods

from . import demo_plans, demo_procurement
from .choices import CommissioningModel as M
from .choices import Route
from .models import Award, Contract, ServiceArea, Specification
from .services import contracts as services
from .services.contracts import Funding, Member, Option

SYNTHETIC = "Values, dates and figures are synthetic: written for the demo."
BUYER = "Health and Community Services"

# Quarterly returns of the home care contract, chosen so that some quarters meet the target
# and some fall short.
HOME_CARE_QUARTERS = ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4", "2025/26 Q1",
                      "2025/26 Q2"]  # fmt: skip
# Each KPI's (numerator, denominator) per quarter; hours delivered is given as the percentage
# itself (no denominator), since it may pass 100 when care plans are out of date.
MISSED = [(70, 12000), (62, 12000), (58, 12000), (55, 12000), (64, 12000), (50, 12000)]
HOURS = [(94.0, None), (97.0, None), (99.0, None), (106.0, None), (101.0, None), (90.0, None)]
HOME_CARE_RETURNS = {
    "HC-REVIEW-6WK": [(55, 60), (52, 60), (50, 60), (56, 60), (57, 60), (54, 60)],
    "HC-MISSED-VISITS": MISSED,
    "HC-HOURS-DELIVERED": HOURS,
    "HC-HOME-91D": [(30, 40), (31, 40), (33, 40), (34, 40), (26, 40), (33, 40)],
}
# The latest quarter: submitted, awaiting the commissioner's validation.
HOME_CARE_PENDING = ("2025/26 Q3", {"HC-REVIEW-6WK": (53, 60), "HC-MISSED-VISITS": (57, 12000)})
CARERS_RETURNS = [("2024/25 Q2", 140, 200), ("2024/25 Q3", 152, 200), ("2024/25 Q4", 158, 200)]


def _organisation(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _provider_person(organisation: Organisation, username: str, first: str, last: str) -> Person:
    """Someone of the provider to submit its returns: an existing person, or a demo one."""
    person = Person.objects.filter(organisation=organisation).order_by("user__username").first()
    if person is not None:
        return person
    return core_services.create_person(
        username=username, first_name=first, last_name=last,
        email=f"{username}@example.je", password=secrets.token_urlsafe(16),
        organisation=organisation, job_title="Contracts manager (synthetic)",
    )  # fmt: skip


def _version(slug: str, number: int | None = None):
    spec = Specification.objects.filter(slug=slug).first()
    if spec is None:
        return None
    versions = spec.versions.order_by("-version")
    return (versions.filter(version=number) if number else versions).first()


def _file_returns(contract, person, by, rows, *, validate=True) -> int:
    """Submit the provider's returns (and validate them), dated after each period ends. A row
    without a denominator gives the value itself."""
    kpis = {k.indicator.code: k for k in contract.specification_version.kpis.select_related(
        "indicator")}  # fmt: skip
    added = 0
    for code, quarter, numerator, denominator in rows:
        period = periods.parse_period(quarter)
        submitted = period.end + timedelta(days=15)
        kpi_return = services.submit_kpi_return(
            contract=contract, kpi=kpis[code], period=period,
            numerator=numerator if denominator is not None else None, denominator=denominator,
            value=None if denominator is not None else numerator, at=_at(submitted),
            by=person.user,
            commentary="Figures from the provider's care records. (Synthetic.)",
        )  # fmt: skip
        if validate:
            services.validate_kpi_return(
                kpi_return=kpi_return, at=_at(submitted + timedelta(days=10)), by=by
            )
        added += 1
    return added


def _home_care(by, counts) -> None:
    process = demo_procurement.ContractingProcess.objects.filter(
        slug=demo_procurement.HOME_CARE_TENDER
    ).first()
    award = Award.objects.filter(process=process).first() if process else None
    if award is None or not award.is_final or award.contracts.exists():
        return
    contract = services.create_contract_from_award(
        award=award, title="Home care services 2024 to 2029", starts_on=date(2024, 4, 8),
        initial_ends_on=date(2027, 4, 7), signed_on=date(2024, 4, 8),
        specification_version=_version(demo_plans.HOME_CARE_SPEC),
        options=[Option(24, date(2027, 1, 7))],
        funding=[
            Funding("public", "Government of Jersey: Health and Community Services",
                    Decimal("3800000")),
            Funding("charitable", "Jersey Care Federation members' charitable funds",
                    Decimal("150000")),
        ],
        description="Home care for adults across Jersey, delivered by the Jersey Care "
        "Federation with Dementia Jersey and Call & Check Jersey as its consortium, under the "
        f"integrated community partnership model. {SYNTHETIC}",
        synthetic=True, by=by,
    )  # fmt: skip
    counts["contracts"] += 1
    person = _provider_person(contract.lead_provider, "demo.jcf", "Jo", "Le Sueur")
    rows = [
        (code, quarter, *figures[n])
        for n, quarter in enumerate(HOME_CARE_QUARTERS)
        for code, figures in HOME_CARE_RETURNS.items()
    ]
    counts["kpi_returns"] += _file_returns(contract, person, by, rows)
    quarter, pending = HOME_CARE_PENDING
    rows = [(code, quarter, *figures) for code, figures in pending.items()]
    counts["kpi_returns"] += _file_returns(contract, person, by, rows, validate=False)
    services.record_variation(
        contract=contract, varied_on=date(2025, 10, 1), value_change=Decimal("45000"),
        description="The shared evening and weekend rota extended to Sunday nights.",
        reason="Missed visits were highest on Sunday nights; the partners agreed to cover them "
        "together. (Synthetic.)", by=by,
    )  # fmt: skip
    counts["variations"] += 1


def _carers(by, counts) -> None:
    title = "Carers support partnership"
    area = ServiceArea.objects.filter(slug=demo_plans.CARERS_AREA).first()
    lead = _organisation("Enable Jersey")
    names = ["Dementia Jersey", "Jersey Recovery College", "Listening Lounge",
             "Macmillan Cancer Support Jersey"]  # fmt: skip
    members = [_organisation(name) for name in names]
    buyer = _organisation(BUYER)
    if Contract.objects.filter(title=title).exists() or None in (area, lead, buyer, *members):
        return
    contract = services.create_partnership_agreement(
        title=title, buyer=buyer, lead=lead, service_area=area,
        members=[Member(org, date(2024, 7, 1)) for org in members],
        value=Decimal("1200000"), starts_on=date(2024, 7, 1), initial_ends_on=date(2027, 6, 30),
        specification_version=_version(demo_plans.CARERS_SPEC),
        options=[Option(24, date(2026, 12, 31))],
        funding=[Funding("public", "Government of Jersey: Health and Community Services",
                         Decimal("950000")),
                 Funding("charitable", "The partners' own fundraising", Decimal("250000"))],
        description="Information, assessment, breaks and peer support for unpaid carers and "
        f"their families, delivered by the carers' charities together. {SYNTHETIC}",
        synthetic=True, by=by,
    )  # fmt: skip
    counts["contracts"] += 1
    services.record_opt_out(
        party=contract.parties.get(organisation__name="Listening Lounge"),
        on=date(2025, 3, 31), by=by,
        reason="Chose to concentrate on its drop-in listening service. (Synthetic.)",
    )  # fmt: skip
    person = _provider_person(lead, "demo.enable", "Morgan", "Le Cornu")
    rows = [("CARER-ASSESSED", quarter, num, den) for quarter, num, den in CARERS_RETURNS]
    counts["kpi_returns"] += _file_returns(contract, person, by, rows)


# (title, route, model, service area slug, lead, members, value, start, initial end,
#  options as (months, decide by, exercised on or None), funding as (source, funder, amount))
OTHERS = [
    ("End of life care partnership", Route.PARTNERSHIP_AGREEMENT, M.MATURE_INTEGRATED_PARTNERSHIP,
     "end-of-life-care", "Jersey Hospice Care",
     ["Family Nursing & Home Care", "Macmillan Cancer Support Jersey"], "6500000",
     date(2025, 4, 1), date(2030, 3, 31), [],
     [("public", "Government of Jersey: Health and Community Services", "5000000"),
      ("charitable", "Jersey Hospice Care's supporters", "1500000")]),
    ("Community mental health recovery partnership", Route.PARTNERSHIP_AGREEMENT,
     M.INTEGRATED_COMMUNITY_PARTNERSHIP, "community-mental-health-and-wellbeing", "Mind Jersey",
     ["Jersey Recovery College", "MyVoice", "Silkworth Charity Group"], "2100000",
     date(2023, 4, 1), date(2026, 3, 31), [(24, date(2025, 9, 30), date(2025, 9, 15))],
     [("public", "Government of Jersey: Health and Community Services", "2100000")]),
    ("Residential and nursing placements at Les Amis", Route.DIRECT_AWARD,
     M.SPECIFICATION_AND_PROCUREMENT, "residential-and-nursing-care", "Les Amis", [],
     "3400000", date(2021, 1, 1), date(2025, 12, 31), [],
     [("public", "Long-Term Care Fund", "3400000")]),
    ("Call & Check telephone befriending", Route.GRANT, M.SPECIFICATION_AND_PROCUREMENT,
     "prevention-and-self-care", "Call & Check Jersey", [], "180000", date(2023, 1, 1),
     date(2026, 12, 31), [], [("public", "Government of Jersey: Public Health", "180000")]),
    ("Night-sitting home care", Route.DIRECT_AWARD, M.SPECIFICATION_AND_PROCUREMENT,
     demo_plans.HOME_CARE_AREA, "Tutela", [], "640000", date(2025, 1, 1), date(2027, 12, 31),
     [(12, date(2027, 6, 30), None)],
     [("public", "Government of Jersey: Health and Community Services", "600000"),
      ("private", "Clients' own contributions", "40000")]),
]  # fmt: skip


def _others(by, counts) -> None:
    buyer = _organisation(BUYER)
    for (title, route, model, area_slug, lead_name, member_names, value, starts_on, ends_on,
         options, funding) in OTHERS:  # fmt: skip
        area = ServiceArea.objects.filter(slug=area_slug).first()
        lead = _organisation(lead_name)
        members = [_organisation(name) for name in member_names]
        if Contract.objects.filter(title=title).exists() or None in (area, lead, buyer, *members):
            continue
        home_care = area_slug == demo_plans.HOME_CARE_AREA
        contract = services.create_untendered_contract(
            route=route, title=title, buyer=buyer, lead=lead, members=members, model=model,
            service_area=area, value=Decimal(value), starts_on=starts_on,
            initial_ends_on=ends_on, options=[Option(m, due) for m, due, _ in options],
            funding=[Funding(s, f, Decimal(a)) for s, f, a in funding],
            specification_version=_version(demo_plans.HOME_CARE_SPEC, 1) if home_care else None,
            description=SYNTHETIC, synthetic=True, by=by,
        )  # fmt: skip
        counts["contracts"] += 1
        for option, (_, _, exercised_on) in zip(contract.options.all(), options, strict=True):
            if exercised_on:
                services.decide_extension(
                    option=option, exercise=True, decided_on=exercised_on, by=by,
                    reason="The partnership met its recovery outcomes. (Synthetic.)",
                )  # fmt: skip
        if home_care and contract.specification_version_id:
            person = _provider_person(lead, "demo.tutela", "Pat", "Querée")
            rows = [
                ("HC-REVIEW-6WK", "2025/26 Q1", 47, 50),
                ("HC-REVIEW-6WK", "2025/26 Q2", 41, 50),
            ]
            counts["kpi_returns"] += _file_returns(contract, person, by, rows)


@transaction.atomic
def load() -> dict:
    counts = {"contracts": 0, "kpi_returns": 0, "variations": 0}
    by = get_user_model().objects.filter(username="commissioner").first()
    if by is None or not services.is_commissioner(by):
        return counts  # the core demo's personas are not loaded: no one to make contracts
    _home_care(by, counts)
    _carers(by, counts)
    _others(by, counts)
    return counts
