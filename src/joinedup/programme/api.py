"""API routes for the programme: its structure, the monthly returns, risks, benefits and reports.

Every route starts from the caller (`api_viewer`) and finds records through `programme.access`,
as the pages do, so the two can never disagree: a record the caller may not see is a 404.
Returns are partnership business; of a published report the public gets its public content.
Writes go through `programme.services`, whose refusals come back as a 422 naming the problem,
with nothing changed.
"""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination, api_viewer, one_or_404, signed_in_viewer
from joinedup.core.access import Viewer
from joinedup.core.choices import Visibility
from joinedup.core.models import Organisation
from joinedup.governance.access import visible_bodies

from . import risk_matrix, services
from .access import (
    access_return,
    access_risk,
    can_update_risk,
    sees_full_report,
    visible_benefits,
    visible_projects,
    visible_reports,
    visible_returns,
    visible_risks,
)
from .choices import (
    DIMENSION_UNITS,
    AttestedPart,
    Confidence,
    ConfidenceScale,
    Dimension,
    ProjectRole,
    ProjectStatus,
    Rag,
    RaidStatus,
    ReportKind,
    ReportStatus,
    ReturnStatus,
    RiskCategory,
    RiskLevel,
    RiskResponse,
)
from .models import (
    Attestation,
    MonthlyReturn,
    Programme,
    ProjectRoleAssignment,
    RiskAssessment,
    Workstream,
)

