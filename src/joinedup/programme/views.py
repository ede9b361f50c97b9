"""Pages of the programme: its structure and projects, the monthly return (drafted, submitted
and attested by the named roles, tracked by the PMO), the risk register, and the reports that
the oversight board agrees before the public reads them."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.charts import for_page
from joinedup.core.access import request_viewer
from joinedup.core.forms import posted
from joinedup.governance import access as governance_access
from joinedup.governance import links
from joinedup.governance.access import sees_all_confidential

from . import access, charts, forms, pdf, queries, reports, risk_matrix, services
from .choices import (
    DIMENSION_UNITS,
    AttestedPart,
    ConfidenceScale,
    ProjectRole,
    ReportStatus,
    ReturnStatus,
)
from .models import (
    Assumption,
    Challenge,
    ExceptionReport,
    Issue,
    MonthlyReturn,
    Programme,
    ReturnRound,
    RiskAssessment,
)


def _partner_only(viewer) -> None:
    if not viewer.is_partner:
        raise Http404("Partnership business.")


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    programmes = Programme.objects.select_related("board").order_by("name")
    latest = access.visible_reports(viewer).published().select_related("programme")[:5]
    context = {"programmes": programmes, "latest_reports": latest}
    return render(request, "programme/programme_list.html", context)


@require_GET
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    programme = access.access_programme(viewer, slug=slug)
    projects = (
        access.visible_projects(viewer)
        .filter(workstream__programme=programme)
        .select_related("workstream", "lead_organisation")
        .order_by("workstream__name", "reference")
    )
    context = {
        "programme": programme,
        "projects": projects,
        "tranches": programme.tranches.prefetch_related("targets"),
        "reports": access.visible_reports(viewer).filter(programme=programme)[:6],
        "is_pmo": access.is_pmo(viewer),
    }
    return render(request, "programme/programme_detail.html", context)


@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    project = access.access_project(viewer, slug=slug)
    returns = access.visible_returns(viewer).filter(project=project, status=ReturnStatus.SUBMITTED)
    context = {
        "project": project,
        "roles": project.roles.select_related("person__user", "person__organisation"),
        "objectives": project.objectives.all(),
        "milestones": project.milestones.all(),
        "benefits": project.benefits.select_related("owner__user"),
        "risks": access.visible_risks(viewer).filter(project=project, status="open"),
        "returns": returns.select_related("round").order_by("-round__month")[:12],
        "open_rounds": _open_rounds_for(viewer, project),
        "decisions": decisions_about(project, viewer),
    }
    return render(request, "programme/project_detail.html", context)


def decisions_about(record, viewer):
    """The governance decisions that concern a record, as far as the viewer may see them."""
    visible = governance_access.visible_decisions(viewer)
    return links.decisions_concerning(record).filter(pk__in=visible.values("pk"))


def _open_rounds_for(viewer, project) -> list:
    """The rounds this viewer, as the project's manager, still has to submit."""
    if not access.holds_role(viewer, project, ProjectRole.PROJECT_MANAGER):
        return []
    submitted = project.returns.filter(status=ReturnStatus.SUBMITTED).values("round_id")
    rounds = ReturnRound.objects.filter(programme=project.workstream.programme)
    return list(rounds.exclude(pk__in=submitted).order_by("-month")[:3])


