"""API routes for commissioning: procurement. Published notices with their lots, criteria,
documents and timetable; their public questions and answers; a signed-in partner's question;
and a bid, which goes through the same sealed `bid_content` as the pages (403 before the bids
are opened, for everyone but the bidder)."""

import uuid
from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination, api_viewer, one_or_404, signed_in_viewer

from ..queries import procurement as queries
from ..services import procurement as services

router = Router(tags=["Commissioning"])
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NoticeOut(Schema):
    ocid: str
    slug: str
    title: str
    status: str
    service_area: str
    buyer: str
    estimated_value: Decimal | None
    suitable_for_small: bool
    suitable_for_voluntary: bool
    published_at: datetime | None
    clarification_deadline: datetime | None
    submission_deadline: datetime | None


class LotOut(Schema):
    id: uuid.UUID
    number: int
    title: str


class CriterionOut(Schema):
    name: str
    description: str
    weight: int = Field(description="Percentage of the total score; the weights sum to 100.")


class DocumentOut(Schema):
    title: str
    url: str = Field(description="A link, or where to download the uploaded file.")
    content_type: str


class AwardOut(Schema):
    lot: int
    suppliers: list[str]
    value: Decimal | None
    awarded_at: datetime | None
    standstill_ends_at: datetime | None
    final: bool


class NoticeDetailOut(NoticeOut):
    description: str
    route: str
    evaluation_ends_at: datetime | None
    award_planned_at: datetime | None
    standstill_planned_end: datetime | None
    bid_sections: list[str] = Field(description="What a bid must say, by the value band.")
    lots: list[LotOut]
    criteria: list[CriterionOut]
    documents: list[DocumentOut]
    awards: list[AwardOut]


class QuestionOut(Schema):
    id: uuid.UUID
    text: str
    answer: str
    asked_at: datetime
    answered_at: datetime | None


class QuestionIn(Schema):
    text: str = Field(min_length=1, max_length=services.TEXT_LIMIT)


class BidOut(Schema):
    id: uuid.UUID
    notice: str
    lot: int
    lead: str
    members: list[str]
    submitted_at: datetime
    withdrawn_at: datetime | None
    contact_name: str
    contact_email: str
    organisation_summary: str
    approach: str
    experience: str
    social_value: str
    quality_and_safeguarding: str
    financial_standing: str
    price: Decimal


def _notice(process, now) -> dict:
    return {
        "ocid": process.ocid,
        "slug": process.slug,
        "title": process.title,
        "status": process.status(now),
        "service_area": process.service_area.name,
        "buyer": process.buyer.name,
        **{
            name: getattr(process, name)
            for name in (
                "estimated_value",
                "suitable_for_small",
                "suitable_for_voluntary",
                "published_at",
                "clarification_deadline",
                "submission_deadline",
            )
        },  # fmt: skip
    }


@router.get("/commissioning/notices", response=list[NoticeOut], summary="Find a tender")
@paginate(Pagination)
def list_notices(request: HttpRequest):
    """Published notices, those open for bids first (soonest deadline first)."""
    now = timezone.now()
    return [_notice(p, now) for p in queries.find_a_tender(api_viewer(request), now=now)]


def _document_url(request, process, document) -> str:
    if document.url:
        return document.url
    path = reverse("commissioning:document_download", args=[process.slug, document.pk])
    return request.build_absolute_uri(path)


@router.get(
    "/commissioning/notices/{slug}",
    response={200: NoticeDetailOut, 404: ErrorOut},
    summary="One notice",
)
def get_notice(request: HttpRequest, slug: str):
    """A notice with its lots, weighted criteria, documents, timetable and any award. Never a
    bid or a score."""
    process = one_or_404(
        queries.visible_processes(api_viewer(request)).filter(slug=slug), "No such notice."
    )
    awards = process.awards.select_related("lot").prefetch_related("suppliers")
    return {
        **_notice(process, timezone.now()),
        "description": process.description,
        "route": process.route,
        "evaluation_ends_at": process.evaluation_ends_at,
        "award_planned_at": process.award_planned_at,
        "standstill_planned_end": process.standstill_planned_end,
        "bid_sections": list(services.value_band(process.estimated_value).sections),
        "lots": list(process.lots.all()),
        "criteria": list(process.criteria.all()),
        "documents": [
            {
                "title": d.title,
                "url": _document_url(request, process, d),
                "content_type": d.content_type,
            }
            for d in process.documents.all()
        ],  # fmt: skip
        "awards": [
            {
                "lot": a.lot.number,
                "suppliers": [s.name for s in a.suppliers.all()],
                "value": a.value,
                "awarded_at": a.awarded_at,
                "standstill_ends_at": a.standstill_ends_at,
                "final": a.is_final,
            }
            for a in awards
        ],  # fmt: skip
    }


@router.get(
    "/commissioning/notices/{slug}/questions",
    response={200: list[QuestionOut], 404: ErrorOut},
    summary="A notice's questions and answers",
)
def list_questions(request: HttpRequest, slug: str):
    """The answered clarification questions, for everyone; who asked is never published."""
    process = one_or_404(
        queries.visible_processes(api_viewer(request)).filter(slug=slug), "No such notice."
    )
    return list(queries.public_questions(process))


@router.post(
    "/commissioning/notices/{slug}/questions",
    response={201: QuestionOut, **WRITE_ERRORS},
    summary="Ask a clarification question",
)
def ask_question(request: HttpRequest, slug: str, payload: QuestionIn):
    """A signed-in partner asks a question, until the clarification deadline. It is published
    with its answer; who asked is not."""
    viewer = signed_in_viewer(request, "ask a question")
    if not viewer.is_partner or viewer.person_id is None:
        raise HttpError(403, "Only people of partner organisations can ask questions.")
    process = one_or_404(queries.visible_processes(viewer).filter(slug=slug), "No such notice.")
    person = viewer.user.person
    question = services.ask_question(process=process, text=payload.text, person=person)
    return Status(201, question)


@router.get(
    "/commissioning/bids/{bid_id}",
    response={200: BidOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One bid (sealed until opened)",
)
def get_bid(request: HttpRequest, bid_id: uuid.UUID):
    """Your own organisation's bid at any time; for the commissioner and the evaluators, a bid
    once the bids are opened after the submission deadline. An earlier attempt is a 403 and is
    recorded in the audit log."""
    viewer = signed_in_viewer(request, "read a bid")
    try:
        bid = queries.bid_content(viewer, bid_id)
    except queries.BidSealed as sealed:
        raise HttpError(403, str(sealed)) from sealed
    return {
        "id": bid.pk,
        "notice": bid.process.slug,
        "lot": bid.lot.number,
        "lead": bid.lead.name,
        "members": [
            m.organisation.name
            for m in bid.members.order_by("organisation__name").select_related("organisation")
        ],
        **{
            name: getattr(bid, name)
            for name in (
                "submitted_at",
                "withdrawn_at",
                "contact_name",
                "contact_email",
                "price",
                *services.BID_SECTIONS,
            )
        },  # fmt: skip
    }
