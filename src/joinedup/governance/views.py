"""Pages of the partnership's public record: its bodies, meetings and papers, the registers of
recommendations and decisions (and the oversight bodies' register of recommendations to the
Minister), the action log, escalations, and each member's register of interests. Every page
shows only what the viewer may see: a Part B item, a confidential paper, and anything made on
them, appear only to the body's members, board secretaries and admins."""

from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET, require_safe

from joinedup.core import related
from joinedup.core.access import Viewer, request_viewer
from joinedup.core.choices import Visibility
from joinedup.core.models import Organisation, Person
from joinedup.core.pagination import other_pages_query, page_of

from . import access, links, markdown, queries
from .choices import ActionStatus, BodyKind, EscalationStatus, MembershipRole
from .models import (
    Action,
    Addressee,
    Body,
    Declaration,
    Escalation,
    Minutes,
    Paper,
    Recommendation,
)
from .registers import consolidated_state, deadline, hierarchy

RECENT = 10  # how many meetings, recommendations and decisions a body's page lists
WHEN = {"upcoming": "Upcoming meetings", "past": "Past meetings"}
ROLE_ORDER = {role: index for index, role in enumerate(MembershipRole.values)}
# The bodies that hold the executive to account, whose recommendations have their own register.
OVERSIGHT = (BodyKind.INDEPENDENT_OVERSIGHT, BodyKind.SCRUTINY)


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    placed = hierarchy(list(access.visible_bodies(viewer)))
    return render(request, "governance/body_list.html", {"placed": placed})


@require_GET
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    body = access.access_body(viewer, slug)
    bodies = access.visible_bodies(viewer)
    reports_to = bodies.filter(pk=body.reports_to_id).first() if body.reports_to_id else None
    today, now = timezone.localdate(), timezone.now()
    members = _members_of(viewer, body)
    meetings = access.visible_meetings(viewer).filter(body=body).select_related("body")
    context = {
        "body": body,
        "organisation_shown": body.organisation_id is not None
        and Organisation.objects.visible_to(viewer).filter(pk=body.organisation_id).exists(),
        "reports_to": reports_to,
        "reporting_bodies": bodies.filter(reports_to=body),
        **_terms_in_force(body, reports_to, today),
        "current_members": [m for m in members if m.ends_on is None or m.ends_on >= today],
        "past_members": [m for m in members if m.ends_on is not None and m.ends_on < today],
        "upcoming_meetings": meetings.filter(ends_at__gte=now).order_by("starts_at")[:RECENT],
        "past_meetings": meetings.filter(ends_at__lt=now).order_by("-starts_at")[:RECENT],
        "recommendations": _with_states(recommendation_register(viewer).filter(body=body)[:RECENT]),
        "decisions": _register_of_decisions(viewer).filter(body=body)[:RECENT],
        "escalations": _overdue_marked(
            _escalations(viewer).filter(Q(from_body=body) | Q(to_body=body))[:RECENT]
        ),
        "forward_plan": body.forward_plan.filter(scheduled_item__isnull=True).order_by(
            "board_number", "position"
        ),
        "can_plan": access.is_secretary_of(viewer, body),
        "today": today,
    }
    return render(request, "governance/body_detail.html", context)


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    when = request.GET.get("when", "upcoming")
    if when not in WHEN:
        return _bad_request(request, f"There is no '{when}' list: choose upcoming or past.")
    bodies = list(access.visible_bodies(viewer).only("pk", "name", "slug"))
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no body '{slug}' to show the meetings of.")
    meetings = access.visible_meetings(viewer).select_related("body")
    if chosen is not None:
        meetings = meetings.filter(body=chosen)
    now = timezone.now()
    if when == "upcoming":
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at")
    else:
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at")
    context = {
        "page": page_of(request, meetings),
        "query": other_pages_query(request),
        "when": when,
        "when_choices": WHEN,
        "bodies": bodies,
        "chosen": chosen,
    }
    return render(request, "governance/meeting_list.html", context)


