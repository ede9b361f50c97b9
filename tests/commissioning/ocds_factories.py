"""A contracting process built row by row, with a release emitted at each step, at explicit
times: published, a question answered, two bids (one a consortium), the deadline passed, scores
and moderation (which must never be published), an award, its standstill ended, a 3 + 2
contract, a validated KPI return, a variation and an extension."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from joinedup.commissioning.choices import CommissioningModel, OptionDecision, PartyRole, Route
from joinedup.commissioning.models import (
    Award,
    AwardCriterion,
    Bid,
    BidMember,
    Contract,
    ContractingProcess,
    ContractParty,
    Evaluator,
    ExtensionOption,
    Kpi,
    KpiReturn,
    Lot,
    ModeratedScore,
    NoticeDocument,
    Question,
    Score,
    ServiceArea,
    Specification,
    SpecificationVersion,
    Variation,
)
from joinedup.commissioning.ocds.releases import emit
from joinedup.core.choices import CareSetting, OrganisationKind, SizeBand
from tests import factories
from tests.outcomes import factories as outcomes_factories

_numbers = itertools.count(1)
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def at(days: float) -> datetime:
    """A moment `days` after the start of the story."""
    return START + timedelta(days=days)


def service_area(**fields) -> ServiceArea:
    number = next(_numbers)
    return ServiceArea.objects.create(
        slug=fields.pop("slug", f"home-care-{number}"),
        name=fields.pop("name", f"Home care {number}"),
        care_setting=fields.pop("care_setting", CareSetting.HOME_CARE),
        model=fields.pop("model", CommissioningModel.SPECIFICATION_AND_PROCUREMENT),
        **fields,
    )


def process(**fields) -> ContractingProcess:
    number = next(_numbers)
    buyer = fields.pop("buyer", None) or factories.organisation(
        f"Health and Community Services {number}", kind=OrganisationKind.GOVERNMENT_DEPARTMENT
    )
    return ContractingProcess.objects.create(
        slug=fields.pop("slug", f"home-care-tender-{number}"),
        title=fields.pop("title", "Home care services"),
        description=fields.pop("description", "Care and support at home for adults."),
        route=fields.pop("route", Route.TENDER),
        buyer=buyer,
        service_area=fields.pop("service_area", None) or service_area(),
        estimated_value=fields.pop("estimated_value", Decimal("2500000")),
        suitable_for_small=fields.pop("suitable_for_small", True),
        suitable_for_voluntary=fields.pop("suitable_for_voluntary", True),
        clarification_deadline=fields.pop("clarification_deadline", at(14)),
        submission_deadline=fields.pop("submission_deadline", at(28)),
        evaluation_ends_at=fields.pop("evaluation_ends_at", at(42)),
        award_planned_at=fields.pop("award_planned_at", at(45)),
        standstill_planned_end=fields.pop("standstill_planned_end", at(55)),
        created_at=fields.pop("created_at", at(-1)),
        **fields,
    )


@dataclass
class Story:
    """The rows of a full tender-to-contract story, and the releases emitted along it."""

    process: ContractingProcess
    lot: Lot
    bids: list = field(default_factory=list)
    award: Award | None = None
    contract: Contract | None = None
    releases: list = field(default_factory=list)


def tender(*, until: str = "extended") -> Story:
    """Build the story up to the step `until` (published, answered, bids, opened, scored,
    awarded, confirmed, contracted, returned, varied, extended), emitting as services do."""
    steps = [
        "published",
        "answered",
        "bids",
        "opened",
        "scored",
        "awarded",
        "confirmed",
        "contracted",
        "returned",
        "varied",
        "extended",
    ]
    last = steps.index(until)
    the_process = process()
    lot = Lot.objects.create(process=the_process, number=1, title="Home care in St Helier")
    for number, (name, weight) in enumerate([("Quality", 60), ("Social value", 10), ("Price", 30)]):
        AwardCriterion.objects.create(
            process=the_process, number=number + 1, name=name, weight=weight
        )
    NoticeDocument.objects.create(
        process=the_process,
        title="Service specification",
        url="https://www.gov.je/home-care-specification.pdf",
        content_type="application/pdf",
        added_at=at(0),
    )
    story = Story(process=the_process, lot=lot)

    def reached(name: str) -> bool:
        return steps.index(name) <= last

    the_process.published_at = at(0)
    the_process.save()
    story.releases.append(emit(the_process, tags=["tender"], at=at(0)))

    if not reached("answered"):
        return story
    asker = factories.person(organisation=factories.organisation("Small Steps Charity"))
    Question.objects.create(
        process=the_process,
        text="May a consortium of small charities bid?",
        asked_by=asker,
        organisation=asker.organisation,
        asked_at=at(3),
        answer="Yes: one member leads and signs the contract.",
        answered_at=at(5),
    )
    story.releases.append(emit(the_process, tags=["tenderUpdate"], at=at(5)))

    if not reached("bids"):
        return story
    lead = factories.organisation(
        "Jersey Home Care Partners",
        kind=OrganisationKind.PRIVATE_PROVIDER,
        size_band=SizeBand.LARGE,
    )
    small_lead = factories.organisation("Community Carers Jersey", size_band=SizeBand.MICRO)
    member = factories.organisation("Neighbours Together", size_band=SizeBand.SMALL)
    submitter = factories.person(organisation=lead)
    bidders = ((lead, [], "2400000", 20), (small_lead, [member], "2300000", 21))
    for organisation, members, price, day in bidders:
        bid = Bid.objects.create(
            process=the_process,
            lot=lot,
            lead=organisation,
            submitted_by=submitter,
            submitted_at=at(day),
            contact_name="Bid Writer",
            contact_email="bids@example.je",
            organisation_summary="SEALED-SUMMARY",
            approach="SEALED-APPROACH",
            price=Decimal(price),
        )
        for other in members:
            BidMember.objects.create(bid=bid, organisation=other)
        story.bids.append(bid)

    if not reached("opened"):
        return story
    the_process.bids_opened_at = at(28)
    the_process.save()
    story.releases.append(emit(the_process, tags=["tenderUpdate"], at=at(28)))

    if not reached("scored"):
        return story
    criteria = list(the_process.criteria.all())
    for number in range(3):
        evaluator = Evaluator.objects.create(
            process=the_process,
            person=factories.person(),
            appointed_at=at(28),
            declared_at=at(29),
        )
        for bid in story.bids:
            for criterion in criteria:
                Score.objects.create(
                    evaluator=evaluator,
                    bid=bid,
                    criterion=criterion,
                    score=7 + number % 2,
                    rationale="SECRET-RATIONALE",
                    scored_at=at(33),
                )
    for bid in story.bids:
        for criterion in criteria:
            ModeratedScore.objects.create(
                bid=bid,
                criterion=criterion,
                score=8,
                reason="SECRET-MODERATION",
                moderated_at=at(35),
            )

    if not reached("awarded"):
        return story
    winner = story.bids[1]
    award = Award.objects.create(
        process=the_process,
        lot=lot,
        bid=winner,
        value=Decimal("2300000"),
        awarded_at=at(45),
        standstill_ends_at=at(55),
    )
    award.suppliers.set([winner.lead, member])
    story.award = award
    story.releases.append(emit(the_process, tags=["award"], at=at(45)))

    if not reached("confirmed"):
        return story
    award.confirmed_at = at(56)
    award.save()
    story.releases.append(emit(the_process, tags=["award"], at=at(56)))

    if not reached("contracted"):
        return story
    version = SpecificationVersion.objects.create(
        specification=Specification.objects.create(
            slug=f"home-care-spec-{next(_numbers)}",
            title="Home care",
            service_area=the_process.service_area,
        ),
        version=1,
    )
    kpi = Kpi.objects.create(
        specification_version=version,
        indicator=outcomes_factories.indicator(name="Care visits on time"),
        target=95.0,
    )
    contract = Contract.objects.create(
        process=the_process,
        award=award,
        slug=f"home-care-contract-{next(_numbers)}",
        title="Home care services, St Helier",
        lead_provider=winner.lead,
        service_area=the_process.service_area,
        specification_version=version,
        model=CommissioningModel.SPECIFICATION_AND_PROCUREMENT,
        care_setting=CareSetting.HOME_CARE,
        value=Decimal("2300000"),
        starts_on=date(2026, 4, 1),
        initial_ends_on=date(2029, 3, 31),
        ends_on=date(2029, 3, 31),
        signed_on=date(2026, 3, 6),
    )
    ContractParty.objects.create(
        contract=contract, organisation=winner.lead, role=PartyRole.LEAD, joined_on=date(2026, 4, 1)
    )
    ContractParty.objects.create(
        contract=contract, organisation=member, role=PartyRole.SUBCONTRACTOR
    )
    for number, due in ((1, date(2028, 9, 30)), (2, date(2029, 9, 30))):
        ExtensionOption.objects.create(
            contract=contract, number=number, length_months=12, decision_due_on=due
        )
    story.contract = contract
    story.releases.append(emit(the_process, tags=["contract"], at=at(60)))

    if not reached("returned"):
        return story
    user = factories.person(organisation=winner.lead).user
    KpiReturn.objects.create(
        contract=contract,
        kpi=kpi,
        period_type="quarter",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        value=96.5,
        rating="met",
        submitted_by=user,
        submitted_at=at(185),
        validated_at=at(190),
    )
    KpiReturn.objects.create(
        contract=contract,
        kpi=kpi,
        period_type="quarter",
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        value=50.0,
        submitted_by=user,
        submitted_at=at(280),
    )
    story.releases.append(emit(the_process, tags=["implementation"], at=at(190)))

    if not reached("varied"):
        return story
    Variation.objects.create(
        contract=contract,
        varied_on=date(2027, 2, 1),
        description="Evening visits added.",
        value_change=Decimal("50000"),
        reason="Demand for evening care rose.",
        recorded_by=user,
        recorded_at=at(400),
    )
    contract.value += Decimal("50000")
    contract.save()
    story.releases.append(emit(the_process, tags=["contractAmendment"], at=at(400)))

    if not reached("extended"):
        return story
    option = contract.options.get(number=1)
    option.decision = OptionDecision.EXERCISED
    option.decided_on = date(2028, 9, 1)
    option.reason = "KPIs met throughout the initial term."
    option.save()
    contract.ends_on = date(2030, 3, 31)
    contract.save()
    story.releases.append(emit(the_process, tags=["contractAmendment"], at=at(1000)))
    return story


def partnership(**fields) -> ContractingProcess:
    """A partnership agreement: no notice, published by its contract."""
    the_process = process(
        route=Route.PARTNERSHIP_AGREEMENT,
        title="Integrated community partnership for older people",
        clarification_deadline=None,
        submission_deadline=None,
        evaluation_ends_at=None,
        award_planned_at=None,
        standstill_planned_end=None,
        **fields,
    )
    lead = factories.organisation("Age Partnership Lead")
    contract = Contract.objects.create(
        process=the_process,
        slug=f"partnership-{next(_numbers)}",
        title="Older people's partnership agreement",
        lead_provider=lead,
        service_area=the_process.service_area,
        model=CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
        care_setting=CareSetting.COMMUNITY,
        value=Decimal("900000"),
        starts_on=date(2026, 1, 1),
        initial_ends_on=date(2028, 12, 31),
        ends_on=date(2028, 12, 31),
        signed_on=date(2025, 12, 1),
    )
    ContractParty.objects.create(contract=contract, organisation=lead, role=PartyRole.LEAD)
    ContractParty.objects.create(
        contract=contract,
        organisation=factories.organisation("Befrienders"),
        role=PartyRole.MEMBER,
        opted_out_on=date(2026, 6, 1),
    )
    emit(the_process, tags=["contract"], at=at(0))
    return the_process
