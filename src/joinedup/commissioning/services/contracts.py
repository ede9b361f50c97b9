"""Writes to the contracts register: making a contract from a final award or a partnership
agreement without a tender, the providers' KPI returns and their validation into the outcomes
app, variations, extension decisions, partnership members opting out, and the reminders before
a contract's end and each extension decision.

Each write is one transaction with one audit entry and an OCDS release of the contracting process
(`contract` when made, `contractAmendment` when varied or extended, `implementation` when a
return is validated). Refusals are `ValidationError`s naming the field and change nothing. A
return attempted by someone outside the lead provider is a breach of the rules: refused with
`PermissionDenied`, and recorded in the audit log in a transaction of its own so the refusal
does not roll the record back.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from joinedup.core import audit
from joinedup.core.access import viewer_for
from joinedup.core.choices import StaffRole
from joinedup.core.models import Organisation, StaffRoleGrant
from joinedup.core.rules import refuse
from joinedup.outcomes import periods
from joinedup.outcomes import services as outcomes
from joinedup.outcomes.choices import Polarity

from ..choices import (
    CommissioningModel,
    FundingSource,
    OptionDecision,
    PartyRole,
    PerformanceRating,
    ReminderKind,
    Route,
)
from ..models import (
    Award,
    Contract,
    ContractingProcess,
    ContractParty,
    ContractReminder,
    ExtensionOption,
    FundingStream,
    KpiReturn,
    Variation,
)
from ..ocds import releases

# A return short of its target by at most these fractions of the target is "slightly below" or
# "below"; further short is "significantly below". See docs/adr/0008-kpi-performance-ratings.md.
SLIGHTLY_BELOW_WITHIN = 0.05
BELOW_WITHIN = 0.15
MAX_VALUE = Decimal(10**12)  # what a money column (14 digits, 2 after the point) holds


def _when(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is not None and at > now:
        refuse("That cannot be recorded as happening in the future.")
    return at or now


def is_commissioner(user) -> bool:
    return user is not None and viewer_for(user).has_role(StaffRole.COMMISSIONER)


def _require_commissioner(user, doing: str) -> None:
    if not is_commissioner(user):
        raise PermissionDenied(f"Only a commissioner may {doing}.")


# Ratings


def shortfall(value: float, *, target: float | None, target_upper: float | None, polarity: str):
    """How far a figure falls short of its target, as a fraction of the target (0 when met),
    or None when there is nothing to judge it against. With a target range, the distance to the
    nearer end of the range, as a fraction of that end."""
    if target is None or value is None or not math.isfinite(value):
        return None
    if target_upper is not None:
        if target <= value <= target_upper:
            return 0.0
        bound = target if value < target else target_upper
    elif polarity == Polarity.HIGHER_IS_BETTER:
        if value >= target:
            return 0.0
        bound = target
    elif polarity == Polarity.LOWER_IS_BETTER:
        if value <= target:
            return 0.0
        bound = target
    else:
        return None
    return abs(value - bound) / abs(bound) if bound else math.inf


def rate(value: float, *, target, target_upper=None, polarity: str) -> str:
    """A return's performance rating against its KPI's target: met, slightly below (short by at
    most 5% of the target), below (at most 15%) or significantly below; "" without a target."""
    short = shortfall(value, target=target, target_upper=target_upper, polarity=polarity)
    if short is None:
        return ""
    if short == 0:
        return PerformanceRating.MET
    if short <= SLIGHTLY_BELOW_WITHIN:
        return PerformanceRating.SLIGHTLY_BELOW
    if short <= BELOW_WITHIN:
        return PerformanceRating.BELOW
    return PerformanceRating.SIGNIFICANTLY_BELOW


# Making contracts


@dataclass(frozen=True)
class Funding:
    """One funding stream of a new contract."""

    source: str
    funder: str
    amount: Decimal


@dataclass(frozen=True)
class Option:
    """One extension option of a new contract: its length and when it must be decided."""

    length_months: int
    decision_due_on: date


@dataclass(frozen=True)
class Member:
    """A partnership member (or sub-contractor) of a new contract, from when."""

    organisation: Organisation
    joined_on: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day `months` months later, or the month's last day if it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(starts_on: date, months: int) -> date:
    """The last day of a term of `months` months that starts on `starts_on`."""
    return add_months(starts_on, months) - timedelta(days=1)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "contract"
    slug, number = base, 2
    while Contract.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_terms(*, starts_on, initial_ends_on, value, funding, options) -> None:
    if starts_on is None:
        refuse("Enter the date the contract starts.", "starts_on")
    if initial_ends_on is None:
        refuse("Enter the date the initial term ends.", "initial_ends_on")
    if initial_ends_on <= starts_on:
        refuse(
            f"The contract cannot end ({initial_ends_on:%-d %B %Y}) on or before it starts "
            f"({starts_on:%-d %B %Y}).",
            "initial_ends_on",
        )
    if value is None or value < 0:
        refuse("Enter the contract's value in pounds: 0 or more.", "value")
    if value >= MAX_VALUE:
        refuse("Enter a value below £1 trillion.", "value")
    sources = [stream.source for stream in funding]
    for stream in funding:
        if stream.source not in FundingSource.values:
            refuse(f"'{stream.source}' is not a funding source.", "funding")
        if stream.amount is None or stream.amount <= 0:
            refuse(f"Each funding stream needs an amount above £0 ({stream.funder}).", "funding")
        if not stream.funder.strip():
            refuse("Name the funder of each funding stream.", "funding")
    if len({(s.source, s.funder) for s in funding}) != len(sources):
        refuse("A funder is listed twice.", "funding")
    total = sum((s.amount for s in funding), Decimal(0))
    if funding and total > value:
        refuse(f"The funding streams add up to £{total:,.2f}, more than the value.", "funding")
    previous = initial_ends_on
    for number, option in enumerate(options, 1):
        if option.length_months is None or option.length_months <= 0:
            refuse(f"Option {number} needs a length in months.", "options")
        if not starts_on <= option.decision_due_on <= previous:
            refuse(
                f"Option {number} must be decided during the term before it "
                f"(by {previous:%-d %B %Y}).",
                "options",
            )
        previous = term_end(previous + timedelta(days=1), option.length_months)


def _make_contract(*, process, award, title, lead_provider, parties, service_area, model,
                   care_setting, value, starts_on, initial_ends_on, funding, options,
                   specification_version, description, signed_on, remind_days_before_end,
                   remind_days_before_decision, synthetic, by) -> Contract:  # fmt: skip
    if not title.strip():
        refuse("Enter the contract's title.", "title")
    if model not in CommissioningModel.values:
        refuse("Choose the commissioning model.", "model")
    _check_terms(
        starts_on=starts_on, initial_ends_on=initial_ends_on, value=value, funding=funding,
        options=options,
    )  # fmt: skip
    contract = Contract.objects.create(
        process=process, award=award, slug=_unique_slug(title), title=title.strip(),
        description=description, lead_provider=lead_provider, service_area=service_area,
        specification_version=specification_version, model=model, care_setting=care_setting,
        value=value, starts_on=starts_on, initial_ends_on=initial_ends_on,
        ends_on=initial_ends_on, signed_on=signed_on,
        remind_days_before_end=remind_days_before_end,
        remind_days_before_decision=remind_days_before_decision, synthetic=synthetic,
    )  # fmt: skip
    ContractParty.objects.create(
        contract=contract, organisation=lead_provider, role=PartyRole.LEAD, joined_on=starts_on
    )
    seen = {lead_provider.pk}
    for role, member in parties:
        if member.organisation.pk in seen:
            refuse(f"{member.organisation} is listed twice.", "members")
        seen.add(member.organisation.pk)
        ContractParty.objects.create(
            contract=contract, organisation=member.organisation, role=role,
            joined_on=member.joined_on or starts_on,
        )  # fmt: skip
    FundingStream.objects.bulk_create(
        FundingStream(contract=contract, source=s.source, funder=s.funder.strip(), amount=s.amount)
        for s in funding
    )
    ExtensionOption.objects.bulk_create(
        ExtensionOption(
            contract=contract,
            number=number,
            length_months=o.length_months,
            decision_due_on=o.decision_due_on,
        )  # fmt: skip
        for number, o in enumerate(options, 1)
    )
    audit.record(
        action="contract.created", by=by, obj=contract,
        data={
            "ocid": process.ocid, "title": contract.title, "lead_provider": lead_provider.slug,
            "value": str(value), "starts_on": starts_on, "ends_on": initial_ends_on,
            "model": model, "options": [o.length_months for o in options],
            "parties": [m.organisation.slug for _, m in parties],
        },
    )  # fmt: skip
    releases.emit(process, tags=["contract"], by=by)
    return contract


@transaction.atomic
def create_contract_from_award(
    *, award: Award, starts_on: date, initial_ends_on: date, title: str | None = None,
    funding=(), options=(), specification_version=None, care_setting: str | None = None,
    model: str | None = None, value: Decimal | None = None, description: str = "",
    signed_on: date | None = None, remind_days_before_end: int = 180,
    remind_days_before_decision: int = 90, synthetic: bool = False, by,
) -> Contract:  # fmt: skip
    """Make the contract of a final award: its bid's lead becomes the lead provider and the
    consortium's members its sub-contractors. Refused while the standstill has not ended."""
    _require_commissioner(by, "make a contract")
    award = (
        Award.objects.select_for_update().select_related("process__service_area").get(pk=award.pk)
    )
    now = timezone.now()
    standstill_ends_at = award.standstill_ends_at
    if award.awarded_at is None:
        refuse("The award has not been made yet.", "award")
    if standstill_ends_at is None or standstill_ends_at > now:
        when = (
            f" ({timezone.localtime(standstill_ends_at):%-d %B %Y %H:%M})"
            if standstill_ends_at
            else ""
        )
        refuse(f"The standstill period has not ended{when}: the contract cannot be made yet.",
                "award")  # fmt: skip
    if not award.is_final:
        refuse("The award has not been confirmed after its standstill.", "award")
    if award.contracts.exists():
        refuse("A contract has already been made from this award.", "award")
    process = award.process
    if not award.suppliers.exists() and not award.bid_id:
        refuse("The award names no supplier.", "award")
    lead, members = _award_parties(award)
    return _make_contract(
        process=process, award=award, title=title or process.title, lead_provider=lead,
        parties=[(PartyRole.SUBCONTRACTOR, Member(org)) for org in members],
        service_area=process.service_area,
        model=model or process.service_area.model,
        care_setting=care_setting or process.service_area.care_setting,
        value=award.value if value is None else value, starts_on=starts_on,
        initial_ends_on=initial_ends_on, funding=list(funding), options=list(options),
        specification_version=specification_version or _current_version(process),
        description=description or process.description, signed_on=signed_on or starts_on,
        remind_days_before_end=remind_days_before_end,
        remind_days_before_decision=remind_days_before_decision, synthetic=synthetic, by=by,
    )  # fmt: skip