router = Router(tags=["programme"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
TEXT = 10_000


# Output schemas


class BodyRef(Schema):
    slug: str
    name: str


class OrganisationRef(Schema):
    id: uuid.UUID
    slug: str
    name: str


class PersonRef(Schema):
    id: uuid.UUID
    name: str


class ProgrammeRef(Schema):
    slug: str
    name: str


class WorkstreamRef(Schema):
    slug: str
    name: str


class ProjectRef(Schema):
    reference: str
    slug: str
    name: str


class ProgrammeOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    description: str
    board: BodyRef | None = Field(description="The programme board, if you may see it.")
    reports_agreed_by: BodyRef | None = Field(
        description="The body that agrees the reports before publication, if you may see it."
    )
    confidence_scale: ConfidenceScale
    amber_share: Decimal = Field(
        description="The share of a tolerance past which a dimension turns amber."
    )
    risk_grades: dict[str, int] = Field(
        description="The highest risk score of each grade: low, moderate, high, extreme."
    )
    url: str

    @staticmethod
    def resolve_board(programme: Programme) -> object | None:
        return programme.board if programme.board_seen else None

    @staticmethod
    def resolve_reports_agreed_by(programme: Programme) -> object | None:
        return programme.reports_agreed_by if programme.reports_agreed_by_seen else None

    @staticmethod
    def resolve_risk_grades(programme: Programme) -> dict[str, int]:
        grades = programme.risk_grades or risk_matrix.DEFAULT_GRADES
        return {str(name): highest for name, highest in grades.items()}

    @staticmethod
    def resolve_url(programme: Programme) -> str:
        return programme.get_absolute_url()


class TrancheTargetOut(Schema):
    id: uuid.UUID
    description: str
    measure: str
    target_value: Decimal
    unit: str
    due_on: date
    achieved_value: Decimal | None
    narrative: str


class TrancheOut(Schema):
    id: uuid.UUID
    number: int
    name: str
    starts_on: date
    ends_on: date
    frozen_on: date | None = Field(description="When its targets froze; later changes re-baseline.")
    targets: list[TrancheTargetOut]


class WorkstreamOut(Schema):
    slug: str
    name: str
    description: str
    board: BodyRef | None = Field(description="The workstream's board, if you may see it.")

    @staticmethod
    def resolve_board(workstream: Workstream) -> object | None:
        return workstream.board if workstream.board_seen else None


class ProgrammeDetailOut(ProgrammeOut):
    tranches: list[TrancheOut]
    workstreams: list[WorkstreamOut]


class ProjectOut(Schema):
    id: uuid.UUID
    reference: str
    slug: str
    name: str
    programme: ProgrammeRef
    workstream: WorkstreamRef
    lead_organisation: OrganisationRef | None = Field(
        description="The partner that leads it, if you may see that organisation."
    )
    status: ProjectStatus
    visibility: Visibility
    budget: Decimal = Field(description="Whole-life budget.")
    starts_on: date | None
    ends_on: date | None
    synthetic: bool = Field(description="Generated for the demo.")
    url: str

    @staticmethod
    def resolve_programme(project) -> Programme:
        return project.workstream.programme

    @staticmethod
    def resolve_lead_organisation(project) -> Organisation | None:
        return project.lead_organisation if project.lead_organisation_seen else None

    @staticmethod
    def resolve_url(project) -> str:
        return project.get_absolute_url()


class RoleOut(Schema):
    role: ProjectRole
    person: PersonRef


class ObjectiveOut(Schema):
    position: int
    text: str


class MilestoneOut(Schema):
    id: uuid.UUID
    title: str
    baseline_on: date
    forecast_on: date
    actual_on: date | None
    is_key: bool
    slip_days: int = Field(description="Days the forecast (or actual) lies beyond the baseline.")


class ProjectDetailOut(ProjectOut):
    description: str
    partners: list[OrganisationRef] = Field(description="Partners delivering it that you may see.")
    roles: list[RoleOut]
    objectives: list[ObjectiveOut]
    milestones: list[MilestoneOut]


class DimensionOut(Schema):
    dimension: Dimension
    forecast_deviation: Decimal = Field(description="Adverse deviation from plan, in `unit`.")
    tolerance: Decimal = Field(description="The tolerance in force when it was submitted.")
    unit: str
    needs_action: bool
    status: Rag
    commentary: str

    @staticmethod
    def resolve_unit(row) -> str:
        return DIMENSION_UNITS[row.dimension]


class AttestationOut(Schema):
    part: AttestedPart
    person: PersonRef
    statement: str
    at: datetime


class ExceptionReportOut(Schema):
    cause: str
    consequences: str
    options: str
    recommendation: str
    escalation_id: uuid.UUID | None = Field(description="Its escalation to the programme board.")


class ReturnOut(Schema):
    id: uuid.UUID
    project: ProjectRef
    month: date
    due_on: date
    status: ReturnStatus
    overall_status: Rag | None = Field(description="Set when it is submitted.")
    confidence: Confidence | None
    submitted_by: PersonRef | None
    submitted_at: datetime | None
    is_late: bool = Field(description="Submitted after it was due.")

    @staticmethod
    def resolve_month(monthly_return: MonthlyReturn) -> date:
        return monthly_return.round.month

    @staticmethod
    def resolve_due_on(monthly_return: MonthlyReturn) -> date:
        return monthly_return.round.due_on

    @staticmethod
    def resolve_overall_status(monthly_return: MonthlyReturn) -> str | None:
        return monthly_return.overall_status or None

    @staticmethod
    def resolve_confidence(monthly_return: MonthlyReturn) -> str | None:
        return monthly_return.confidence or None


class ReturnDetailOut(ReturnOut):
    overall_override_reason: str
    confidence_narrative: str
    progress: str = Field(description="Progress against objectives.")
    resources_used: str
    spend_to_date: Decimal | None
    achievements: str
    next_milestones: str
    decisions_needed: str
    drafted_by: PersonRef
    dimensions: list[DimensionOut]
    attestations: list[AttestationOut]
    exception_report: ExceptionReportOut | None = Field(
        description="Required when a dimension is forecast to breach its tolerance."
    )

    @staticmethod
    def resolve_exception_report(monthly_return: MonthlyReturn) -> object | None:
        try:
            return monthly_return.exception_report
        except ObjectDoesNotExist:
            return None


class AssessmentOut(Schema):
    likelihood: int
    consequence: int
    score: int
    note: str
    by: PersonRef | None
    at: datetime


class RiskOut(Schema):
    reference: str
    title: str
    programme: ProgrammeRef
    level: RiskLevel
    category: RiskCategory
    project: ProjectRef | None
    workstream: WorkstreamRef | None
    owner: PersonRef
    inherent_score: int
    current_likelihood: int = Field(description="1 rare … 5 almost certain.")
    current_consequence: int = Field(description="1 negligible … 5 catastrophic.")
    current_score: int = Field(description="Likelihood × consequence, 1 to 25.")
    current_grade: risk_matrix.Grade = Field(description="Under the programme's grading.")
    target_score: int
    response: RiskResponse
    review_on: date
    review_overdue: bool = Field(description="Its review date has passed.")
    status: RaidStatus
    escalated: bool = Field(description="Escalated for passing the tolerance of its level.")
    url: str

    @staticmethod
    def resolve_current_grade(risk) -> str:
        grades = risk.programme.risk_grades or risk_matrix.DEFAULT_GRADES
        return risk_matrix.grade(risk.current_score, grades)

    @staticmethod
    def resolve_review_overdue(risk) -> bool:
        return risk.review_on < timezone.localdate()

    @staticmethod
    def resolve_escalated(risk) -> bool:
        return risk.escalation_id is not None

    @staticmethod
    def resolve_url(risk) -> str:
        return risk.get_absolute_url()


class RiskDetailOut(RiskOut):
    cause: str
    event: str
    effect: str
    controls: str
    holders: list[OrganisationRef] = Field(description="The holding partners you may see.")
    inherent_likelihood: int
    inherent_consequence: int
    target_likelihood: int
    target_consequence: int
    target_on: date
    assessments: list[AssessmentOut] = Field(description="Every scoring, oldest first.")


class BenefitOut(Schema):
    id: uuid.UUID
    project: ProjectRef
    description: str
    measure: str
    indicator_code: str = Field(description="The outcomes indicator that measures it, if any.")
    baseline: Decimal
    target: Decimal
    target_on: date
    owner: PersonRef
    needs_reforecast: bool = Field(description="An enabling milestone slipped.")
    reforecast_reason: str


class ProfileOut(Schema):
    month: date
    target: Decimal
    forecast: Decimal
    actual: Decimal | None


class BenefitDetailOut(BenefitOut):
    observable_outcome: str
    attribution: str
    enabled_by: list[MilestoneOut] = Field(description="The milestones that enable it.")
    profile: list[ProfileOut] = Field(description="Monthly target, forecast and actual.")


class TrancheRef(Schema):
    number: int
    name: str


class ReportOut(Schema):
    id: uuid.UUID
    programme: ProgrammeRef
    kind: ReportKind
    title: str
    month: date | None = Field(description="The month of a monthly report.")
    tranche: TrancheRef | None = Field(description="The tranche of an end-of-tranche report.")
    status: ReportStatus
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_url(report) -> str:
        return report.get_absolute_url()


class ReportDetailOut(ReportOut):
    asks_of_board: str = Field(description="What the agreeing body is asked to do.")
    rendering: Literal["full", "public"] = Field(
        description="`public`: the published report's public content, without what is not "
        "public; `full`: the whole report, for partners."
    )
    content: dict | None = Field(description="The report's figures, frozen when published.")

    @staticmethod
    def resolve_rendering(report, context) -> str:
        return "full" if sees_full_report(api_viewer(context["request"]), report) else "public"

    @staticmethod
    def resolve_content(report, context) -> dict | None:
        if sees_full_report(api_viewer(context["request"]), report):
            return report.content
        return report.public_content


# Input schemas


class ProjectFilterIn(Schema):
    programme: str | None = Field(None, max_length=200, description="A programme's slug.")
    workstream: str | None = Field(None, max_length=200, description="A workstream's slug.")
    status: ProjectStatus | None = None


class ReturnFilterIn(Schema):
    project: str | None = Field(None, max_length=20, description="A project's reference.")
    month: date | None = Field(None, description="Any day of the month reported on.")
    status: ReturnStatus | None = None


class RiskFilterIn(Schema):
    programme: str | None = Field(None, max_length=200, description="A programme's slug.")
    level: RiskLevel | None = None
    category: RiskCategory | None = None
    project: str | None = Field(None, max_length=20, description="A project's reference.")
    status: RaidStatus | None = None


class BenefitFilterIn(Schema):
    project: str | None = Field(None, max_length=20, description="A project's reference.")
    needs_reforecast: bool | None = None


class ReportFilterIn(Schema):
    programme: str | None = Field(None, max_length=200, description="A programme's slug.")
    kind: ReportKind | None = None
    status: ReportStatus | None = None


class ForecastIn(Schema):
    deviation: Decimal = Field(
        max_digits=10,
        decimal_places=2,
        description="How far the forecast is from plan, adverse positive, in the dimension's "
        "unit (days late, % over budget, % of scope or benefit short, points of risk score "
        "above appetite); zero or negative when on or ahead of plan.",
    )
    needs_action: bool = Field(False, description="Within tolerance only with action.")
    commentary: str = Field("", max_length=TEXT)


class ForecastsIn(Schema):
    time: ForecastIn
    cost: ForecastIn
    scope_quality: ForecastIn
    benefits: ForecastIn
    risk: ForecastIn


class ExceptionIn(Schema):
    cause: str = Field("", max_length=TEXT)
    consequences: str = Field("", max_length=TEXT)
    options: str = Field("", max_length=TEXT)
    recommendation: str = Field("", max_length=TEXT)


class ReturnIn(Schema):
    month: date = Field(description="Any day of the month reported on.")
    confidence: Confidence = Field(description="Green, amber or red; five-point if so set.")
    confidence_narrative: str = Field(max_length=TEXT)
    progress: str = Field("", max_length=TEXT, description="Progress against objectives.")
    resources_used: str = Field("", max_length=TEXT)
    spend_to_date: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    achievements: str = Field("", max_length=TEXT)
    next_milestones: str = Field("", max_length=TEXT)
    decisions_needed: str = Field("", max_length=TEXT)
    forecasts: ForecastsIn = Field(description="The forecast on every dimension.")
    overall_status: Rag | None = Field(
        None, description="Only to override the worst dimension; give the reason."
    )
    overall_override_reason: str = Field("", max_length=TEXT)
    exception: ExceptionIn | None = Field(
        None, description="Required when a dimension is forecast to breach its tolerance."
    )


class AttestationIn(Schema):
    part: AttestedPart = Field(
        description="`quality` by the clinical lead, `finance` by the finance representative."
    )
    statement: str = Field("", max_length=TEXT)


class RiskAssessmentIn(Schema):
    likelihood: int = Field(ge=1, le=5, description="1 rare … 5 almost certain.")
    consequence: int = Field(ge=1, le=5, description="1 negligible … 5 catastrophic.")
    note: str = Field(min_length=1, max_length=TEXT, description="Why the score moved or stands.")
    review_on: date | None = Field(None, description="The next review; unchanged if not given.")


# Queries: what each route reads, from what the caller may see, with what its output needs.


def _seen(queryset: QuerySet, field: str) -> Exists:
    """Whether the record that `field` points to is in `queryset`, in the same query."""
    return Exists(queryset.filter(pk=OuterRef(field)))


def _organisations(viewer: Viewer) -> QuerySet:
    return Organisation.objects.visible_to(viewer)


def _programmes(viewer: Viewer) -> QuerySet:
    bodies = visible_bodies(viewer)
    return Programme.objects.select_related("board", "reports_agreed_by").annotate(
        board_seen=_seen(bodies, "board_id"),
        reports_agreed_by_seen=_seen(bodies, "reports_agreed_by_id"),
    )


def _programme_structure(viewer: Viewer) -> tuple[Prefetch, ...]:
    workstreams = (
        Workstream.objects.select_related("board")
        .annotate(board_seen=_seen(visible_bodies(viewer), "board_id"))
        .order_by("name")
    )
    return ("tranches__targets", Prefetch("workstreams", queryset=workstreams))


def _projects(viewer: Viewer) -> QuerySet:
    return (
        visible_projects(viewer)
        .select_related("workstream__programme", "lead_organisation")
        .annotate(lead_organisation_seen=_seen(_organisations(viewer), "lead_organisation_id"))
    )


def _project_parts(viewer: Viewer) -> tuple:
    roles = ProjectRoleAssignment.objects.select_related("person__user").order_by("role")
    return (
        Prefetch("partners", queryset=_organisations(viewer).order_by("name")),
        Prefetch("roles", queryset=roles),
        "objectives",
        "milestones",
    )


def _returns(viewer: Viewer) -> QuerySet:
    return visible_returns(viewer).select_related("project", "round", "submitted_by__user")


def _return_detail(viewer: Viewer) -> QuerySet:
    attestations = Prefetch(
        "attestations", queryset=Attestation.objects.select_related("person__user")
    )
    return (
        _returns(viewer)
        .select_related("drafted_by__user", "exception_report")
        .prefetch_related("dimensions", attestations)
    )


def _risks(viewer: Viewer) -> QuerySet:
    return visible_risks(viewer).select_related("programme", "project", "workstream", "owner__user")


def _risk_detail(viewer: Viewer) -> QuerySet:
    assessments = RiskAssessment.objects.select_related("by__user").order_by("at", "pk")
    return _risks(viewer).prefetch_related(
        Prefetch("holders", queryset=_organisations(viewer).order_by("name")),
        Prefetch("assessments", queryset=assessments),
    )


def _benefits(viewer: Viewer) -> QuerySet:
    return visible_benefits(viewer).select_related("project", "owner__user")


def _reports(viewer: Viewer) -> QuerySet:
    return visible_reports(viewer).select_related("programme", "tranche")


# Structure


@router.get("/programmes", response=list[ProgrammeOut], summary="List programmes")
@paginate(Pagination)
def list_programmes(request: HttpRequest):
    return _programmes(api_viewer(request)).order_by("name")


@router.get("/programmes/{slug}", response=ProgrammeDetailOut, summary="One programme")
def get_programme(request: HttpRequest, slug: str):
    """A programme with its tranches and their targets, and its workstreams."""
    viewer = api_viewer(request)
    programmes = _programmes(viewer).prefetch_related(*_programme_structure(viewer))
    return one_or_404(programmes.filter(slug=slug), "No such programme.")


@router.get("/projects", response=list[ProjectOut], summary="List projects")
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilterIn]):
    """The projects you may see, by reference; filter by programme, workstream and status."""
    projects = _projects(api_viewer(request))
    if filters.programme:
        projects = projects.filter(workstream__programme__slug=filters.programme)
    if filters.workstream:
        projects = projects.filter(workstream__slug=filters.workstream)
    if filters.status:
        projects = projects.filter(status=filters.status)
    return projects.order_by("reference")


