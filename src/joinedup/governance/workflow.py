"""The secretary's workflow for a meeting (schedule from the work plan, agenda, papers and their
re-exemption, attendance, declarations, recommendations, decisions, actions, escalations, terms of
reference, minutes) and for a body's work plan; a partner's response to a recommendation; the
response to an escalation; a member's register of interests, their actions and their business.
Every write goes through `services`; a refusal is shown beside the form that caused it, and
nothing changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.core.access import Viewer, request_viewer
from joinedup.core.forms import posted
from joinedup.core.models import Organisation, Person

from . import access, forms, links, services
from .choices import MEETING_TRANSITIONS, ActionStatus, MeetingStatus
from .models import Action, Meeting, Minutes, Recommendation
from .queries import latest_responses, quorum_for_items

MEETING_FORMS = {
    "item_form": forms.AgendaItemForm,
    "paper_form": forms.PaperForm,
    "attendance_form": forms.AttendanceForm,
    "declaration_form": forms.DeclarationForm,
    "recommendation_form": forms.RecommendationForm,
    "decision_form": forms.DecisionForm,
    "action_form": forms.ActionForm,
    "minutes_form": forms.MinutesForm,
    "approve_form": forms.ApproveMinutesForm,
    "escalation_form": forms.EscalationForm,
    "re_exempt_form": forms.ReExemptPaperForm,
    "terms_form": forms.ApproveTermsForm,
}


def _secretary(request: HttpRequest) -> Viewer:
    viewer = request_viewer(request)
    if not access.can_run_meetings(viewer):
        raise PermissionDenied("Only a board secretary can do this.")
    return viewer


def _managed_meeting(request: HttpRequest, meeting_id) -> Meeting:
    viewer = _secretary(request)
    return access.access_meeting(viewer, meeting_id)


def _members(meeting: Meeting):
    return (
        Person.objects.filter(memberships__in=meeting.body.memberships.current_on(
            meeting.starts_at.date()
        ))
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )  # fmt: skip


def _form_kwargs(name: str, meeting: Meeting, people, viewer: Viewer) -> dict:
    needs_meeting = {"paper_form", "declaration_form", "recommendation_form", "decision_form",
                     "action_form", "approve_form", "attendance_form", "escalation_form",
                     "re_exempt_form", "terms_form"}  # fmt: skip
    # Each form gets ids of its own ("item-title", "paper-title"): one page holds them all.
    kwargs = {"auto_id": f"{name.removesuffix('_form')}-%s"}
    if name in needs_meeting:
        kwargs["meeting"] = meeting
    if name in {"declaration_form", "action_form", "attendance_form"}:
        kwargs["people"] = people
    if name == "item_form":
        kwargs["people"] = people
    if name == "decision_form":
        kwargs["concern_choices"] = links.choices(viewer)
    if name == "minutes_form":
        drafted = Minutes.objects.filter(meeting=meeting).first()
        kwargs["initial"] = forms.MinutesForm.initial_with_version(drafted)
    return kwargs


def _render_manage(request, meeting: Meeting, *, status: int = 200, **bound) -> HttpResponse:
    people = _members(meeting)
    context = {"meeting": meeting, "body": meeting.body}
    for name, form_class in MEETING_FORMS.items():
        context[name] = bound.get(name) or form_class(
            **_form_kwargs(name, meeting, people, request_viewer(request))
        )
    items = list(meeting.items.prefetch_related("papers", "declarations__person__user"))
    quorums = quorum_for_items(meeting, items)
    context["items"] = [(item, quorums[item.pk]) for item in items]
    context["attendance"] = {a.person_id: a for a in meeting.attendance.all()}
    context["minutes"] = Minutes.objects.filter(meeting=meeting).first()
    context["recommendations"] = meeting.recommendations.all()
    context["decisions"] = meeting.decisions.all()
    context["actions"] = meeting.actions.select_related("owner__user")
    context["escalations"] = meeting.escalations.select_related("to_body")
    context["next_steps"] = _next_steps(meeting)
    return render(request, "governance/meeting_manage.html", context, status=status)


def _next_steps(meeting: Meeting) -> list[tuple[str, str]]:
    labels = {
        MeetingStatus.PAPERS_PUBLISHED: "Publish the papers",
        MeetingStatus.HELD: "Mark the meeting as held",
        MeetingStatus.CANCELLED: "Cancel the meeting",
    }
    return [
        (to, labels[to])
        for to in MEETING_TRANSITIONS[MeetingStatus(meeting.status)]
        if to in labels
    ]


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    viewer = _secretary(request)
    body = access.access_body(viewer, request.GET.get("body", ""))
    board_numbers = sorted(set(body.forward_plan.filter(
        scheduled_item__isnull=True).values_list("board_number", flat=True)))  # fmt: skip
    form = forms.MeetingForm(posted(request), board_numbers=board_numbers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {
            "body": body,
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "location": data["location"],
            "by": request.user,
        }
        meeting = forms.run_service(
            form,
            lambda: (
                services.schedule_meeting_from_plan(board_number=data["board_number"], **details)
                if data["board_number"]
                else services.schedule_meeting(**details)
            ),
        )
        if meeting is not None:
            messages.success(request, f"{meeting.title} is scheduled.")
            return redirect("governance:meeting_manage", meeting_id=meeting.id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/meeting_create.html", {"form": form, "body": body}, status=status
    )


@login_required
def meeting_manage(request: HttpRequest, meeting_id) -> HttpResponse:
    return _render_manage(request, _managed_meeting(request, meeting_id))


def _post(request, meeting_id, form_name: str, act) -> HttpResponse:
    """Validate one of the meeting's forms and run its service; PRG on success."""
    meeting = _managed_meeting(request, meeting_id)
    form_class = MEETING_FORMS[form_name]
    form = form_class(
        request.POST,
        request.FILES,
        **_form_kwargs(form_name, meeting, _members(meeting), request_viewer(request)),
    )
    if form.is_valid() and forms.run_service(form, lambda: act(meeting, form.cleaned_data)):
        messages.success(request, "Saved.")
        return redirect("governance:meeting_manage", meeting_id=meeting.id)
    return _render_manage(request, meeting, status=400, **{form_name: form})