def _award_parties(award: Award):
    """The lead provider (the winning bid's lead) and the other suppliers (its consortium)."""
    suppliers = list(award.suppliers.order_by("name"))
    if award.bid_id:
        lead = award.bid.lead
    elif len(suppliers) == 1:
        lead = suppliers[0]
    else:
        refuse("The award names no winning bid, so no lead provider.", "award")
    return lead, [org for org in suppliers if org.pk != lead.pk]


def _current_version(process):
    if process.specification_id is None:
        return None
    return process.specification.versions.order_by("-version").first()


def _new_process(*, title, route, buyer, service_area, intention, specification, description,
                 by):  # fmt: skip
    """A contracting process without a tender (a partnership agreement, grant, direct award or
    in-house service). Procurement owns the table but has no service for an untendered process,
    so this creates the row, with the model's own `ocid` default (ocds-jnup01-<12 hex>)."""
    base = slugify(title)[:180] or "process"
    slug, number = base, 2
    while ContractingProcess.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    process = ContractingProcess.objects.create(
        slug=slug, title=title, route=route, buyer=buyer, service_area=service_area,
        intention=intention, specification=specification, description=description,
        created_by=by,
    )  # fmt: skip
    audit.record(
        action="contracting_process.created", by=by, obj=process,
        data={"ocid": process.ocid, "route": route, "tender": False},
    )  # fmt: skip
    return process