@router.get("/projects/{reference}", response=ProjectDetailOut, summary="One project")
def get_project(request: HttpRequest, reference: str):
    """A project with its named roles, objectives and milestones."""
    viewer = api_viewer(request)
    projects = _projects(viewer).prefetch_related(*_project_parts(viewer))
    return one_or_404(projects.filter(reference=reference), "No such project.")


# Monthly returns


@router.get("/returns", response=list[ReturnOut], summary="List monthly returns")
@paginate(Pagination)
def list_returns(request: HttpRequest, filters: Query[ReturnFilterIn]):
    """The returns of the projects you may see, newest month first; partnership only."""
    returns = _returns(api_viewer(request))
    if filters.project:
        returns = returns.filter(project__reference=filters.project)
    if filters.month:
        returns = returns.filter(round__month=filters.month.replace(day=1))
    if filters.status:
        returns = returns.filter(status=filters.status)
    return returns.order_by("-round__month", "project__reference")


@router.get("/returns/{return_id}", response=ReturnDetailOut, summary="One monthly return")
def get_return(request: HttpRequest, return_id: uuid.UUID):
    """A return with its status on each dimension, its attestations and any exception report."""
    return one_or_404(_return_detail(api_viewer(request)).filter(pk=return_id), "No such return.")


@router.post(
    "/projects/{reference}/returns",
    response={201: ReturnDetailOut, **WRITE_ERRORS},
    summary="Submit a project's monthly return",
)
def submit_return(request: HttpRequest, reference: str, payload: ReturnIn):
    """Draft and submit the project's return for a month in one call: the project manager
    only. A draft saved on the page is completed, keeping what it says for fields left out.
    Each dimension's status derives from its forecast against the tolerance; a forecast breach
    needs the exception report, which is escalated to the programme board. A submitted return
    never changes."""
    viewer = signed_in_viewer(request, "submit a return")
    project = one_or_404(_projects(viewer).filter(reference=reference), "No such project.")
    fields = payload.model_dump(
        exclude_unset=True, exclude={"month", "forecasts", "overall_status", "exception"}
    )
    submitted = services.file_return(
        project=project,
        month=payload.month,
        forecasts=payload.forecasts.model_dump(),
        overall_status=payload.overall_status,
        exception=payload.exception.model_dump() if payload.exception else None,
        by=viewer.user,
        **fields,
    )
    return Status(201, _return_detail(viewer).get(pk=submitted.pk))


