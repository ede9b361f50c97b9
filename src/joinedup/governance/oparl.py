"""The partnership's meetings, agenda items, papers and memberships as OParl 1.1 objects.

OParl (https://oparl.org) is the open standard for council information systems. In its terms the
whole partnership is one Body; each of our governance bodies is an Organization, and so is each
partner organisation that members represent (`organizationType` tells them apart); a paper is a
Paper whose document is a File with the same id. References are absolute URLs of the API's
`/oparl/` routes, which are named `api:oparl_<object>`.

The builders here only shape records into plain dicts. The routes in `api.py` find the records
through `governance.access`, so what a caller may see is decided there and nowhere else, and
load them with everything a builder reads, so a list costs the same number of queries however
long it is.
"""

from datetime import date, datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import Organisation, Person

from .choices import MeetingStatus
from .models import AgendaItem, Body, Meeting, Membership, Paper

OPARL_VERSION = "https://schema.oparl.org/1.1/"


def link(request: HttpRequest, name: str, **kwargs) -> str:
    """The absolute URL of one of the OParl routes."""
    return request.build_absolute_uri(reverse(f"api:oparl_{name}", kwargs=kwargs))


def _type(name: str) -> str:
    return f"{OPARL_VERSION}{name}"


def _datetime(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


def _date(value: date | datetime | None) -> str | None:
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return value.isoformat() if value else None


def _compact(obj: dict) -> dict:
    """OParl leaves out a property it has no value for rather than sending null or ''."""
    return {key: value for key, value in obj.items() if value not in (None, "")}


def system(request: HttpRequest) -> dict:
    return _compact(
        {
            "id": link(request, "system"),
            "type": _type("System"),
            "oparlVersion": OPARL_VERSION,
            "body": link(request, "bodies"),
            "name": f"{settings.JOINEDUP_PARTNERSHIP_NAME} on Joined Up",
            "website": request.build_absolute_uri("/"),
        }
    )


def body(request: HttpRequest) -> dict:
    """The partnership as a whole: OParl's Body, whose Organizations are our bodies."""
    return {
        "id": link(request, "body"),
        "type": _type("Body"),
        "system": link(request, "system"),
        "name": settings.JOINEDUP_PARTNERSHIP_NAME,
        "classification": "Health and care partnership",
        "website": request.build_absolute_uri("/"),
        "organization": link(request, "organizations"),
        "person": link(request, "persons"),
        "meeting": link(request, "meetings"),
        "paper": link(request, "papers"),
        "legislativeTerm": [],
    }


def organization(request: HttpRequest, governance_body: Body) -> dict:
    """A governance body. Needs `memberships` prefetched and `reports_to_seen` annotated."""
    parent = governance_body.reports_to if governance_body.reports_to_seen else None
    return _compact(
        {
            "id": link(request, "organization", slug=governance_body.slug),
            "type": _type("Organization"),
            "body": link(request, "body"),
            "name": governance_body.name,
            "shortName": governance_body.short_name,
            "organizationType": "governance body",
            "classification": governance_body.get_kind_display(),
            "membership": [
                link(request, "membership", membership_id=m.id)
                for m in governance_body.memberships.all()
            ],
            "subOrganizationOf": (
                link(request, "organization", slug=parent.slug) if parent else None
            ),
            "web": request.build_absolute_uri(governance_body.get_absolute_url()),
        }
    )


def partner(request: HttpRequest, organisation: Organisation) -> dict:
    """A partner organisation, which members of our bodies represent."""
    return _compact(
        {
            "id": link(request, "partner", slug=organisation.slug),
            "type": _type("Organization"),
            "body": link(request, "body"),
            "name": organisation.name,
            "shortName": organisation.short_name,
            "organizationType": "partner organisation",
            "classification": organisation.get_kind_display(),
            "website": organisation.website,
            "web": request.build_absolute_uri(organisation.get_absolute_url()),
        }
    )


def membership(request: HttpRequest, seat: Membership) -> dict:
    """A seat on a body. Needs `body`, `organisation` and `organisation_seen` loaded."""
    on_behalf_of = seat.organisation if seat.organisation_seen else None
    return _compact(
        {
            "id": link(request, "membership", membership_id=seat.id),
            "type": _type("Membership"),
            "person": link(request, "person", person_id=seat.person_id),
            "organization": link(request, "organization", slug=seat.body.slug),
            "role": seat.get_role_display(),
            "votingRight": seat.is_voting,
            "startDate": _date(seat.starts_on),
            "endDate": _date(seat.ends_on),
            "onBehalfOf": link(request, "partner", slug=on_behalf_of.slug)
            if on_behalf_of
            else None,
        }
    )


def person(request: HttpRequest, member: Person) -> dict:
    """A member of a body: the name only, never contact details. Needs `seen_memberships`."""
    return _compact(
        {
            "id": link(request, "person", person_id=member.id),
            "type": _type("Person"),
            "body": link(request, "body"),
            "name": member.name,
            "familyName": member.user.last_name,
            "givenName": member.user.first_name,
            "membership": [membership(request, seat) for seat in member.seen_memberships],
        }
    )


def meeting(request: HttpRequest, governance_meeting: Meeting) -> dict:
    """A meeting with the agenda items the caller may see (`items` prefetched, with papers)."""
    return _compact(
        {
            "id": link(request, "meeting", meeting_id=governance_meeting.id),
            "type": _type("Meeting"),
            "name": governance_meeting.title,
            "meetingState": governance_meeting.get_status_display(),
            "cancelled": governance_meeting.status == MeetingStatus.CANCELLED,
            "start": _datetime(governance_meeting.starts_at),
            "end": _datetime(governance_meeting.ends_at),
            "organization": [link(request, "organization", slug=governance_meeting.body.slug)],
            "agendaItem": [agenda_item(request, item) for item in governance_meeting.items.all()],
            "web": request.build_absolute_uri(governance_meeting.get_absolute_url()),
        }
    )


def agenda_item(request: HttpRequest, item: AgendaItem) -> dict:
    """An agenda item with its papers' files (`papers` prefetched with what the caller may see)."""
    return {
        "id": link(request, "agenda_item", item_id=item.id),
        "type": _type("AgendaItem"),
        "meeting": link(request, "meeting", meeting_id=item.meeting_id),
        "number": str(item.position),
        "order": item.position,
        "name": item.title,
        "public": not item.is_confidential,
        "auxiliaryFile": [file(request, paper) for paper in item.papers.all()],
    }


def paper(request: HttpRequest, governance_paper: Paper) -> dict:
    return _compact(
        {
            "id": link(request, "paper", paper_id=governance_paper.id),
            "type": _type("Paper"),
            "body": link(request, "body"),
            "name": governance_paper.title,
            "date": _date(governance_paper.published_at or governance_paper.uploaded_at),
            "paperType": "Board paper",
            "mainFile": file(request, governance_paper),
            "web": request.build_absolute_uri(governance_paper.get_absolute_url()),
        }
    )


def file(request: HttpRequest, governance_paper: Paper) -> dict:
    """A paper's document. Needs `item` loaded (it is, when papers are prefetched from items)."""
    download = request.build_absolute_uri(governance_paper.get_absolute_url())
    return _compact(
        {
            "id": link(request, "file", paper_id=governance_paper.id),
            "type": _type("File"),
            "name": governance_paper.title,
            "fileName": governance_paper.file_name,
            "mimeType": governance_paper.content_type,
            "size": governance_paper.size,
            "date": _date(governance_paper.published_at or governance_paper.uploaded_at),
            "accessUrl": download,
            "downloadUrl": download,
            "meeting": [link(request, "meeting", meeting_id=governance_paper.item.meeting_id)],
            "agendaItem": [link(request, "agenda_item", item_id=governance_paper.item_id)],
            "paper": [link(request, "paper", paper_id=governance_paper.id)],
        }
    )


def external_list(request: HttpRequest, *, page: int, page_size: int, parts) -> dict:
    """One page of an OParl list drawn from (rows, builder) parts in turn, with the
    pagination block and the links a client follows to the other pages."""
    counts = [rows.count() if isinstance(rows, QuerySet) else len(rows) for rows, _ in parts]
    total = sum(counts)
    pages = max(1, -(-total // page_size))
    if page > pages:
        raise Http404(f"There is no page {page}: there are {pages} pages.")
    data = _slice(parts, counts, offset=(page - 1) * page_size, limit=page_size)

    def page_link(number: int) -> str:
        return request.build_absolute_uri(f"{request.path}?page={number}&page_size={page_size}")

    links = {"first": page_link(1), "self": page_link(page), "last": page_link(pages)}
    if page > 1:
        links["prev"] = page_link(page - 1)
    if page < pages:
        links["next"] = page_link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": page_size,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


def _slice(parts, counts: list[int], *, offset: int, limit: int) -> list[dict]:
    data = []
    for (rows, build), count in zip(parts, counts, strict=True):
        if offset >= count:
            offset -= count
            continue
        data += [build(row) for row in rows[offset : offset + limit - len(data)]]
        offset = 0
        if len(data) == limit:
            break
    return data