@transaction.atomic
def create_partnership_agreement(*, model=CommissioningModel.INTEGRATED_COMMUNITY_PARTNERSHIP,
                                 **terms) -> Contract:  # fmt: skip
    """Agree a partnership: a contracting process with route "partnership agreement" and no
    tender, its lead and members (each from the day they joined)."""
    _require_commissioner(terms.get("by"), "agree a partnership")
    if model == CommissioningModel.SPECIFICATION_AND_PROCUREMENT:
        refuse("A partnership agreement follows one of the partnership models.", "model")
    return create_untendered_contract(route=Route.PARTNERSHIP_AGREEMENT, model=model, **terms)


@transaction.atomic
def create_untendered_contract(
    *, route: str, title: str, buyer: Organisation, lead: Organisation, members=(),
    member_role: str | None = None, service_area, model: str, care_setting: str | None = None,
    value: Decimal, starts_on: date, initial_ends_on: date, funding=(), options=(),
    intention=None, specification_version=None, description: str = "",
    signed_on: date | None = None, remind_days_before_end: int = 180,
    remind_days_before_decision: int = 90, synthetic: bool = False, by,
) -> Contract:  # fmt: skip
    """A contract made without a tender in Joined Up: a partnership agreement, a grant, a direct
    award or an in-house service, with its own contracting process. A tender's contract is made
    from its award instead."""
    _require_commissioner(by, "make a contract")
    if route not in Route.values or route == Route.TENDER:
        refuse("A tendered contract is made from its award.", "route")
    if not title.strip():
        refuse("Enter the contract's title.", "title")
    specification = specification_version.specification if specification_version else None
    process = _new_process(
        title=title.strip(), route=route, buyer=buyer, service_area=service_area,
        intention=intention or (specification.intention if specification else None),
        specification=specification, description=description, by=by,
    )  # fmt: skip
    role = member_role or (
        PartyRole.MEMBER if route == Route.PARTNERSHIP_AGREEMENT else PartyRole.SUBCONTRACTOR
    )
    return _make_contract(
        process=process, award=None, title=title, lead_provider=lead,
        parties=[(role, m if isinstance(m, Member) else Member(m)) for m in members],
        service_area=service_area, model=model,
        care_setting=care_setting or service_area.care_setting, value=value,
        starts_on=starts_on, initial_ends_on=initial_ends_on, funding=list(funding),
        options=list(options), specification_version=specification_version,
        description=description, signed_on=signed_on or starts_on,
        remind_days_before_end=remind_days_before_end,
        remind_days_before_decision=remind_days_before_decision, synthetic=synthetic, by=by,
    )  # fmt: skip


