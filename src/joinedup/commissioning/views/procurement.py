"""Commissioning pages: procurement. "Find a tender" and each notice with its documents, lots,
criteria, timetable and public questions and answers (everyone); the commissioner's notice,
management page (publish, documents, timetable, answers, evaluators, opening the bids),
moderation and award; a partner's question and bid; an evaluator's declaration and scores.

Every write goes through `services.procurement`; a refusal is shown beside the form that caused
it and nothing changes. Bid content is reached only through `queries.procurement.bid_content`."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.core.access import Viewer, request_viewer
from joinedup.core.forms import posted
from joinedup.core.models import Organisation

from ..forms import procurement as forms
from ..models import ProcessStatus
from ..queries import procurement as queries
from ..services import procurement as services

OPEN = {ProcessStatus.OPEN_FOR_QUESTIONS, ProcessStatus.OPEN_FOR_BIDS}


def _status_row(process, now) -> dict:
    return {"process": process, "status": process.status(now)}


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """Find a tender: the published notices, those open for bids first."""
    viewer = request_viewer(request)
    now = timezone.now()
    notices = [_status_row(p, now) for p in queries.find_a_tender(viewer, now=now)[:200]]
    context = {
        "open_notices": [row for row in notices if row["status"] in OPEN],
        "other_notices": [row for row in notices if row["status"] not in OPEN],
        "drafts": list(queries.draft_processes(viewer).select_related("service_area")),
        "is_commissioner": queries.is_commissioner(viewer),
    }
    return render(request, "commissioning/procurement/notice_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    if not queries.is_commissioner(viewer):
        raise PermissionDenied("Only a commissioner can create a notice.")
    form = forms.NoticeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The buyer is the commissioner's own organisation (a department or health service).
        buyer = Organisation.objects.filter(pk=viewer.organisation_id).first()
        process = None
        if buyer is None:
            form.add_error(None, "Your account has no organisation to buy on behalf of.")
        else:
            process = forms.run_service(form, lambda: services.create_notice(
                by=request.user, buyer=buyer, **data))  # fmt: skip
        if process is not None:
            messages.success(request, "The notice is saved as a draft. Publish it when ready.")
            return redirect("commissioning:notice_manage", slug=process.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "commissioning/procurement/notice_create.html", {"form": form},
                  status=status)  # fmt: skip


def _notice_context(viewer: Viewer, process) -> dict:
    now = timezone.now()
    status = process.status(now)
    return {
        "process": process,
        "status": status,
        "status_label": ProcessStatus(status).label,
        "lots": list(process.lots.all()),
        "criteria": list(process.criteria.all()),
        "documents": list(process.documents.all()),
        "questions": list(queries.public_questions(process)),
        "own_questions": list(queries.own_questions(viewer, process)),
        "own_bids": list(queries.own_bids(viewer, process)),
        "band": services.value_band(process.estimated_value),
        "may_ask": viewer.is_partner and status == ProcessStatus.OPEN_FOR_QUESTIONS,
        "may_bid": queries.can_bid(viewer)
        and viewer.organisation_id != process.buyer_id
        and status in OPEN,
        "is_commissioner": queries.is_commissioner(viewer),
        "evaluator": queries.evaluator_of(viewer, process),
        "awards": list(process.awards.select_related("lot").prefetch_related("suppliers")),
        "viewer": viewer,
    }


@require_GET
def notice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    return render(
        request, "commissioning/procurement/notice_detail.html", _notice_context(viewer, process)
    )


@require_GET
def document_download(request: HttpRequest, slug: str, document_id) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    document = process.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404("No such document.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file of this document is missing.") from exc
    return FileResponse(handle, as_attachment=True, filename=document.file_name,
                        content_type=document.content_type)  # fmt: skip


MANAGE_FORMS = {
    "document_form": forms.DocumentForm,
    "timetable_form": forms.TimetableForm,
    "evaluator_form": forms.AppointEvaluatorForm,
}


def _manage(request: HttpRequest, process, status: int = 200, **bound) -> HttpResponse:
    viewer = request_viewer(request)
    context = _notice_context(viewer, process)
    for name, form_class in MANAGE_FORMS.items():
        initial = form_class.initial_with_version(process) if name == "timetable_form" else None
        context[name] = bound.get(name) or form_class(auto_id=f"{name[:-5]}-%s", initial=initial)
    context["action_error"] = bound.get("action_error")
    bids = list(queries.opened_bids(viewer, process))
    for bid in bids:
        bid.total = services.weighted_total(bid)
    context.update(
        unanswered=list(process.questions.filter(answered_at__isnull=True)),
        evaluators=list(
            process.evaluators.select_related("person__user", "person__organisation").annotate(
                bids_scored=Count("scores__bid", distinct=True)
            )
        ),
        bid_count=queries.live_bid_count(process),
        bids=bids,
        evaluation_complete=services.evaluation_complete(process),
        awarded_lots={award.lot_id for award in context["awards"]},
        now=timezone.now(),
    )
    return render(request, "commissioning/procurement/notice_manage.html", context, status=status)


@login_required
@require_GET
def notice_manage(request: HttpRequest, slug: str) -> HttpResponse:
    process = queries.access_managed_process(request_viewer(request), slug)
    return _manage(request, process)


def _act(request: HttpRequest, slug: str, call, done: str) -> HttpResponse:
    """Run a button's service on a managed process: back to the page, or the refusal shown."""
    process = queries.access_managed_process(request_viewer(request), slug)
    form = django_forms.Form(request.POST)
    if forms.run_service(form, lambda: call(process)) is None and form.errors:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _manage(request, process, status=400, action_error=error)
    messages.success(request, done)
    return redirect("commissioning:notice_manage", slug=process.slug)


