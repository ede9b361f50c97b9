"""API routes for the partnership's bodies, meetings, recommendations and decisions, and their
exports as OParl 1.1 and Popolo.

Every route starts from the caller (`api_viewer`) and finds records through
`governance.access`, as the pages do, so the two can never disagree: a record the caller may not
see is a 404, and Part B items and their papers are simply not there for those not allowed.
"""

import uuid
from datetime import date, datetime
from typing import Literal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import model_validator

from joinedup.api_support import ErrorOut, Pagination, api_viewer, one_or_404, signed_in_viewer
from joinedup.core.access import Viewer, access_organisation
from joinedup.core.models import Organisation, Person

from . import links, oparl, popolo, services
from .access import (
    access_body,
    access_meeting,
    access_recommendation,
    can_respond_for,
    can_run_meetings,
    visible_bodies,
    visible_decisions,
    visible_items,
    visible_meetings,
    visible_papers,
    visible_recommendations,
)
from .choices import (
    AttendanceStatus,
    BodyKind,
    DecisionPower,
    ItemCategory,
    ItemPurpose,
    MeetingStatus,
    MembershipRole,
    ReachedBy,
    ResponseStatus,
)
from .models import Addressee, Body, Membership, Recommendation, Response
from .queries import current_terms, latest_responses, responses_prefetch