@transaction.atomic
def add_member(*, contract: Contract, organisation: Organisation, joined_on: date, by):
    """A partner joins a partnership agreement during its term."""
    _require_commissioner(by, "add a partnership member")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.process.route != Route.PARTNERSHIP_AGREEMENT:
        refuse("Members join partnership agreements; this contract is not one.", "organisation")
    if organisation is None:
        refuse("Choose the organisation that joins.", "organisation")
    if contract.parties.filter(organisation=organisation).exists():
        refuse(f"{organisation} is already a party to this contract.", "organisation")
    if joined_on is None or not contract.starts_on <= joined_on <= contract.ends_on:
        refuse(
            f"A member joins during the term ({contract.starts_on:%-d %B %Y} to "
            f"{contract.ends_on:%-d %B %Y}).",
            "joined_on",
        )
    party = ContractParty.objects.create(
        contract=contract, organisation=organisation, role=PartyRole.MEMBER, joined_on=joined_on
    )
    audit.record(
        action="contract.member_joined", by=by, obj=contract,
        data={"organisation": organisation.slug, "on": joined_on},
    )  # fmt: skip
    releases.emit(contract.process, tags=["contractAmendment"], by=by)
    return party


@transaction.atomic
def record_opt_out(*, party: ContractParty, on: date, reason: str, by) -> ContractParty:
    """A partnership member leaves the partnership: kept in the record, with the day and why."""
    _require_commissioner(by, "record a member opting out")
    party = ContractParty.objects.select_for_update().select_related("contract").get(pk=party.pk)
    if party.role != PartyRole.MEMBER:
        refuse("Only a partnership member can opt out; the lead provider cannot.", "party")
    if party.opted_out_on is not None:
        refuse(f"{party.organisation} opted out on {party.opted_out_on:%-d %B %Y}.", "party")
    if on is None or (party.joined_on and on < party.joined_on):
        refuse("A member cannot opt out before it joined.", "on")
    if on > party.contract.ends_on:
        refuse(f"The partnership ended on {party.contract.ends_on:%-d %B %Y}.", "on")
    if not reason.strip():
        refuse("Give the reason the member opted out.", "reason")
    party.opted_out_on, party.opt_out_reason = on, reason.strip()
    party.save(update_fields=["opted_out_on", "opt_out_reason"])
    audit.record(
        action="contract.member_opted_out", by=by, obj=party.contract,
        data={"organisation": party.organisation.slug, "on": on, "reason": party.opt_out_reason},
    )  # fmt: skip
    releases.emit(party.contract.process, tags=["contractAmendment"], by=by)
    return party