@login_required
@require_GET
def return_tracker(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    _partner_only(viewer)
    programme = access.access_programme(viewer, slug=slug)
    round = programme.rounds.first()
    rows = []
    if round is not None:
        rows = queries.return_tracker(round, access.visible_projects(viewer), timezone.localdate())
    context = {
        "programme": programme,
        "round": round,
        "rows": rows,
        "is_pmo": access.is_pmo(viewer),
        "to_remind": sum(1 for row in rows if row.needs_reminder),
    }
    return render(request, "programme/return_tracker.html", context)


@login_required
@require_POST
def return_remind(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    if not access.is_pmo(viewer):
        raise PermissionDenied("Only the programme office sends reminders.")
    programme = access.access_programme(viewer, slug=slug)
    round = programme.rounds.first()
    if round is None:
        raise Http404("No return has been issued.")
    rows = queries.return_tracker(round, access.visible_projects(viewer), timezone.localdate())
    sent = services.send_reminders(round=round, rows=rows, by=request.user)
    messages.success(request, f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent.")
    return redirect("programme:return_tracker", slug=programme.slug)


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError as exc:
        raise Http404("No such month.") from exc


@login_required
@require_http_methods(["GET", "POST"])
def return_edit(request: HttpRequest, slug: str, month: str) -> HttpResponse:
    """The project manager drafts the return, and submits it when ready."""
    viewer = request_viewer(request)
    project = access.access_project(viewer, slug=slug)
    if not access.holds_role(viewer, project, ProjectRole.PROJECT_MANAGER):
        raise PermissionDenied("Only the project's project manager completes its return.")
    programme = project.workstream.programme
    round = ReturnRound.objects.filter(programme=programme, month=_month(month)).first()
    if round is None:
        raise Http404("No return has been issued for that month.")
    existing = MonthlyReturn.objects.filter(round=round, project=project).first()
    if existing and existing.is_submitted:
        return redirect("programme:return_detail", return_id=existing.pk)
    form = forms.ReturnForm(
        posted(request),
        initial=forms.ReturnForm.initial_with_version(existing),
        five_point=programme.confidence_scale == ConfidenceScale.FIVE_POINT,
        units=DIMENSION_UNITS,
    )
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        saved = forms.run_service(form, lambda: _save(round, project, form, submitting, request))
        if saved is not None:
            if saved.is_submitted:
                messages.success(
                    request, f"The return is submitted: overall {saved.overall_status}."
                )
                return redirect("programme:return_detail", return_id=saved.pk)
            messages.success(request, "The draft is saved.")
            return redirect("programme:return_edit", slug=project.slug, month=month)
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "round": round, "form": form, "draft": existing}
    return render(request, "programme/return_edit.html", context, status=status)


def _save(round, project, form, submitting: bool, request):
    with transaction.atomic():
        draft = services.save_return_draft(
            round=round, project=project, by=request.user,
            based_on=form.cleaned_data["based_on"], **form.draft_fields(),
        )  # fmt: skip
        if not submitting:
            return draft
        return services.submit_return(
            monthly_return=draft, forecasts=form.forecasts(), by=request.user,
            overall_status=form.cleaned_data["overall_status"] or None,
            exception=form.exception(),
        )  # fmt: skip


@login_required
@require_GET
def return_detail(request: HttpRequest, return_id) -> HttpResponse:
    viewer = request_viewer(request)
    monthly_return = access.access_return(viewer, return_id=return_id)
    project = monthly_return.project
    attested = {a.part: a for a in monthly_return.attestations.select_related("person__user")}
    can_attest = [
        part
        for part, role in ((AttestedPart.QUALITY, ProjectRole.CLINICAL_LEAD),
                           (AttestedPart.FINANCE, ProjectRole.FINANCE_REPRESENTATIVE))
        if part not in attested and monthly_return.is_submitted
        and access.holds_role(viewer, project, role)
    ]  # fmt: skip
    context = {
        "monthly_return": monthly_return,
        "project": project,
        "dimensions": monthly_return.dimensions.all(),
        "attested": attested,
        "can_attest": [
            (part, forms.AttestationForm(initial={"part": part})) for part in can_attest
        ],
        "exception": ExceptionReport.objects.filter(monthly_return=monthly_return)
        .select_related("escalation")
        .first(),
    }
    return render(request, "programme/return_detail.html", context)


@login_required
@require_POST
def return_attest(request: HttpRequest, return_id) -> HttpResponse:
    viewer = request_viewer(request)
    monthly_return = access.access_return(viewer, return_id=return_id)
    form = forms.AttestationForm(request.POST)
    if form.is_valid():
        done = forms.run_service(form, lambda: services.attest_return(
            monthly_return=monthly_return, by=request.user, **form.cleaned_data))  # fmt: skip
        if done is not None:
            messages.success(request, f"You have attested the {done.get_part_display().lower()}.")
            return redirect("programme:return_detail", return_id=monthly_return.pk)
    for error in form.non_field_errors() or form.errors.get("part", []):
        messages.error(request, error)
    return redirect("programme:return_detail", return_id=monthly_return.pk)


@login_required
@require_GET
def exception_list(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    _partner_only(viewer)
    programme = access.access_programme(viewer, slug=slug)
    exceptions = (
        ExceptionReport.objects.filter(
            monthly_return__in=access.visible_returns(viewer),
            monthly_return__round__programme=programme,
        )
        .select_related("monthly_return__project", "monthly_return__round", "escalation")
        .order_by("-monthly_return__round__month")
    )
    context = {"programme": programme, "exceptions": exceptions}
    return render(request, "programme/exception_list.html", context)


@require_GET
def risk_list(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    programme = access.access_programme(viewer, slug=slug)
    risks = list(
        access.visible_risks(viewer)
        .filter(programme=programme, status="open")
        .select_related("owner__user", "project")
        .order_by("-current_score", "reference")
    )
    cells = {}
    for risk in risks:
        key = (risk.current_likelihood, risk.current_consequence)
        cells[key] = cells.get(key, 0) + 1
    heat_map = risk_matrix.heat_map(cells)
    context = {
        "programme": programme,
        "risks": [(risk, risk_matrix.grade(risk.current_score)) for risk in risks],
        "heat_map": heat_map,
        "heat_map_chart": for_page(charts.heat_map(heat_map)),
        "today": timezone.localdate(),
    }
    return render(request, "programme/risk_list.html", context)


@require_http_methods(["GET", "POST"])
def risk_detail(request: HttpRequest, reference: str) -> HttpResponse:
    viewer = request_viewer(request)
    risk = access.access_risk(viewer, reference=reference)
    may_update = access.can_update_risk(viewer, risk)
    if request.method == "POST" and not may_update:
        raise PermissionDenied("Only the risk's owner or the programme office rescores it.")
    initial = forms.ReassessForm.initial_with_version(risk)
    form = forms.ReassessForm(posted(request), initial=initial) if may_update else None
    if request.method == "POST" and form.is_valid():
        done = forms.run_service(form, lambda: services.reassess_risk(
            risk=risk, by=request.user, **form.cleaned_data))  # fmt: skip
        if done is not None:
            messages.success(request, f"{risk.reference} now scores {done.current_score}.")
            return redirect(risk.get_absolute_url())
    assessments = RiskAssessment.objects.filter(risk=risk).select_related("by__user")
    context = {
        "risk": risk,
        "grade": risk_matrix.grade(risk.current_score),
        "holders": risk.holders.all(),
        "assessments": assessments.order_by("-at"),
        "decisions": decisions_about(risk, viewer),
        "form": form,
        "today": timezone.localdate(),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "programme/risk_detail.html", context, status=status)


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    found = access.visible_reports(viewer).select_related("programme", "agreed_by")
    return render(request, "programme/report_list.html", {"reports": found})


@require_http_methods(["GET", "POST"])
@login_required
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    if not access.is_pmo(viewer):
        raise PermissionDenied("Only the programme office drafts reports.")
    programme = access.access_programme(viewer, slug=slug)
    form = forms.ReportForm(posted(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        report = forms.run_service(form, lambda: services.draft_report(
            programme=programme, by=request.user, **form.cleaned_data))  # fmt: skip
        if report is not None:
            messages.success(request, "The report is drafted from the latest returns.")
            return redirect(report.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"programme": programme, "form": form}
    return render(request, "programme/report_create.html", context, status=status)


@require_GET
def report_detail(request: HttpRequest, report_id) -> HttpResponse:
    viewer = request_viewer(request)
    report = access.access_report(viewer, report_id=report_id)
    content = reports.content_for(report, viewer)
    context = {
        "report": report,
        "content": content,
        "charts": charts.for_report(content),
        "is_pmo": access.is_pmo(viewer),
        "agree_form": forms.AgreeForm(body=report.agreed_by)
        if report.status == ReportStatus.CONSOLIDATED and _may_agree(viewer, report)
        else None,
    }
    response = render(request, f"programme/report_{content['kind']}.html", context)
    if report.status != ReportStatus.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def report_pdf(request: HttpRequest, report_id) -> HttpResponse:
    viewer = request_viewer(request)
    report = access.access_report(viewer, report_id=report_id)
    content = reports.content_for(report, viewer)
    full = access.sees_full_report(viewer, report)
    document = pdf.render_report(report, content, full=full)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_pdf_name(report)}"'
    if report.status != ReportStatus.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


def _pdf_name(report) -> str:
    when = report.month.strftime("%Y-%m") if report.month else f"tranche-{report.tranche.number}"
    return f"{report.programme.slug}-{report.kind}-{when}.pdf"


def _may_agree(viewer, report) -> bool:
    """The agreeing body's secretary records its agreement (as does an admin or the PMO)."""
    return access.is_pmo(viewer) or sees_all_confidential(viewer)


@login_required
@require_POST
def report_move(request: HttpRequest, report_id) -> HttpResponse:
    viewer = request_viewer(request)
    report = access.access_report(viewer, report_id=report_id)
    to = request.POST.get("to", "")
    if to == ReportStatus.AGREED:
        if not _may_agree(viewer, report):
            raise PermissionDenied(f"Agreement is recorded for {report.agreed_by}.")
        form = forms.AgreeForm(request.POST, body=report.agreed_by)
        if not form.is_valid():
            messages.error(request, "Choose the meeting at which the report was agreed.")
            return redirect(report.get_absolute_url())
        moved = _move(request, report, to, meeting=form.cleaned_data["meeting"])
    elif to in {ReportStatus.CONSOLIDATED, ReportStatus.DRAFT, ReportStatus.PUBLISHED}:
        if not access.is_pmo(viewer):
            raise PermissionDenied("Only the programme office moves a report on.")
        moved = _move(request, report, to)
    else:
        messages.error(request, "Choose what to do with the report.")
        return redirect(report.get_absolute_url())
    if moved is not None:
        messages.success(request, f"The report is {moved.get_status_display().lower()}.")
    return redirect(report.get_absolute_url())


def _move(request, report, to, **options):
    try:
        if to == ReportStatus.PUBLISHED:
            return reports.publish(report=report, by=request.user)
        return services.move_report(report=report, to=ReportStatus(to), by=request.user, **options)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return None


@login_required
@require_GET
def raid_log(request: HttpRequest, slug: str) -> HttpResponse:
    """Issues, assumptions, dependencies between projects and partners, asks of partners, and
    the programme board's challenges: partnership business."""
    viewer = request_viewer(request)
    _partner_only(viewer)
    programme = access.access_programme(viewer, slug=slug)
    projects = access.visible_projects(viewer).filter(workstream__programme=programme)
    context = {
        "programme": programme,
        "issues": Issue.objects.filter(project__in=projects).select_related(
            "project", "owner__user"
        ),
        "assumptions": Assumption.objects.filter(project__in=projects).select_related(
            "project", "owner__user"
        ),
        "dependencies": access.visible_dependencies(viewer, programme).select_related(
            "giver", "receiver", "giving_project", "receiving_project"
        ),
        "asks": access.visible_asks(viewer, programme).select_related("to_organisation", "project"),
        "challenges": Challenge.objects.filter(project__in=projects).select_related(
            "project", "meeting"
        ),
        "organisation_id": viewer.organisation_id,
        "today": timezone.localdate(),
    }
    return render(request, "programme/raid_log.html", context)


def _answer_page(request, *, record, form, call, template, done_message, back):
    """A small GET/POST page: the form beside its record, the service's refusal beside the
    field, and back to the RAID log when done."""
    answered = request.method == "POST" and form.is_valid()
    if answered and forms.run_service(form, lambda: call(**form.cleaned_data)) is not None:
        messages.success(request, done_message)
        return redirect(back)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"record": record, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dependency_confirm(request: HttpRequest, dependency_id) -> HttpResponse:
    viewer = request_viewer(request)
    dependency = access.access_dependency(viewer, dependency_id=dependency_id)
    if viewer.organisation_id != dependency.giver_id:
        raise PermissionDenied(f"Only {dependency.giver} confirms what it will give.")
    return _answer_page(
        request, record=dependency, template="programme/dependency_confirm.html",
        form=forms.DependencyConfirmForm(posted(request)),
        call=lambda **data: services.confirm_dependency(
            dependency=dependency, by=request.user, **data
        ),
        done_message="The dependency is confirmed.",
        back=reverse("programme:raid_log", kwargs={"slug": dependency.programme.slug}),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def ask_answer(request: HttpRequest, ask_id) -> HttpResponse:
    viewer = request_viewer(request)
    ask = access.access_ask(viewer, ask_id=ask_id)
    if viewer.organisation_id != ask.to_organisation_id:
        raise PermissionDenied(f"Only {ask.to_organisation} answers what was asked of it.")
    return _answer_page(
        request, record=ask, template="programme/ask_answer.html",
        form=forms.AskAnswerForm(posted(request), initial={"on": timezone.localdate()}),
        call=lambda **data: services.answer_ask(ask=ask, by=request.user, **data),
        done_message="Your organisation's answer is recorded.",
        back=reverse("programme:raid_log", kwargs={"slug": ask.programme.slug}),
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def challenge_reply(request: HttpRequest, challenge_id) -> HttpResponse:
    viewer = request_viewer(request)
    challenge = access.access_challenge(viewer, challenge_id=challenge_id)
    if not access.answers_for_project(viewer, challenge.project):
        raise PermissionDenied("The project's sponsor, SRO or manager replies to a challenge.")
    return _answer_page(
        request, record=challenge, template="programme/challenge_reply.html",
        form=forms.ChallengeReplyForm(posted(request), initial={"on": timezone.localdate()}),
        call=lambda **data: services.reply_to_challenge(
            challenge=challenge, by=request.user, **data
        ),
        done_message="The reply is recorded.",
        back=reverse(
            "programme:raid_log", kwargs={"slug": challenge.project.workstream.programme.slug}
        ),
    )  # fmt: skip