@login_required
@require_POST
def notice_publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, lambda p: services.publish_notice(process=p, by=request.user),
                "The notice is published.")  # fmt: skip


@login_required
@require_POST
def bids_open(request: HttpRequest, slug: str) -> HttpResponse:
    return _act(request, slug, lambda p: services.open_bids(process=p, by=request.user),
                "The bids are open for evaluation.")  # fmt: skip


def _manage_form(request, slug, name: str, call, done: str, **form_kwargs) -> HttpResponse:
    process = queries.access_managed_process(request_viewer(request), slug)
    form = MANAGE_FORMS[name](request.POST, request.FILES, auto_id=f"{name[:-5]}-%s")
    if form.is_valid() and forms.run_service(form, lambda: call(process, form.cleaned_data)):
        messages.success(request, done)
        return redirect("commissioning:notice_manage", slug=process.slug)
    return _manage(request, process, status=400, **{name: form})


@login_required
@require_POST
def document_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_form(
        request, slug, "document_form",
        lambda p, data: services.add_document(
            process=p, title=data["title"], uploaded=data["file"], url=data["url"] or "",
            by=request.user),
        "The document is added.",
    )  # fmt: skip


@login_required
@require_POST
def timetable_amend(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_form(
        request, slug, "timetable_form",
        lambda p, data: services.amend_timetable(process=p, by=request.user, **data),
        "The timetable is amended.",
    )  # fmt: skip


@login_required
@require_POST
def evaluator_appoint(request: HttpRequest, slug: str) -> HttpResponse:
    return _manage_form(
        request, slug, "evaluator_form",
        lambda p, data: services.appoint_evaluator(process=p, person=data["person"],
                                                   by=request.user),
        "The evaluator is appointed.",
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def question_ask(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    if not viewer.is_partner or viewer.person_id is None:
        raise PermissionDenied("Only partners can ask questions.")
    form = forms.QuestionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = request.user.person
        asked = forms.run_service(form, lambda: services.ask_question(
            process=process, text=form.cleaned_data["text"], person=person))  # fmt: skip
        if asked is not None:
            messages.success(request, "Your question is sent. Its answer will be published here.")
            return redirect("commissioning:notice_detail", slug=process.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "commissioning/procurement/question_ask.html",
                  {"process": process, "form": form}, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, slug: str, question_id) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_managed_process(viewer, slug)
    question = queries.access_question(viewer, process, question_id)
    form = forms.AnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        answered = forms.run_service(form, lambda: services.answer_question(
            question=question, answer=form.cleaned_data["answer"], by=request.user))  # fmt: skip
        if answered is not None:
            messages.success(request, "The answer is published.")
            return redirect("commissioning:notice_manage", slug=process.slug)
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "question": question, "form": form}
    return render(request, "commissioning/procurement/question_answer.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def bid_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A partner prepares and submits a bid, pre-filled from their organisation's profile."""
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    if not queries.can_bid(viewer):
        raise PermissionDenied("Only someone of an active partner organisation can bid.")
    person = request.user.person
    organisation = person.organisation
    form = forms.BidForm(posted(request), process=process, organisation=organisation,
                         initial=forms.BidForm.prefill(organisation, person))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bid = forms.run_service(form, lambda: services.submit_bid(
            process=process, person=person, **data))  # fmt: skip
        if bid is not None:
            messages.success(request, "Your bid is submitted. It stays sealed until the deadline.")
            return redirect("commissioning:bid_detail", slug=process.slug, bid_id=bid.pk)
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "form": form, "organisation": organisation, "band": form.band}
    return render(request, "commissioning/procurement/bid_create.html", context, status=status)


@login_required
@require_GET
def bid_detail(request: HttpRequest, slug: str, bid_id) -> HttpResponse:
    """A bid's content, only through `bid_content`: sealed to all but its bidder until opened."""
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    bid = queries.bid_content(viewer, bid_id)
    if bid.process_id != process.pk:
        raise Http404("No such bid.")
    sections = [
        (forms.SECTION_LABELS[name][0], getattr(bid, name))
        for name in services.BID_SECTIONS
        if getattr(bid, name)
    ]
    context = {
        "process": process,
        "bid": bid,
        "sections": sections,
        "members": [
            m.organisation
            for m in bid.members.select_related("organisation").order_by("organisation__name")
        ],
        "is_bidder": viewer.organisation_id == bid.lead_id,
        "may_withdraw": viewer.organisation_id == bid.lead_id
        and not bid.withdrawn_at
        and timezone.now() < process.submission_deadline,
    }
    return render(request, "commissioning/procurement/bid_detail.html", context)


@login_required
@require_POST
def bid_withdraw(request: HttpRequest, slug: str, bid_id) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    bid = queries.bid_content(viewer, bid_id)
    if bid.process_id != process.pk:
        raise Http404("No such bid.")
    form = django_forms.Form(request.POST)
    if forms.run_service(form, lambda: services.withdraw_bid(bid=bid, person=request.user.person)):
        messages.success(request, "Your bid is withdrawn.")
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("commissioning:notice_detail", slug=process.slug)


def _evaluator(request: HttpRequest, slug: str):
    viewer = request_viewer(request)
    process = queries.access_process(viewer, slug)
    evaluator = queries.evaluator_of(viewer, process)
    if evaluator is None:
        raise PermissionDenied("Only the tender's evaluators can do this.")
    return viewer, process, evaluator


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, slug: str) -> HttpResponse:
    """An evaluator's page: first the declaration of interests, then the bids to score."""
    viewer, process, evaluator = _evaluator(request, slug)
    form = forms.DeclarationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = forms.run_service(form, lambda: services.declare_interests(
            evaluator=evaluator, by=request.user, **form.cleaned_data))  # fmt: skip
        if done is not None:
            messages.success(request, "Your declaration is recorded.")
            return redirect("commissioning:evaluation", slug=process.slug)
    bids = list(queries.opened_bids(viewer, process)) if evaluator.may_score else []
    scored = {s.bid_id for s in evaluator.scores.all()}
    context = {
        "process": process,
        "evaluator": evaluator,
        "form": form,
        "bids": [(bid, bid.pk in scored) for bid in bids],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "commissioning/procurement/evaluation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def bid_score(request: HttpRequest, slug: str, bid_id) -> HttpResponse:
    """An evaluator scores one bid against each criterion; they see only their own scores."""
    viewer, process, evaluator = _evaluator(request, slug)
    criteria = list(process.criteria.all())
    if evaluator.has_conflict:
        # The attempt is refused (and recorded) by the service, before any content is shown.
        bid = process.bids.filter(pk=bid_id).first()
        if bid is None:
            raise Http404("No such bid.")
        try:
            services.score_bid(evaluator=evaluator, bid=bid, scores={}, by=request.user)
        except ValidationError as refusal:
            raise PermissionDenied(" ".join(refusal.messages)) from refusal
    bid = queries.bid_content(viewer, bid_id)
    if bid.process_id != process.pk:
        raise Http404("No such bid.")
    own = queries.own_scores(evaluator, bid)
    initial = {}
    for criterion_id, score in own.items():
        initial[f"score_{criterion_id}"] = score.score
        initial[f"rationale_{criterion_id}"] = score.rationale
    form = forms.score_form(criteria, posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = forms.run_service(form, lambda: services.score_bid(
            evaluator=evaluator, bid=bid, scores=form.marks(), by=request.user))  # fmt: skip
        if saved is not None:
            messages.success(request, f"Your scores of the bid from {bid.lead} are saved.")
            return redirect("commissioning:evaluation", slug=process.slug)
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "bid": bid, "form": form, "sections": _sections(bid)}
    return render(request, "commissioning/procurement/bid_score.html", context, status=status)


def _sections(bid) -> list:
    return [
        (forms.SECTION_LABELS[name][0], getattr(bid, name))
        for name in services.BID_SECTIONS
        if getattr(bid, name)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def bid_moderate(request: HttpRequest, slug: str, bid_id) -> HttpResponse:
    """The commissioner agrees a moderated score per criterion, beside every original score."""
    viewer = request_viewer(request)
    process = queries.access_managed_process(viewer, slug)
    bid = queries.bid_content(viewer, bid_id)
    if bid.process_id != process.pk:
        raise Http404("No such bid.")
    criteria = list(process.criteria.all())
    originals = queries.scores_for_moderation(viewer, bid)
    initial = {}
    for moderated in bid.moderated_scores.all():
        initial[f"score_{moderated.criterion_id}"] = moderated.score
        initial[f"reason_{moderated.criterion_id}"] = moderated.reason
    form = forms.moderation_form(criteria, posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = forms.run_service(form, lambda: services.moderate_bid(
            bid=bid, marks=form.marks(), by=request.user))  # fmt: skip
        if saved is not None:
            messages.success(request, f"The moderated scores of the bid from {bid.lead} are saved.")
            return redirect("commissioning:notice_manage", slug=process.slug)
    rows = [
        {
            "criterion": criterion,
            "originals": originals.get(criterion.pk, []),
            "score_field": form[f"score_{criterion.pk}"],
            "reason_field": form[f"reason_{criterion.pk}"],
        }
        for criterion in criteria
    ]
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "bid": bid, "form": form, "rows": rows}
    return render(request, "commissioning/procurement/bid_moderate.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lot_award(request: HttpRequest, slug: str, lot_id) -> HttpResponse:
    viewer = request_viewer(request)
    process = queries.access_managed_process(viewer, slug)
    lot = process.lots.filter(pk=lot_id).first()
    if lot is None:
        raise Http404("No such lot.")
    bids = [bid for bid in queries.opened_bids(viewer, process) if bid.lot_id == lot.pk]
    for bid in bids:
        bid.total = services.weighted_total(bid)
    bids.sort(key=lambda b: -(b.total or 0))
    form = forms.AwardForm(posted(request), bids=bids)
    if request.method == "POST" and form.is_valid():
        award = forms.run_service(form, lambda: services.award_lot(
            process=process, lot=lot, by=request.user, **form.cleaned_data))  # fmt: skip
        if award is not None:
            messages.success(request, f"{lot} is awarded. The standstill period has begun.")
            return redirect("commissioning:notice_manage", slug=process.slug)
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "lot": lot, "bids": bids, "form": form}
    return render(request, "commissioning/procurement/lot_award.html", context, status=status)


@login_required
@require_POST
def award_confirm(request: HttpRequest, slug: str, award_id) -> HttpResponse:
    def confirm(process):
        award = process.awards.filter(pk=award_id).first()
        if award is None:
            raise Http404("No such award.")
        return services.confirm_award(award=award, by=request.user)

    return _act(request, slug, confirm, "The award is final: the contract can be made.")