# KPI returns


def period_problems(contract: Contract, period: periods.Period, today: date) -> str | None:
    """Why a return cannot be for this period: outside the contract's term, or not yet begun."""
    if period.end < contract.starts_on or period.start > contract.ends_on:
        return (
            f"{period.label} is outside the contract's term "
            f"({contract.starts_on:%-d %B %Y} to {contract.ends_on:%-d %B %Y})."
        )
    if period.start > today:
        return f"{period.label} has not begun: a return is for a period under way or past."
    return None


def _record_breach(*, contract, by, reason: str, data: dict) -> None:
    """Record, in its own transaction, an attempt that broke the rules, before refusing it."""
    with transaction.atomic():
        audit.record(
            action="kpi_return.refused", by=by, obj=contract,
            data={"reason": reason, **data},
        )  # fmt: skip


def check_return_submitter(*, contract: Contract, by, detail: dict | None = None) -> None:
    """Refuse (PermissionDenied) a KPI return from anyone but a person of the contract's lead
    provider, recording the attempt in the audit log as a breach of the rules."""
    viewer = viewer_for(by)
    if viewer.organisation_id is not None and viewer.organisation_id == contract.lead_provider_id:
        return
    _record_breach(
        contract=contract, by=by, reason="not a person of the lead provider",
        data={"organisation": str(viewer.organisation_id or ""), **(detail or {})},
    )  # fmt: skip
    raise PermissionDenied(
        f"Only people of {contract.lead_provider} (the lead provider) submit this contract's "
        "KPI returns."
    )


def submit_kpi_return(
    *, contract: Contract, kpi, period: periods.Period, value: float | None = None,
    numerator: float | None = None, denominator: float | None = None, commentary: str = "",
    at: datetime | None = None, by,
) -> KpiReturn:  # fmt: skip
    """The lead provider's figure for one KPI of the contract and one period. Someone outside
    the lead provider is refused (PermissionDenied) and the attempt is recorded as a breach."""
    check_return_submitter(
        contract=contract, by=by, detail={"kpi": str(kpi.pk), "period": period.label}
    )
    return _submit(contract=contract, kpi=kpi, period=period, value=value, numerator=numerator,
                   denominator=denominator, commentary=commentary, at=at, by=by)  # fmt: skip


