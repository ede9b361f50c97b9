"""API routes for commissioning: the contracts register and the providers' KPI returns.

Contracts are public records (each carries its visibility), found through the same queries as
the pages. A contract's KPI returns are read by its parties and the commissioners; the lead
provider submits them. A return attempted by anyone else is refused with a 403 and recorded in
the audit log as a breach; a return that breaks a rule (a period outside the contract, a second
return for the same KPI and period) is a 422 naming the problem, with nothing changed.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination, api_viewer, signed_in_viewer
from joinedup.core.choices import CareSetting
from joinedup.outcomes import periods

from ..choices import (
    CommissioningModel,
    ContractStatus,
    FundingSource,
    KpiReturnStatus,
    OptionDecision,
    PartyRole,
    PerformanceRating,
)
from ..forms.contracts import PERIOD_EXAMPLES, period_type_of
from ..queries import contracts as queries
from ..services import contracts as services

router = Router(tags=["Commissioning"])

WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ContractOrganisationRef(Schema):
    slug: str
    name: str
    size_band: str


class ContractOut(Schema):
    id: uuid.UUID
    slug: str
    title: str
    ocid: str = Field(description="The Open Contracting id of its contracting process.")
    lead_provider: ContractOrganisationRef
    model: CommissioningModel
    care_setting: CareSetting
    value: Decimal = Field(description="In £: the initial term's value plus any variations.")
    starts_on: date
    initial_ends_on: date
    ends_on: date = Field(description="The end as it now stands, after any extensions.")
    status: ContractStatus = Field(description="Derived from the term on today's date.")
    synthetic: bool = Field(description="Generated for the demo: its figures are not real.")

    @staticmethod
    def resolve_ocid(contract) -> str:
        return contract.process.ocid

    @staticmethod
    def resolve_status(contract) -> str:
        return contract.status_on(timezone.localdate())


class PartyOut(Schema):
    organisation: ContractOrganisationRef
    role: PartyRole
    joined_on: date | None
    opted_out_on: date | None


class FundingOut(Schema):
    source: FundingSource
    funder: str
    amount: Decimal


class OptionOut(Schema):
    number: int
    length_months: int
    decision_due_on: date
    decision: OptionDecision
    decided_on: date | None
    reason: str


class VariationOut(Schema):
    varied_on: date
    description: str
    value_change: Decimal
    reason: str


class KpiOut(Schema):
    id: uuid.UUID
    indicator: str = Field(description="The outcomes indicator's code.")
    name: str
    target: float | None
    target_upper: float | None

    @staticmethod
    def resolve_indicator(kpi) -> str:
        return kpi.indicator.code

    @staticmethod
    def resolve_name(kpi) -> str:
        return kpi.indicator.name


class ContractDetailOut(ContractOut):
    buyer: ContractOrganisationRef
    parties: list[PartyOut]
    funding: list[FundingOut]
    options: list[OptionOut]
    variations: list[VariationOut]
    kpis: list[KpiOut]

    @staticmethod
    def resolve_buyer(contract):
        return contract.process.buyer

    @staticmethod
    def resolve_parties(contract):
        return contract.parties.select_related("organisation").order_by("role")

    @staticmethod
    def resolve_funding(contract):
        return contract.funding.all()

    @staticmethod
    def resolve_options(contract):
        return contract.options.all()

    @staticmethod
    def resolve_variations(contract):
        return contract.variations.all()

    @staticmethod
    def resolve_kpis(contract):
        return queries.kpis_of(contract)


class KpiReturnOut(Schema):
    id: uuid.UUID
    contract: str = Field(description="The contract's slug.")
    kpi: uuid.UUID
    indicator: str
    period_type: str
    period_start: date
    period_end: date
    numerator: float | None
    denominator: float | None
    value: float
    commentary: str
    rating: PerformanceRating | None = Field(description="Against the KPI's target, if it has one.")
    status: KpiReturnStatus
    submitted_at: datetime
    validated_at: datetime | None
    returned_at: datetime | None
    return_reason: str

    @staticmethod
    def resolve_contract(kpi_return) -> str:
        return kpi_return.contract.slug

    @staticmethod
    def resolve_kpi(kpi_return):
        return kpi_return.kpi_id

    @staticmethod
    def resolve_indicator(kpi_return) -> str:
        return kpi_return.kpi.indicator.code

    @staticmethod
    def resolve_rating(kpi_return):
        return kpi_return.rating or None


class ContractFilterIn(Schema):
    model: CommissioningModel | None = None
    care_setting: CareSetting | None = None
    status: ContractStatus | None = None


class ReviewIn(Schema):
    decision: Literal["validate", "return"] = Field(
        description="Validate the return (it becomes an outcomes observation), or return it."
    )
    reason: str = Field("", max_length=5000, description="Why it is returned: needed then.")


class KpiReturnIn(Schema):
    indicator: str = Field(max_length=32, description="The KPI's outcomes indicator code.")
    period: str = Field(
        max_length=40, description="The period, as `2025/26 Q1`, `Q2 2025`, `April 2025`, …"
    )
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    commentary: str = Field("", max_length=5000)


@router.get("/commissioning/contracts", response=list[ContractOut], summary="List contracts")
@paginate(Pagination)
def list_contracts(request: HttpRequest, filters: Query[ContractFilterIn]):
    """The contracts register, by title; filter by commissioning model, care setting and
    status (not started, live or ended today)."""
    wanted = queries.RegisterFilters(
        model=filters.model or "", care_setting=filters.care_setting or "",
        status=filters.status or "",
    )  # fmt: skip
    register = queries.register(api_viewer(request), wanted, on=timezone.localdate())
    return register.select_related("process")


@router.get(
    "/commissioning/contracts/{slug}",
    response={200: ContractDetailOut, 404: ErrorOut},
    summary="One contract",
)
def get_contract(request: HttpRequest, slug: str):
    """A contract with its parties, funding, extension options, variations and KPIs."""
    return queries.access_contract(api_viewer(request), slug=slug)


@router.get(
    "/commissioning/contracts/{slug}/kpi-returns",
    response={200: list[KpiReturnOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="A contract's KPI returns",
)
@paginate(Pagination)
def list_kpi_returns(request: HttpRequest, slug: str):
    """Every return of the contract, latest period first: for its parties and commissioners."""
    viewer = signed_in_viewer(request, "read a contract's KPI returns")
    contract = queries.access_contract(viewer, slug=slug)
    if not queries.sees_all_returns(viewer, contract):
        raise HttpError(403, "Only the contract's parties and the commissioners read its returns.")
    return queries.returns_for(viewer, contract).select_related("contract")


@router.post(
    "/commissioning/contracts/{slug}/kpi-returns",
    response={201: KpiReturnOut, **WRITE_ERRORS},
    summary="Submit a KPI return",
)
def submit_kpi_return(request: HttpRequest, slug: str, payload: KpiReturnIn):
    """The lead provider's figure for one KPI of its contract and one period during the
    contract. A commissioner then validates it, when it becomes an outcomes observation."""
    viewer = signed_in_viewer(request, "submit a KPI return")
    contract = queries.access_contract(viewer, slug=slug)
    try:
        services.check_return_submitter(
            contract=contract, by=viewer.user, detail={"indicator": payload.indicator}
        )
    except PermissionDenied as refusal:
        raise HttpError(403, str(refusal)) from refusal
    kpi = next(
        (k for k in queries.kpis_of(contract) if k.indicator.code == payload.indicator), None
    )
    if kpi is None:
        raise HttpError(422, f"'{payload.indicator}' is not a KPI of this contract.")
    kpi_return = services.submit_kpi_return(
        contract=contract, kpi=kpi, period=_period(payload.period, kpi), value=payload.value,
        numerator=payload.numerator, denominator=payload.denominator,
        commentary=payload.commentary, by=viewer.user,
    )  # fmt: skip
    return Status(201, kpi_return)


@router.post(
    "/commissioning/kpi-returns/{return_id}/review",
    response={200: KpiReturnOut, **WRITE_ERRORS},
    summary="Validate or return a KPI return",
)
def review_kpi_return(request: HttpRequest, return_id: uuid.UUID, payload: ReviewIn):
    """A commissioner validates a return awaiting validation (its figure is recorded as an
    outcomes observation of the provider) or returns it to the provider with the reason."""
    viewer = signed_in_viewer(request, "review a KPI return")
    kpi_return = queries.access_kpi_return(viewer, return_id=return_id)
    if not queries.is_commissioner(viewer):
        raise HttpError(403, "Only a commissioner validates or returns a KPI return.")
    if payload.decision == "validate":
        return services.validate_kpi_return(kpi_return=kpi_return, by=viewer.user)
    return services.return_kpi_return(kpi_return=kpi_return, reason=payload.reason, by=viewer.user)


def _period(text: str, kpi) -> periods.Period:
    kind = period_type_of(kpi)
    try:
        return periods.parse_period(text, kind)
    except periods.PeriodError as problem:
        example = PERIOD_EXAMPLES.get(kind, "2025/26 Q1")
        raise HttpError(422, f"{str(problem).capitalize()}: write it like {example}.") from problem