@router.post(
    "/returns/{return_id}/attestations",
    response={201: AttestationOut, **WRITE_ERRORS},
    summary="Attest your part of a return",
)
def attest_return(request: HttpRequest, return_id: uuid.UUID, payload: AttestationIn):
    """The clinical lead vouches for scope, quality and clinical safety; the finance
    representative for cost and resources used. Once each, after submission."""
    viewer = signed_in_viewer(request, "attest a return")
    monthly_return = access_return(viewer, return_id=return_id)
    attestation = services.attest_return(
        monthly_return=monthly_return,
        part=payload.part,
        statement=payload.statement,
        by=viewer.user,
    )
    return Status(201, attestation)


# Risks


@router.get("/risks", response=list[RiskOut], summary="List risks")
@paginate(Pagination)
def list_risks(request: HttpRequest, filters: Query[RiskFilterIn]):
    """The risk register you may see, highest current score first."""
    risks = _risks(api_viewer(request))
    if filters.programme:
        risks = risks.filter(programme__slug=filters.programme)
    if filters.level:
        risks = risks.filter(level=filters.level)
    if filters.category:
        risks = risks.filter(category=filters.category)
    if filters.project:
        risks = risks.filter(project__reference=filters.project)
    if filters.status:
        risks = risks.filter(status=filters.status)
    return risks.order_by("-current_score", "reference")