@transaction.atomic
def _submit(*, contract, kpi, period, value, numerator, denominator, commentary, at, by):
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    submitted_at = _when(at)
    version = contract.specification_version_id
    if version is None or kpi.specification_version_id != version:
        refuse("That KPI is not one of this contract's.", "kpi")
    problem = period_problems(contract, period, timezone.localdate(submitted_at))
    if problem:
        refuse(problem, "period")
    indicator = kpi.indicator
    problems = outcomes.figure_problems(indicator.value_type, numerator, denominator, value)
    if problems:
        refuse("; ".join(problems).capitalize() + ".", "value")
    standing = contract.kpi_returns.standing().filter(
        kpi=kpi, period_type=period.type, period_start=period.start
    )
    if standing.exists():
        refuse(
            f"A return for {indicator.name} in {period.label} has already been submitted; "
            "a second is accepted only if the first is returned.",
            "period",
        )
    figure = outcomes.figure_value(indicator, numerator, denominator, value)
    kpi_return = KpiReturn.objects.create(
        contract=contract, kpi=kpi, period_type=period.type, period_start=period.start,
        period_end=period.end, numerator=numerator, denominator=denominator, value=figure,
        commentary=commentary.strip(),
        rating=rate(figure, target=kpi.target, target_upper=kpi.target_upper,
                    polarity=indicator.polarity),
        submitted_by=by, submitted_at=submitted_at,
    )  # fmt: skip
    audit.record(
        action="kpi_return.submitted", by=by, obj=kpi_return,
        data={"contract": contract.slug, "indicator": indicator.code, "period": period.label,
              "value": figure, "rating": kpi_return.rating},
    )  # fmt: skip
    return kpi_return


def _period_of(kpi_return: KpiReturn) -> periods.Period:
    return periods.Period(kpi_return.period_type, kpi_return.period_start)


@transaction.atomic
def validate_kpi_return(*, kpi_return: KpiReturn, at: datetime | None = None, by) -> KpiReturn:
    """A commissioner accepts a return: its figure becomes an outcomes observation for the
    provider organisation's subject, and the contract's implementation is published."""
    _require_commissioner(by, "validate a KPI return")
    kpi_return = KpiReturn.objects.select_for_update().get(pk=kpi_return.pk)
    if kpi_return.validated_at or kpi_return.returned_at:
        refuse(f"This return is already {kpi_return.get_status_display().lower()}.")
    contract = kpi_return.contract
    subject = outcomes.subject_for_organisation(organisation=contract.lead_provider, by=by)
    observation = outcomes.record_observation(
        indicator=kpi_return.kpi.indicator, subject=subject, period=_period_of(kpi_return),
        numerator=kpi_return.numerator, denominator=kpi_return.denominator,
        value=None if kpi_return.numerator is not None else kpi_return.value,
        source=f"KPI return for the contract {contract.title}",
        synthetic=contract.synthetic, by=by,
    )  # fmt: skip
    kpi_return.validated_at, kpi_return.reviewed_by = _when(at), by
    kpi_return.observation = observation
    kpi_return.save(update_fields=["validated_at", "reviewed_by", "observation"])
    audit.record(
        action="kpi_return.validated", by=by, obj=kpi_return,
        data={"contract": contract.slug, "observation": str(observation.pk)},
    )  # fmt: skip
    releases.emit(contract.process, tags=["implementation"], by=by)
    return kpi_return