router = Router(tags=["governance"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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


class ItemRef(Schema):
    id: uuid.UUID
    position: int
    title: str


class TermsOut(Schema):
    version: int
    purpose: str
    functions: str
    out_of_scope: str
    membership_composition: str
    quorum_minimum: int
    quorum_requires_chair: bool
    quorum_rule: str
    cadence: str
    approved_on: date | None
    review_on: date | None


class BodyOut(Schema):
    id: uuid.UUID
    slug: str
    name: str
    short_name: str
    kind: BodyKind
    decision_power: DecisionPower
    reports_to: BodyRef | None = Field(description="The body it reports to, if you may see it.")
    organisation: OrganisationRef | None = Field(
        description="For a partner's own committee: the organisation it belongs to."
    )
    description: str
    url: str

    @staticmethod
    def resolve_reports_to(body: Body) -> Body | None:
        return body.reports_to if body.reports_to_seen else None

    @staticmethod
    def resolve_organisation(body: Body) -> Organisation | None:
        return body.organisation if body.organisation_seen else None

    @staticmethod
    def resolve_url(body: Body) -> str:
        return body.get_absolute_url()


class BodyDetailOut(BodyOut):
    terms_of_reference: TermsOut | None = Field(description="The current version.")

    @staticmethod
    def resolve_terms_of_reference(body: Body):
        return current_terms(body)


class MembershipOut(Schema):
    id: uuid.UUID
    body: BodyRef
    person: PersonRef
    organisation: OrganisationRef | None = Field(description="The organisation represented.")
    role: MembershipRole
    is_voting: bool
    starts_on: date
    ends_on: date | None

    @staticmethod
    def resolve_organisation(seat: Membership) -> Organisation | None:
        return seat.organisation if seat.organisation_seen else None


class MeetingOut(Schema):
    id: uuid.UUID
    body: BodyRef
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    status: MeetingStatus
    cancelled_reason: str
    url: str

    @staticmethod
    def resolve_url(meeting) -> str:
        return meeting.get_absolute_url()


class PaperOut(Schema):
    id: uuid.UUID
    title: str
    file_name: str
    content_type: str
    size: int
    is_confidential: bool
    published_at: datetime | None
    download_url: str

    @staticmethod
    def resolve_download_url(paper) -> str:
        return paper.get_absolute_url()


class AgendaItemOut(Schema):
    id: uuid.UUID
    position: int
    title: str
    description: str
    category: ItemCategory
    purpose: ItemPurpose
    is_confidential: bool = Field(description="Part B: seen only by the body's members.")
    presenter: str | None
    papers: list[PaperOut]

    @staticmethod
    def resolve_presenter(item) -> str | None:
        return item.presenter.name if item.presenter else None


class MeetingDetailOut(MeetingOut):
    items: list[AgendaItemOut] = Field(description="The agenda items you may see, in order.")


class ResponseOut(Schema):
    id: uuid.UUID
    organisation: OrganisationRef
    status: ResponseStatus
    reasons: str
    decided_by: str
    authority: str
    decided_on: date
    minutes_url: str
    recorded_at: datetime


class AddresseeOut(Schema):
    organisation: OrganisationRef
    current_response: ResponseOut | None = Field(description="Its latest response, if any.")


class RecommendationOut(Schema):
    reference: str
    title: str
    body: BodyRef
    meeting_id: uuid.UUID
    reached_by: ReachedBy
    committees_in_common: bool
    issued_at: datetime
    response_due: date | None
    addressees: list[AddresseeOut]
    url: str

    @staticmethod
    def resolve_addressees(recommendation: Recommendation) -> list[dict]:
        current = latest_responses(recommendation)
        return [
            {"organisation": a.organisation, "current_response": current.get(a.organisation_id)}
            for a in recommendation.addressees.all()
        ]

    @staticmethod
    def resolve_url(recommendation: Recommendation) -> str:
        return recommendation.get_absolute_url()


class RecommendationDetailOut(RecommendationOut):
    text: str
    dissent: str
    item: ItemRef
    supersedes: str | None = Field(description="The reference of the recommendation it replaces.")
    responses: list[ResponseOut] = Field(description="Every response, oldest first.")

    @staticmethod
    def resolve_supersedes(recommendation: Recommendation) -> str | None:
        superseded = recommendation.supersedes if recommendation.supersedes_seen else None
        return superseded.reference if superseded else None


class DecisionOut(Schema):
    reference: str
    title: str
    body: BodyRef
    meeting_id: uuid.UUID | None
    decided_on: date
    recommendation: str | None = Field(description="The reference of the recommendation acted on.")
    url: str

    @staticmethod
    def resolve_recommendation(decision) -> str | None:
        acted_on = decision.recommendation if decision.recommendation_seen else None
        return acted_on.reference if acted_on else None

    @staticmethod
    def resolve_url(decision) -> str:
        return decision.get_absolute_url()


class ConcernOut(Schema):
    kind: str = Field(description="`programme.project`, `programme.risk`, `outcomes.indicator`.")
    id: str
    title: str
    url: str


class DecisionDetailOut(DecisionOut):
    text: str
    basis: str
    item: ItemRef | None
    papers: list[PaperOut] = Field(description="The papers it rests on that you may see.")
    concerns: list[ConcernOut] = Field(
        description="The records of other apps it concerns that you may see."
    )
    recorded_at: datetime

    @staticmethod
    def resolve_concerns(decision) -> list[dict]:
        return [
            {"kind": r._meta.label_lower, "id": str(r.pk), "title": str(r),
             "url": r.get_absolute_url()}
            for r in decision.concerned
        ]  # fmt: skip


class AttendanceOut(Schema):
    meeting_id: uuid.UUID
    person: PersonRef
    status: AttendanceStatus


# Input schemas


class BodyFilterIn(Schema):
    kind: BodyKind | None = None


class MembershipFilterIn(Schema):
    current: bool = Field(False, description="Only the memberships current today.")


class BodyAndDatesIn(Schema):
    body: str | None = Field(None, max_length=200, description="A body's slug.")
    from_: date | None = Field(None, alias="from", description="On or after this day.")
    to: date | None = Field(None, description="On or before this day.")

    @model_validator(mode="after")
    def from_before_to(self):
        if self.from_ and self.to and self.from_ > self.to:
            raise ValueError("'from' must not be after 'to'.")
        return self


class RecommendationFilterIn(Schema):
    body: str | None = Field(None, max_length=200, description="A body's slug.")
    status: ResponseStatus | Literal["awaiting"] | None = Field(
        None,
        description="Recommendations with an addressed organisation whose current response "
        "has this status, or that has not responded yet (`awaiting`).",
    )


class ResponseIn(Schema):
    organisation_id: uuid.UUID = Field(description="Your organisation, as addressed.")
    status: ResponseStatus
    reasons: str = Field(min_length=1, max_length=10_000)
    decided_by: str = Field(min_length=1, max_length=200, examples=["Mind Jersey board"])
    authority: str = Field(min_length=1, max_length=200, examples=["Articles of association"])
    decided_on: date
    minutes_url: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")


class AttendanceIn(Schema):
    person_id: uuid.UUID
    status: AttendanceStatus


# Queries: what each route reads, from what the caller may see, with what its output needs.


def _seen(queryset: QuerySet, field: str) -> Exists:
    """Whether the record that `field` points to is in `queryset`, in the same query."""
    return Exists(queryset.filter(pk=OuterRef(field)))


def _bodies(viewer: Viewer) -> QuerySet:
    return (
        visible_bodies(viewer)
        .select_related("reports_to", "organisation")
        .annotate(
            reports_to_seen=_seen(visible_bodies(viewer), "reports_to_id"),
            organisation_seen=_seen(Organisation.objects.visible_to(viewer), "organisation_id"),
        )
    )


def _memberships(viewer: Viewer) -> QuerySet:
    return (
        Membership.objects.filter(body__in=visible_bodies(viewer).values("pk"))
        .select_related("body", "person__user", "organisation")
        .annotate(
            organisation_seen=_seen(Organisation.objects.visible_to(viewer), "organisation_id")
        )
        .order_by("body__name", "starts_on", "person__user__last_name", "pk")
    )


def _agenda(viewer: Viewer) -> Prefetch:
    """A meeting's items that the viewer may see, each with the papers they may see."""
    papers = visible_papers(viewer).select_related("item").order_by("title")
    items = (
        visible_items(viewer)
        .select_related("presenter__user")
        .prefetch_related(Prefetch("papers", queryset=papers))
        .order_by("position")
    )
    return Prefetch("items", queryset=items)


def _recommendations(viewer: Viewer) -> QuerySet:
    return visible_recommendations(viewer).prefetch_related(
        Prefetch("addressees", queryset=Addressee.objects.select_related("organisation")),
        responses_prefetch(),
    )


def _decisions(viewer: Viewer) -> QuerySet:
    return (
        visible_decisions(viewer)
        .select_related("body", "recommendation")
        .annotate(recommendation_seen=_seen(visible_recommendations(viewer), "recommendation_id"))
    )


def _current_responses(status: str) -> QuerySet:
    """The recommendations with an addressee whose latest response has `status`."""
    if status == "awaiting":
        answered = Response.objects.filter(
            recommendation=OuterRef("recommendation"), organisation=OuterRef("organisation")
        )
        return Addressee.objects.filter(~Exists(answered)).values("recommendation")
    newer = Response.objects.filter(
        recommendation=OuterRef("recommendation"),
        organisation=OuterRef("organisation"),
        recorded_at__gt=OuterRef("recorded_at"),
    )
    return Response.objects.filter(~Exists(newer), status=status).values("recommendation")


# Bodies and memberships


@router.get("/bodies", response=list[BodyOut], summary="List bodies")
@paginate(Pagination)
def list_bodies(request: HttpRequest, filters: Query[BodyFilterIn]):
    """The partnership's boards, panels, groups and forums you may see."""
    bodies = _bodies(api_viewer(request))
    return bodies.filter(kind=filters.kind) if filters.kind else bodies


@router.get("/bodies/{slug}", response=BodyDetailOut, summary="One body")
def get_body(request: HttpRequest, slug: str):
    return one_or_404(_bodies(api_viewer(request)).filter(slug=slug), "No such body.")


@router.get("/bodies/{slug}/memberships", response=list[MembershipOut], summary="Its members")
@paginate(Pagination)
def list_body_memberships(request: HttpRequest, slug: str, filters: Query[MembershipFilterIn]):
    """Who sits on the body, for which organisation, in which role: current and past."""
    viewer = api_viewer(request)
    seats = _memberships(viewer).filter(body=access_body(viewer, slug))
    return seats.current_on(timezone.localdate()) if filters.current else seats


# Meetings


@router.get("/meetings", response=list[MeetingOut], summary="List meetings")
@paginate(Pagination)
def list_meetings(request: HttpRequest, filters: Query[BodyAndDatesIn]):
    """Meetings of the bodies you may see, soonest first; filter by body and dates."""
    meetings = visible_meetings(api_viewer(request)).select_related("body")
    if filters.body:
        meetings = meetings.filter(body__slug=filters.body)
    if filters.from_:
        meetings = meetings.filter(starts_at__date__gte=filters.from_)
    if filters.to:
        meetings = meetings.filter(starts_at__date__lte=filters.to)
    return meetings.order_by("starts_at", "pk")


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting")
def get_meeting(request: HttpRequest, meeting_id: uuid.UUID):
    """A meeting with its agenda: the items and papers you may see (Part B only to its
    members), each paper with the link to download it."""
    viewer = api_viewer(request)
    meetings = visible_meetings(viewer).select_related("body").prefetch_related(_agenda(viewer))
    return one_or_404(meetings.filter(pk=meeting_id), "No such meeting.")


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    summary="Record attendance",
)
def record_attendance(request: HttpRequest, meeting_id: uuid.UUID, attendance: AttendanceIn):
    """Record whether someone was at the meeting. Board secretaries only."""
    viewer = signed_in_viewer(request, "record attendance")
    meeting = access_meeting(viewer, meeting_id)
    if not can_run_meetings(viewer):
        raise HttpError(403, "Only a board secretary records attendance.")
    people = Person.objects.visible_to(viewer).select_related("user")
    person = one_or_404(people.filter(pk=attendance.person_id), "No such person.")
    services.record_attendance(
        meeting=meeting, person=person, status=attendance.status, by=viewer.user
    )
    return {"meeting_id": meeting.id, "person": person, "status": attendance.status}


# Recommendations and responses


@router.get("/recommendations", response=list[RecommendationOut], summary="List recommendations")
@paginate(Pagination)
def list_recommendations(request: HttpRequest, filters: Query[RecommendationFilterIn]):
    """The recommendations register, newest first, with each addressee's current response."""
    recommendations = _recommendations(api_viewer(request)).select_related("body")
    if filters.body:
        recommendations = recommendations.filter(body__slug=filters.body)
    if filters.status:
        recommendations = recommendations.filter(pk__in=_current_responses(filters.status))
    return recommendations.order_by("-issued_at", "reference")


@router.get(
    "/recommendations/{reference}",
    response=RecommendationDetailOut,
    summary="One recommendation",
)
def get_recommendation(request: HttpRequest, reference: str):
    """A recommendation with its addressees, each one's current response, and every response
    ever recorded."""
    viewer = api_viewer(request)
    recommendations = (
        _recommendations(viewer)
        .select_related("body", "item", "supersedes")
        .annotate(supersedes_seen=_seen(visible_recommendations(viewer), "supersedes_id"))
    )
    return one_or_404(recommendations.filter(reference=reference), "No such recommendation.")


@router.post(
    "/recommendations/{reference}/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    summary="Record your organisation's response",
)
def record_response(request: HttpRequest, reference: str, payload: ResponseIn):
    """Record your organisation's response to a recommendation addressed to it: accepted,
    accepted with changes, declined, deferred, or revoked after an acceptance."""
    viewer = signed_in_viewer(request, "record a response")
    recommendation = access_recommendation(viewer, reference)
    if not can_respond_for(viewer, payload.organisation_id):
        raise HttpError(403, "You can record responses only for your own organisation.")
    organisation = access_organisation(viewer, pk=payload.organisation_id)
    recorded = services.record_response(
        recommendation=recommendation,
        organisation=organisation,
        status=payload.status,
        reasons=payload.reasons,
        decided_by=payload.decided_by,
        authority=payload.authority,
        decided_on=payload.decided_on,
        minutes_url=payload.minutes_url,
        by=viewer.user,
    )
    return Status(201, recorded)


# Decisions


@router.get("/decisions", response=list[DecisionOut], summary="List decisions")
@paginate(Pagination)
def list_decisions(request: HttpRequest, filters: Query[BodyAndDatesIn]):
    """The decisions register, newest first; filter by body and by the day decided."""
    decisions = _decisions(api_viewer(request))
    if filters.body:
        decisions = decisions.filter(body__slug=filters.body)
    if filters.from_:
        decisions = decisions.filter(decided_on__gte=filters.from_)
    if filters.to:
        decisions = decisions.filter(decided_on__lte=filters.to)
    return decisions.order_by("-decided_on", "-recorded_at", "reference")


@router.get("/decisions/{reference}", response=DecisionDetailOut, summary="One decision")
def get_decision(request: HttpRequest, reference: str):
    """A decision with its basis and the papers it rests on that you may see."""
    viewer = api_viewer(request)
    papers = visible_papers(viewer).select_related("item").order_by("title")
    decisions = (
        _decisions(viewer)
        .select_related("item")
        .prefetch_related(Prefetch("papers", queryset=papers))
    )
    decision = one_or_404(decisions.filter(reference=reference), "No such decision.")
    decision.concerned = links.concerned_records(decision, viewer)
    return decision


# OParl 1.1: the routes are named oparl_<object>, as governance.oparl links to them.

oparl_router = Router()
router.add_router("/oparl", oparl_router, tags=["OParl 1.1"])


def _organizations(viewer: Viewer) -> QuerySet:
    seats = Prefetch("memberships", queryset=Membership.objects.only("id", "body_id"))
    return _bodies(viewer).prefetch_related(seats).order_by("name")


def _oparl_meetings(viewer: Viewer) -> QuerySet:
    return visible_meetings(viewer).select_related("body").prefetch_related(_agenda(viewer))


def _persons(viewer: Viewer) -> QuerySet:
    seats = Prefetch("memberships", queryset=_memberships(viewer), to_attr="seen_memberships")
    members = _memberships(viewer).values("person_id")
    return (
        Person.objects.filter(pk__in=members)
        .select_related("user")
        .prefetch_related(seats)
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _oparl_papers(viewer: Viewer) -> QuerySet:
    return visible_papers(viewer).select_related("item")


def _list(request: HttpRequest, pages: Pagination.Input, *parts) -> dict:
    return oparl.external_list(request, page=pages.page, page_size=pages.page_size, parts=parts)


@oparl_router.get("/system", response=dict, summary="OParl system")
def oparl_system(request: HttpRequest):
    """Where an OParl client starts: the system, which points to the partnership's body."""
    return oparl.system(request)


@oparl_router.get("/bodies", response=dict, summary="OParl bodies")
def oparl_bodies(request: HttpRequest, pages: Query[Pagination.Input]):
    """The list of OParl bodies: the partnership is the one body."""
    return _list(request, pages, ([oparl.body(request)], lambda body: body))


@oparl_router.get("/body", response=dict, summary="OParl body: the partnership")
def oparl_body(request: HttpRequest):
    return oparl.body(request)


@oparl_router.get("/organizations", response=dict, summary="OParl organizations")
def oparl_organizations(request: HttpRequest, pages: Query[Pagination.Input]):
    """The governance bodies you may see, then the partner organisations, past and present."""
    viewer = api_viewer(request)
    return _list(
        request,
        pages,
        (_organizations(viewer), lambda body: oparl.organization(request, body)),
        (
            Organisation.objects.visible_to(viewer).order_by("name"),
            lambda organisation: oparl.partner(request, organisation),
        ),
    )


@oparl_router.get("/organizations/{slug}", response=dict, summary="OParl organization: a body")
def oparl_organization(request: HttpRequest, slug: str):
    body = one_or_404(_organizations(api_viewer(request)).filter(slug=slug), "No such body.")
    return oparl.organization(request, body)


@oparl_router.get("/partners/{slug}", response=dict, summary="OParl organization: a partner")
def oparl_partner(request: HttpRequest, slug: str):
    return oparl.partner(request, access_organisation(api_viewer(request), slug=slug))


@oparl_router.get("/persons", response=dict, summary="OParl persons")
def oparl_persons(request: HttpRequest, pages: Query[Pagination.Input]):
    """The members, current and past, of the bodies you may see: names only."""
    persons = _persons(api_viewer(request))
    return _list(request, pages, (persons, lambda person: oparl.person(request, person)))


@oparl_router.get("/persons/{person_id}", response=dict, summary="OParl person")
def oparl_person(request: HttpRequest, person_id: uuid.UUID):
    person = one_or_404(_persons(api_viewer(request)).filter(pk=person_id), "No such person.")
    return oparl.person(request, person)


@oparl_router.get("/memberships/{membership_id}", response=dict, summary="OParl membership")
def oparl_membership(request: HttpRequest, membership_id: uuid.UUID):
    seats = _memberships(api_viewer(request)).filter(pk=membership_id)
    return oparl.membership(request, one_or_404(seats, "No such membership."))


@oparl_router.get("/meetings", response=dict, summary="OParl meetings")
def oparl_meetings(request: HttpRequest, pages: Query[Pagination.Input]):
    """Meetings with their agenda items and files, soonest first."""
    meetings = _oparl_meetings(api_viewer(request)).order_by("starts_at", "pk")
    return _list(request, pages, (meetings, lambda meeting: oparl.meeting(request, meeting)))


@oparl_router.get("/meetings/{meeting_id}", response=dict, summary="OParl meeting")
def oparl_meeting(request: HttpRequest, meeting_id: uuid.UUID):
    meetings = _oparl_meetings(api_viewer(request)).filter(pk=meeting_id)
    return oparl.meeting(request, one_or_404(meetings, "No such meeting."))


@oparl_router.get("/agendaitems/{item_id}", response=dict, summary="OParl agenda item")
def oparl_agenda_item(request: HttpRequest, item_id: uuid.UUID):
    viewer = api_viewer(request)
    papers = Prefetch("papers", queryset=_oparl_papers(viewer).order_by("title"))
    items = visible_items(viewer).prefetch_related(papers).filter(pk=item_id)
    return oparl.agenda_item(request, one_or_404(items, "No such agenda item."))


@oparl_router.get("/papers", response=dict, summary="OParl papers")
def oparl_papers(request: HttpRequest, pages: Query[Pagination.Input]):
    papers = _oparl_papers(api_viewer(request)).order_by("-uploaded_at", "pk")
    return _list(request, pages, (papers, lambda paper: oparl.paper(request, paper)))


@oparl_router.get("/papers/{paper_id}", response=dict, summary="OParl paper")
def oparl_paper(request: HttpRequest, paper_id: uuid.UUID):
    papers = _oparl_papers(api_viewer(request)).filter(pk=paper_id)
    return oparl.paper(request, one_or_404(papers, "No such paper."))


@oparl_router.get("/files/{paper_id}", response=dict, summary="OParl file: a paper's document")
def oparl_file(request: HttpRequest, paper_id: uuid.UUID):
    papers = _oparl_papers(api_viewer(request)).filter(pk=paper_id)
    return oparl.file(request, one_or_404(papers, "No such file."))


# Popolo


@router.get("/popolo", response=dict, tags=["Popolo"], summary="Bodies and members as Popolo")
def popolo_export(request: HttpRequest):
    """The bodies you may see, their members current and past (names only) and the partner
    organisations they represent, as one Popolo document."""
    viewer = api_viewer(request)
    return popolo.document(
        bodies=_bodies(viewer).order_by("name"), memberships=_memberships(viewer)
    )