@require_GET
def meeting_detail(request: HttpRequest, meeting_id) -> HttpResponse:
    viewer = request_viewer(request)
    meeting = access.access_meeting(viewer, meeting_id)
    sees_confidential = _sees_confidential_business(viewer, meeting.body)
    items = list(_agenda(viewer, meeting))
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_at").first()
    if minutes is not None and not (minutes.is_approved or sees_confidential):
        minutes = None
    context = {
        "meeting": meeting,
        "items": items,
        "hidden_items": meeting.items.filter(is_confidential=True).count()
        - sum(item.is_confidential for item in items),
        "declarations": [d for item in items for d in item.declarations.all()],
        "attendance": meeting.attendance.select_related("person__user", "person__organisation")
        .annotate(
            person_shown=_shown(viewer, Person, "person"),
            organisation_shown=_shown(viewer, Organisation, "person__organisation"),
        )
        .order_by("status", Lower("person__user__last_name")),
        "minutes": minutes,
        "minutes_html": markdown.render(minutes.text) if minutes else "",
        "today": timezone.localdate(),
        "recommendations": access.visible_recommendations(viewer).filter(meeting=meeting),
        "decisions": access.visible_decisions(viewer).filter(meeting=meeting),
        "escalations": _overdue_marked(_escalations(viewer).filter(meeting=meeting)),
        "actions": _overdue_marked(
            access.visible_actions(viewer)
            .filter(meeting=meeting)
            .select_related("owner__user", "item")
            .annotate(owner_shown=_shown(viewer, Person, "owner"))
        ),
    }
    return render(request, "governance/meeting_detail.html", context)


@require_safe
def paper_download(request: HttpRequest, paper_id) -> FileResponse:
    viewer = request_viewer(request)
    paper = access.access_paper(viewer, paper_id)
    body = Body.objects.filter(meetings__items__papers=paper).only("visibility").get()
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file of this paper is missing.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=_download_name(paper), content_type=paper.content_type
    )
    response["Cache-Control"] = _paper_cache_control(paper, body)
    return response


@require_GET
def recommendation_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    bodies = list(access.visible_bodies(viewer).only("pk", "name", "slug"))
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no body '{slug}' to show the recommendations of.")
    recommendations = recommendation_register(viewer)
    if chosen is not None:
        recommendations = recommendations.filter(body=chosen)
    page = page_of(request, recommendations)
    context = {
        "page": page,
        "rows": _with_states(page.object_list),
        "query": other_pages_query(request),
        "bodies": bodies,
        "chosen": chosen,
        "today": timezone.localdate(),
    }
    return render(request, "governance/recommendation_list.html", context)


@require_GET
def recommendation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    viewer = request_viewer(request)
    found = access.access_recommendation(viewer, reference)
    recommendation = recommendation_register(viewer).get(pk=found.pk)
    visible = access.visible_recommendations(viewer)
    state = consolidated_state(recommendation)
    names = {standing.organisation.pk: standing.name for standing in state.standings}
    context = {
        "recommendation": recommendation,
        "state": state,
        "standings": [
            (s, markdown.safe_url(getattr(s.response, "minutes_url", ""))) for s in state.standings
        ],
        "history": [
            (response, names[response.organisation_id], markdown.safe_url(response.minutes_url))
            for response in recommendation.responses.all()
        ],
        "supersedes": visible.filter(pk=recommendation.supersedes_id).first()
        if recommendation.supersedes_id
        else None,
        "superseded_by": visible.filter(supersedes=recommendation).order_by("issued_at"),
        "decisions": access.visible_decisions(viewer).filter(recommendation=recommendation),
        "today": timezone.localdate(),
        "can_respond": viewer.organisation_id is not None
        and recommendation.addressees.filter(organisation_id=viewer.organisation_id).exists(),
        "related_sections": related.sections([recommendation], viewer),
    }
    return render(request, "governance/recommendation_detail.html", context)


@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    bodies = list(access.visible_bodies(viewer).only("pk", "name", "slug"))
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no body '{slug}' to show the decisions of.")
    decisions = _register_of_decisions(viewer)
    if chosen is not None:
        decisions = decisions.filter(body=chosen)
    context = {
        "page": page_of(request, decisions),
        "query": other_pages_query(request),
        "bodies": bodies,
        "chosen": chosen,
    }
    return render(request, "governance/decision_list.html", context)


@require_GET
def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    viewer = request_viewer(request)
    found = access.access_decision(viewer, reference)
    decision = _register_of_decisions(viewer).select_related("item").get(pk=found.pk)
    recommendation = (
        access.visible_recommendations(viewer)
        .filter(pk=decision.recommendation_id)
        .select_related("body")
        .first()
        if decision.recommendation_id
        else None
    )
    papers = list(access.visible_papers(viewer).filter(decisions=decision).order_by("title"))
    context = {
        "decision": decision,
        "papers": papers,
        "recommendation": recommendation,
        "concerns": links.concerned_records(decision, viewer),
        "related_sections": related.sections([decision, recommendation, *papers], viewer),
    }
    return render(request, "governance/decision_detail.html", context)


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    status = request.GET.get("status", "")
    if status and status not in ActionStatus.values:
        return _bad_request(request, f"There is no action status '{status}'.")
    bodies = list(access.visible_bodies(viewer).only("pk", "name", "slug"))
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no body '{slug}' to show the actions of.")
    actions = (
        access.visible_actions(viewer)
        .select_related("owner__user", "meeting__body", "item")
        .annotate(owner_shown=_shown(viewer, Person, "owner"))
    )
    if status:
        actions = actions.filter(status=status)
    if chosen is not None:
        actions = actions.filter(meeting__body=chosen)
    page = page_of(request, actions.order_by("due_on", "title"))
    context = {
        "page": page,
        "rows": _overdue_marked(page.object_list),
        "query": other_pages_query(request),
        "bodies": bodies,
        "chosen": chosen,
        "status": status,
        "statuses": ActionStatus.choices,
    }
    return render(request, "governance/action_list.html", context)