@router.get("/risks/{reference}", response=RiskDetailOut, summary="One risk")
def get_risk(request: HttpRequest, reference: str):
    """A risk with its cause, event and effect, holders, and every assessment."""
    return one_or_404(
        _risk_detail(api_viewer(request)).filter(reference=reference), "No such risk."
    )


@router.post(
    "/risks/{reference}/assessments",
    response={201: RiskDetailOut, **WRITE_ERRORS},
    summary="Reassess a risk",
)
def reassess_risk(request: HttpRequest, reference: str, payload: RiskAssessmentIn):
    """Score the risk's current likelihood and consequence again, with a note and the next
    review date: its owner or the PMO. A score beyond its level's tolerance escalates."""
    viewer = signed_in_viewer(request, "reassess a risk")
    risk = access_risk(viewer, reference=reference)
    if not can_update_risk(viewer, risk):
        raise HttpError(403, "Only the risk's owner or the PMO reassesses a risk.")
    services.reassess_risk(
        risk=risk,
        likelihood=payload.likelihood,
        consequence=payload.consequence,
        note=payload.note,
        review_on=payload.review_on,
        by=viewer.user,
    )
    return Status(201, _risk_detail(viewer).get(pk=risk.pk))


# Benefits


@router.get("/benefits", response=list[BenefitOut], summary="List benefits")
@paginate(Pagination)
def list_benefits(request: HttpRequest, filters: Query[BenefitFilterIn]):
    """The benefits of the projects you may see; filter by project, or those to re-forecast."""
    benefits = _benefits(api_viewer(request))
    if filters.project:
        benefits = benefits.filter(project__reference=filters.project)
    if filters.needs_reforecast is not None:
        benefits = benefits.filter(needs_reforecast=filters.needs_reforecast)
    return benefits.order_by("project__reference", "target_on", "pk")