@login_required
@require_POST
def meeting_move(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _managed_meeting(request, meeting_id)
    form = forms.MoveMeetingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        moved = forms.run_service(form, lambda: services.move_meeting(
            meeting=meeting, to=data["to"], reason=data["reason"], by=request.user))  # fmt: skip
        if moved:
            messages.success(request, f"The meeting is now {moved.get_status_display().lower()}.")
            return redirect("governance:meeting_manage", meeting_id=meeting.id)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return _render_manage(request, meeting, status=400)


@login_required
@require_POST
def item_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.add_agenda_item(meeting=meeting, by=request.user, **data)

    return _post(request, meeting_id, "item_form", act)


@login_required
@require_POST
def paper_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.upload_paper(
            item=data["item"], title=data["title"], uploaded=data["file"],
            is_confidential=data["is_confidential"], exemption_reason=data["exemption_reason"],
            release_on=data["release_on"], by=request.user,
        )  # fmt: skip

    return _post(request, meeting_id, "paper_form", act)


@login_required
@require_POST
def attendance_record(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, _data):
        form = forms.AttendanceForm(request.POST, meeting=meeting, people=_members(meeting))
        form.is_valid()
        recorded = [
            services.record_attendance(
                meeting=meeting, person=person, status=status, by=request.user
            )
            for person, status in form.statuses()
        ]
        return recorded or True

    return _post(request, meeting_id, "attendance_form", act)


@login_required
@require_POST
def declaration_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.declare_interest(by=request.user, **data)

    return _post(request, meeting_id, "declaration_form", act)


@login_required
@require_POST
def recommendation_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.issue_recommendation(by=request.user, **data)

    return _post(request, meeting_id, "recommendation_form", act)


@login_required
@require_POST
def decision_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        concerns = links.resolve(data.pop("concerns"), request_viewer(request))
        return services.record_decision(
            body=meeting.body, decided_on=timezone.localdate(), concerns=concerns,
            by=request.user, **data,
        )  # fmt: skip

    return _post(request, meeting_id, "decision_form", act)


@login_required
@require_POST
def action_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.assign_action(meeting=meeting, by=request.user, **data)

    return _post(request, meeting_id, "action_form", act)


@login_required
@require_POST
def minutes_save(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.draft_minutes(
            meeting=meeting, text=data["text"], based_on=data["based_on"], by=request.user
        )

    return _post(request, meeting_id, "minutes_form", act)


@login_required
@require_POST
def minutes_approve(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.approve_minutes(
            minutes=data["minutes"], at_meeting=meeting, by=request.user
        )

    return _post(request, meeting_id, "approve_form", act)


@login_required
@require_POST
def escalation_create(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.raise_escalation(
            from_body=meeting.body, meeting=meeting, raised_on=timezone.localdate(),
            by=request.user, **data,
        )  # fmt: skip

    return _post(request, meeting_id, "escalation_form", act)


@login_required
@require_POST
def paper_re_exempt(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.re_exempt_paper(by=request.user, **data)

    return _post(request, meeting_id, "re_exempt_form", act)


@login_required
@require_POST
def terms_approve(request: HttpRequest, meeting_id) -> HttpResponse:
    def act(meeting, data):
        return services.approve_terms_of_reference(
            terms=data["terms"], at_meeting=meeting, by=request.user
        )

    return _post(request, meeting_id, "terms_form", act)


def _respondable(viewer: Viewer, reference: str) -> tuple[Recommendation, Organisation]:
    recommendation = access.access_recommendation(viewer, reference)
    organisation = Organisation.objects.filter(pk=viewer.organisation_id).first()
    addressed = (
        organisation is not None
        and recommendation.addressees.filter(organisation=organisation).exists()
    )
    if not addressed or not access.can_respond_for(viewer, organisation.pk):
        raise PermissionDenied("Only a representative of an addressed organisation responds.")
    return recommendation, organisation


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_respond(request: HttpRequest, reference: str) -> HttpResponse:
    viewer = request_viewer(request)
    recommendation, organisation = _respondable(viewer, reference)
    form = forms.ResponseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        response = forms.run_service(form, lambda: services.record_response(
            recommendation=recommendation, organisation=organisation, by=request.user,
            **form.cleaned_data))  # fmt: skip
        if response is not None:
            messages.success(request, f"{organisation}'s response is recorded.")
            return redirect(recommendation.get_absolute_url())
    context = {
        "recommendation": recommendation,
        "organisation": organisation,
        "form": form,
        "current": latest_responses(recommendation).get(organisation.pk),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "governance/recommendation_respond.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def escalation_respond(request: HttpRequest, escalation_id) -> HttpResponse:
    """The receiving body's secretary records its response and, when settled, the resolution."""
    viewer = request_viewer(request)
    escalation = access.access_escalation(viewer, escalation_id)
    if not access.can_respond_to_escalation(viewer, escalation):
        raise PermissionDenied("Only the secretary of the body it is raised with responds.")
    initial = {"response": escalation.response,
               "responded_on": escalation.responded_on or timezone.localdate()}  # fmt: skip
    form = forms.EscalationResponseForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        answered = forms.run_service(form, lambda: services.respond_to_escalation(
            escalation=escalation, by=request.user, **form.cleaned_data))  # fmt: skip
        if answered is not None:
            messages.success(request, f"The escalation is {answered.get_status_display().lower()}.")
            return redirect(escalation.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/escalation_respond.html",
        {"escalation": escalation, "form": form}, status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The body's secretary adds an item to its work plan for a future board."""
    viewer = request_viewer(request)
    body = access.access_body(viewer, slug)
    if not access.is_secretary_of(viewer, body):
        raise PermissionDenied("Only the body's secretary plans its business.")
    form = forms.PlanItemForm(posted(request))
    if request.method == "POST" and form.is_valid():
        planned = forms.run_service(form, lambda: services.plan_item(
            body=body, by=request.user, **form.cleaned_data))  # fmt: skip
        if planned is not None:
            messages.success(request, f"Planned for Board {planned.board_number}: {planned.title}.")
            return redirect(f"{body.get_absolute_url()}#forward-plan")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/plan_item_create.html", {"body": body, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def interest_create(request: HttpRequest, person_id) -> HttpResponse:
    """A member registers an interest of their own; a board secretary or an admin, anyone's."""
    viewer = request_viewer(request)
    person = access.access_member(viewer, person_id)
    if not access.can_register_interest(viewer, person):
        raise PermissionDenied("Only the member, a board secretary or an admin can do this.")
    form = forms.InterestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        interest = forms.run_service(form, lambda: services.register_interest(
            person=person, by=request.user, **form.cleaned_data))  # fmt: skip
        if interest is not None:
            messages.success(request, "The interest is registered.")
            return redirect("governance:interest_list", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    context = {"person": person, "form": form, "is_self": viewer.person_id == person.pk}
    return render(request, "governance/interest_create.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def action_complete(request: HttpRequest, action_id) -> HttpResponse:
    """The action's owner, or the body's secretary, records that it is done."""
    viewer = request_viewer(request)
    action = access.access_action(viewer, action_id)
    if not access.can_complete_action(viewer, action):
        raise PermissionDenied("Only the action's owner or the body's secretary can do this.")
    form = forms.CompleteActionForm(posted(request), initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        done = forms.run_service(form, lambda: services.complete_action(
            action=action, by=request.user, **form.cleaned_data))  # fmt: skip
        if done is not None:
            messages.success(request, f"Done: {done.title}.")
            return redirect(action.meeting.get_absolute_url() + "#actions")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "governance/action_complete.html", {"action": action, "form": form},
        status=status,
    )  # fmt: skip


@login_required
def my_business(request: HttpRequest) -> HttpResponse:
    """A member's own governance business: their meetings, papers, actions and responses due."""
    viewer = request_viewer(request)
    if viewer.person_id is None:
        raise Http404("This account has no partnership profile.")
    now = timezone.now()
    my_bodies = access.member_body_ids(viewer)
    meetings = (
        access.visible_meetings(viewer)
        .filter(body__in=my_bodies, ends_at__gte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at")[:10]
    )
    actions = (
        Action.objects.filter(owner_id=viewer.person_id, status=ActionStatus.OPEN)
        .filter(Q(item__isnull=True) | Q(item__in=access.visible_items(viewer).values("pk")))
        .select_related("meeting__body")
        .order_by("due_on")
    )
    awaiting = [
        recommendation
        for recommendation in access.visible_recommendations(viewer)
        .filter(addressees__organisation_id=viewer.organisation_id)
        .prefetch_related("responses")
        .select_related("body")
        if viewer.organisation_id not in latest_responses(recommendation)
    ]
    context = {"meetings": meetings, "actions": actions, "awaiting": awaiting,
               "today": timezone.localdate()}  # fmt: skip
    return render(request, "governance/my_business.html", context)