@require_GET
def escalation_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    status = request.GET.get("status", "")
    if status and status not in EscalationStatus.values:
        return _bad_request(request, f"There is no escalation status '{status}'.")
    bodies = list(access.visible_bodies(viewer).only("pk", "name", "slug"))
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no body '{slug}' to show the escalations of.")
    escalations = _escalations(viewer)
    if status:
        escalations = escalations.filter(status=status)
    if chosen is not None:
        escalations = escalations.filter(Q(from_body=chosen) | Q(to_body=chosen))
    page = page_of(request, escalations)
    context = {
        "page": page,
        "rows": _overdue_marked(page.object_list),
        "query": other_pages_query(request),
        "bodies": bodies,
        "chosen": chosen,
        "status": status,
        "statuses": EscalationStatus.choices,
    }
    return render(request, "governance/escalation_list.html", context)


@require_GET
def escalation_detail(request: HttpRequest, escalation_id) -> HttpResponse:
    viewer = request_viewer(request)
    escalation = access.access_escalation(viewer, escalation_id)
    context = {
        "escalation": escalation,
        "overdue": escalation.is_overdue(timezone.localdate()),
        "can_respond": escalation.status != EscalationStatus.RESOLVED
        and access.can_respond_to_escalation(viewer, escalation),
    }
    return render(request, "governance/escalation_detail.html", context)


@require_GET
def interest_list(request: HttpRequest, person_id) -> HttpResponse:
    """A member's register of interests: their standing interests, and what they declared on
    the agenda items the viewer may see."""
    viewer = request_viewer(request)
    person = access.access_member(viewer, person_id)
    declarations = (
        Declaration.objects.filter(
            person=person, item__in=access.visible_items(viewer).values("pk")
        )
        .select_related("item__meeting__body", "interest")
        .order_by("-item__meeting__starts_at", "item__position")
    )
    seats = (
        person.memberships.filter(body__in=access.visible_bodies(viewer).values("pk"))
        .select_related("body")
        .order_by("-starts_on")
    )
    context = {
        "person": person,
        "organisation_shown": person.organisation_id is not None
        and Organisation.objects.visible_to(viewer).filter(pk=person.organisation_id).exists(),
        "interests": person.interests.order_by("-starts_on", "description"),
        "declarations": declarations,
        "seats": seats,
        "can_register": access.can_register_interest(viewer, person),
        "today": timezone.localdate(),
    }
    return render(request, "governance/interest_list.html", context)


@require_GET
def oversight_recommendation_list(request: HttpRequest) -> HttpResponse:
    """The Independent Oversight Board's and Scrutiny's recommendations to the Minister, with
    when the executive must respond and what it said."""
    viewer = request_viewer(request)
    bodies = list(
        access.visible_bodies(viewer).filter(kind__in=OVERSIGHT).only("pk", "name", "slug")
    )
    chosen, slug = _chosen(bodies, request), request.GET.get("body", "")
    if slug and chosen is None:
        return _bad_request(request, f"There is no oversight body '{slug}' to show.")
    recommendations = recommendation_register(viewer).filter(body__kind__in=OVERSIGHT)
    if chosen is not None:
        recommendations = recommendations.filter(body=chosen)
    page = page_of(request, recommendations)
    today = timezone.localdate()
    rows = [
        (recommendation, state, deadline(recommendation.response_due, state, today))
        for recommendation, state in _with_states(page.object_list)
    ]
    context = {
        "page": page,
        "rows": rows,
        "query": other_pages_query(request),
        "bodies": bodies,
        "chosen": chosen,
    }
    return render(request, "governance/oversight_recommendation_list.html", context)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "400.html", {"exception": message}, status=400)


def _chosen(bodies: list[Body], request: HttpRequest) -> Body | None:
    """The body a list is filtered to, from `?body=<slug>`, if the viewer may see it."""
    slug = request.GET.get("body", "")
    return next((body for body in bodies if body.slug == slug), None)