@transaction.atomic
def return_kpi_return(*, kpi_return: KpiReturn, reason: str, at=None, by) -> KpiReturn:
    """A commissioner sends a return back to the provider with the reason; the provider may
    then submit another for the same KPI and period."""
    _require_commissioner(by, "return a KPI return")
    kpi_return = KpiReturn.objects.select_for_update().get(pk=kpi_return.pk)
    if kpi_return.validated_at or kpi_return.returned_at:
        refuse(f"This return is already {kpi_return.get_status_display().lower()}.")
    if not reason.strip():
        refuse("Give the reason for returning it, so the provider can put it right.", "reason")
    kpi_return.returned_at, kpi_return.reviewed_by = _when(at), by
    kpi_return.return_reason = reason.strip()
    kpi_return.save(update_fields=["returned_at", "reviewed_by", "return_reason"])
    audit.record(
        action="kpi_return.returned", by=by, obj=kpi_return,
        data={"contract": kpi_return.contract.slug, "reason": kpi_return.return_reason},
    )  # fmt: skip
    return kpi_return


# Variations and extensions


@transaction.atomic
def record_variation(
    *, contract: Contract, description: str, reason: str, varied_on: date,
    value_change: Decimal = Decimal(0), at=None, by,
) -> Variation:  # fmt: skip
    """Record a change to a live contract: what changed, the change in value, why and when."""
    _require_commissioner(by, "vary a contract")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not description.strip():
        refuse("Say what changed.", "description")
    if not reason.strip():
        refuse("Give the reason for the variation.", "reason")
    if varied_on is None or not contract.starts_on <= varied_on <= contract.ends_on:
        refuse(
            f"A variation takes effect during the term ({contract.starts_on:%-d %B %Y} to "
            f"{contract.ends_on:%-d %B %Y}).",
            "varied_on",
        )
    value_change = value_change or Decimal(0)
    if contract.value + value_change < 0:
        refuse(f"The value cannot fall below £0 (it is £{contract.value:,.2f}).", "value_change")
    if contract.value + value_change >= MAX_VALUE:
        refuse("That would make the value £1 trillion or more: check the figure.", "value_change")
    variation = Variation.objects.create(
        contract=contract, varied_on=varied_on, description=description.strip(),
        value_change=value_change, reason=reason.strip(), recorded_by=by, recorded_at=_when(at),
    )  # fmt: skip
    if value_change:
        contract.value += value_change
        contract.save(update_fields=["value"])
    audit.record(
        action="contract.varied", by=by, obj=contract,
        data={"description": variation.description, "value_change": str(value_change),
              "value": str(contract.value), "reason": variation.reason, "on": varied_on},
    )  # fmt: skip
    releases.emit(contract.process, tags=["contractAmendment"], by=by)
    return variation


@transaction.atomic
def decide_extension(
    *, option: ExtensionOption, exercise: bool, reason: str, decided_on: date | None = None, by
) -> ExtensionOption:  # fmt: skip
    """Exercise an extension option (the contract's end moves on by its length) or decline it,
    with the reason. Options are decided in order; once one is declined no later one can be."""
    _require_commissioner(by, "decide an extension")
    option = ExtensionOption.objects.select_for_update().get(pk=option.pk)
    contract = Contract.objects.select_for_update().get(pk=option.contract_id)
    decided_on = decided_on or timezone.localdate()
    if option.decision != OptionDecision.PENDING:
        refuse(f"Option {option.number} was already {option.get_decision_display().lower()}.")
    earlier = contract.options.filter(number__lt=option.number).exclude(
        decision=OptionDecision.EXERCISED
    )
    if earlier.exists():
        refuse(f"Decide the options in order: option {earlier.first().number} comes first.")
    if not reason.strip():
        refuse("Give the reason for the decision.", "reason")
    if decided_on > contract.ends_on:
        refuse(f"The contract ended on {contract.ends_on:%-d %B %Y}: too late to extend it.",
                "decided_on")  # fmt: skip
    option.decision = OptionDecision.EXERCISED if exercise else OptionDecision.DECLINED
    option.decided_on, option.reason, option.decided_by = decided_on, reason.strip(), by
    option.save(update_fields=["decision", "decided_on", "reason", "decided_by"])
    previous_end = contract.ends_on
    if exercise:
        contract.ends_on = term_end(previous_end + timedelta(days=1), option.length_months)
        contract.save(update_fields=["ends_on"])
    else:
        contract.options.filter(number__gt=option.number).update(
            decision=OptionDecision.DECLINED, decided_on=decided_on, decided_by=by,
            reason=f"Option {option.number} was declined.",
        )  # fmt: skip
    audit.record(
        action="contract.extended" if exercise else "contract.extension_declined", by=by,
        obj=contract,
        data={"option": option.number, "reason": option.reason, "from": previous_end,
              "to": contract.ends_on},
    )  # fmt: skip
    releases.emit(contract.process, tags=["contractAmendment"], by=by)
    return option