@router.get("/benefits/{benefit_id}", response=BenefitDetailOut, summary="One benefit")
def get_benefit(request: HttpRequest, benefit_id: uuid.UUID):
    """A benefit with its monthly profile and the milestones that enable it."""
    benefits = _benefits(api_viewer(request)).prefetch_related("enabled_by", "profile")
    return one_or_404(benefits.filter(pk=benefit_id), "No such benefit.")


# Reports


@router.get("/reports", response=list[ReportOut], summary="List programme reports")
@paginate(Pagination)
def list_reports(request: HttpRequest, filters: Query[ReportFilterIn]):
    """Published reports, newest first; partners also see those in preparation."""
    reports = _reports(api_viewer(request))
    if filters.programme:
        reports = reports.filter(programme__slug=filters.programme)
    if filters.kind:
        reports = reports.filter(kind=filters.kind)
    if filters.status:
        reports = reports.filter(status=filters.status)
    newest_first = (F("published_at").desc(nulls_first=True), F("month").desc(nulls_last=True))
    return reports.order_by(*newest_first, "pk")


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="One programme report")
def get_report(request: HttpRequest, report_id: uuid.UUID):
    """A report with its frozen figures: for the public, the public content of a published
    report; for partners, the whole report."""
    return one_or_404(_reports(api_viewer(request)).filter(pk=report_id), "No such report.")