def _sees_confidential_business(viewer: Viewer, body: Body) -> bool:
    """Whether the viewer may see the body's Part B business (and its draft minutes)."""
    if access.sees_all_confidential(viewer):
        return True
    return (
        viewer.person_id is not None
        and access.member_body_ids(viewer).filter(body_id=body.pk).exists()
    )


def _shown(viewer: Viewer, model, field: str) -> Exists:
    """Whether the viewer may see the person or organisation `field` points to, and so may
    read its name on this page."""
    return Exists(model.objects.visible_to(viewer).filter(pk=OuterRef(field)))


def _overdue_marked(records) -> list[tuple[Action | Escalation, bool]]:
    """Actions or escalations, each with whether it is overdue today."""
    today = timezone.localdate()
    return [(record, record.is_overdue(today)) for record in records]


def _escalations(viewer: Viewer) -> QuerySet:
    return (
        access.visible_escalations(viewer)
        .select_related("from_body", "to_body")
        .order_by("-raised_on", "subject")
    )


def _members_of(viewer: Viewer, body: Body) -> list:
    """The body's memberships, chair first, by role then name."""
    memberships = body.memberships.select_related("person__user", "organisation").annotate(
        person_shown=_shown(viewer, Person, "person"),
        organisation_shown=_shown(viewer, Organisation, "organisation"),
    )
    return sorted(
        memberships,
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.person.user.last_name, m.starts_on),
    )


def _terms_in_force(body: Body, reports_to: Body | None, today) -> dict:
    """The terms of reference in force, the versions before them, and the meeting that
    approved them if it is of a body this page may show (the body or its visible parent)."""
    found = queries.current_terms(body, on=today)
    if found is None:
        return {"terms": None, "earlier_terms": [], "approved_at": None}
    versions = body.terms_of_reference.select_related("approved_at")
    terms = next(version for version in versions if version.pk == found.pk)
    shown = {body.pk, getattr(reports_to, "pk", None)}
    approved_at = terms.approved_at
    return {
        "terms": terms,
        "earlier_terms": [version for version in versions if version.version < terms.version],
        "approved_at": approved_at if approved_at and approved_at.body_id in shown else None,
    }


def _agenda(viewer: Viewer, meeting) -> QuerySet:
    """The items of a meeting the viewer may see, in order, with their papers and declarations."""
    return (
        access.visible_items(viewer)
        .filter(meeting=meeting)
        .select_related("presenter__user")
        .annotate(presenter_shown=_shown(viewer, Person, "presenter"))
        .prefetch_related(
            Prefetch(
                "papers",
                queryset=access.visible_papers(viewer).order_by("title"),
                to_attr="visible_papers",
            ),
            Prefetch(
                "declarations",
                queryset=Declaration.objects.select_related("person__user")
                .annotate(person_shown=_shown(viewer, Person, "person"))
                .order_by("pk"),
            ),
        )
        .order_by("position")
    )


def recommendation_register(viewer: Viewer) -> QuerySet:
    """Visible recommendations, newest first, loaded for their consolidated state (the feed
    uses it too)."""
    addressees = Addressee.objects.select_related("organisation").annotate(
        organisation_shown=_shown(viewer, Organisation, "organisation")
    )
    return (
        access.visible_recommendations(viewer)
        .select_related("body", "meeting", "item")
        .prefetch_related(Prefetch("addressees", queryset=addressees), queries.responses_prefetch())
        .order_by("-issued_at", "reference")
    )


def _with_states(recommendations) -> list[tuple[Recommendation, object]]:
    return [(r, consolidated_state(r)) for r in recommendations]


def _register_of_decisions(viewer: Viewer) -> QuerySet:
    return (
        access.visible_decisions(viewer)
        .select_related("body", "meeting")
        .order_by("-decided_on", "-recorded_at")
    )


def _download_name(paper: Paper) -> str:
    """The paper's own file name, reduced to characters that are safe in a header."""
    try:
        return get_valid_filename(paper.file_name)
    except SuspiciousFileOperation:  # nothing safe is left of the name
        extension = paper.file.name.rsplit(".", 1)[-1] if "." in paper.file.name else "bin"
        return f"paper.{extension}"


def _paper_cache_control(paper: Paper, body: Body) -> str:
    """Shared caches may keep a paper that anyone may read; never one still under exemption,
    and only privately one of a body that is not public."""
    today = timezone.localdate()
    if paper.is_confidential and not (paper.release_on and paper.release_on <= today):
        return "private, no-store"
    if body.visibility != Visibility.PUBLIC:
        return "private, max-age=300"
    return "public, max-age=300"