# Reminders


@dataclass(frozen=True)
class DueReminder:
    contract: Contract
    kind: str
    about_on: date
    option: ExtensionOption | None = None

    @property
    def key(self) -> str:
        number = self.option.number if self.option else 0
        return f"{self.kind}:{number}:{self.about_on.isoformat()}"


def due_reminders(on: date) -> list[DueReminder]:
    """The reminders due on the day and not yet sent: N days before each live contract's end,
    and M days before each undecided extension option's decision date (N and M per contract)."""
    due = []
    contracts = Contract.objects.filter(ends_on__gte=on).prefetch_related("options", "reminders")
    for contract in contracts:
        sent = {reminder.key for reminder in contract.reminders.all()}
        candidates = [DueReminder(contract, ReminderKind.END, contract.ends_on)]
        candidates += [
            DueReminder(contract, ReminderKind.EXTENSION_DECISION, o.decision_due_on, o)
            for o in contract.options.all()
            if o.decision == OptionDecision.PENDING and o.decision_due_on >= on
        ]
        for reminder in candidates:
            days = (contract.remind_days_before_end if reminder.kind == ReminderKind.END
                    else contract.remind_days_before_decision)  # fmt: skip
            if reminder.about_on - timedelta(days=days) <= on and reminder.key not in sent:
                due.append(reminder)
    return due


def _commissioner_emails() -> list[str]:
    User = get_user_model()
    roles = StaffRoleGrant.objects.filter(role__in=[StaffRole.COMMISSIONER, StaffRole.ADMIN])
    users = User.objects.filter(is_active=True, person__staff_roles__in=roles).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _message(reminder: DueReminder) -> tuple[str, str]:
    contract = reminder.contract
    if reminder.kind == ReminderKind.END:
        subject = f"{contract.title} ends on {contract.ends_on:%-d %B %Y}"
        body = (
            f"The contract {contract.title} with {contract.lead_provider} ends on "
            f"{contract.ends_on:%-d %B %Y}. Decide what follows it: an extension, a new "
            "procurement or a partnership."
        )
    else:
        subject = (
            f"Decide option {reminder.option.number} of {contract.title} by "
            f"{reminder.about_on:%-d %B %Y}"
        )
        body = (
            f"Option {reminder.option.number} to extend {contract.title} by "
            f"{reminder.option.length_months} months must be decided by "
            f"{reminder.about_on:%-d %B %Y}."
        )
    return subject, body


def send_contract_reminders(*, on: date | None = None) -> list[ContractReminder]:
    """Send by email each reminder due and not yet sent, and record it so it is sent once."""
    on = on or timezone.localdate()
    recipients = _commissioner_emails()
    sent = []
    for reminder in due_reminders(on):
        subject, body = _message(reminder)
        try:
            with transaction.atomic():
                record = ContractReminder.objects.create(
                    contract=reminder.contract, kind=reminder.kind, option=reminder.option,
                    about_on=reminder.about_on, key=reminder.key, sent_at=timezone.now(),
                    sent_to=", ".join(recipients),
                )  # fmt: skip
                audit.record(
                    action="contract.reminder_sent", obj=reminder.contract,
                    data={"kind": reminder.kind, "about_on": reminder.about_on,
                          "to": recipients},
                )  # fmt: skip
                if recipients:
                    send_mail(subject, body, None, recipients)
        except IntegrityError:  # another run sent it meanwhile
            continue
        sent.append(record)
    return sent
