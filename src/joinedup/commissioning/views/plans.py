"""Commissioning pages: analyse and plan. Anyone reads the needs chapters, intentions (with
their delivery plan and route decisions), service areas (with their model history) and
specifications (with every version and its KPIs), as far as each record's visibility allows;
commissioners and admins write them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from joinedup.core.access import request_viewer
from joinedup.core.concurrency import VERSION_FIELD, version_of
from joinedup.core.forms import posted
from joinedup.governance.access import visible_decisions
from joinedup.outcomes.queries import visible_indicators

from ..forms import plans as forms
from ..queries import plans as queries
from ..services import plans as services


def _commissioner(request: HttpRequest):
    viewer = request_viewer(request)
    if not queries.may_commission(viewer):
        raise PermissionDenied("Only commissioners record needs, intentions and specifications.")
    return viewer


def _form_page(request, template: str, context: dict) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


# Needs ------------------------------------------------------------------------------------------


@require_GET
def chapter_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    context = {
        "chapters": queries.visible_chapters(viewer).order_by("title"),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/chapter_list.html", context)


@require_GET
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    chapter = queries.access_chapter(viewer, slug=slug)
    evidence = queries.chapter_evidence(chapter, viewer)
    context = {
        "chapter": chapter,
        "evidence": evidence,
        "outcomes": queries.outcomes_since(evidence),
        "thread": queries.thread_from_need(chapter, viewer),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/chapter_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def chapter_create(request: HttpRequest) -> HttpResponse:
    _commissioner(request)
    form = forms.ChapterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        chapter = forms.run_service(
            form, lambda: services.create_chapter(by=request.user, **form.service_data())
        )
        if chapter is not None:
            messages.success(request, f"The chapter '{chapter.title}' is added.")
            return redirect(chapter.get_absolute_url())
    return _form_page(request, "commissioning/plans/chapter_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _commissioner(request)
    chapter = queries.access_chapter(viewer, slug=slug)
    data = posted(request)
    form = forms.EvidenceForm(
        data, request.FILES if data is not None else None, indicators=visible_indicators(viewer)
    )
    if request.method == "POST" and form.is_valid():
        added = forms.run_service(
            form,
            lambda: services.add_evidence(
                chapter=chapter, by=request.user, **form.cleaned_data
            ),  # fmt: skip
        )
        if added is not None:
            messages.success(request, "The evidence is added to the chapter.")
            return redirect(chapter.get_absolute_url())
    context = {"chapter": chapter, "form": form}
    return _form_page(request, "commissioning/plans/evidence_form.html", context)


@require_GET
def evidence_file(request: HttpRequest, evidence_id) -> FileResponse:
    evidence = queries.access_evidence_file(request_viewer(request), evidence_id=evidence_id)
    name = evidence.file.name.rsplit("/", 1)[-1]
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = evidence.content_type or "application/octet-stream"
    return response


# Intentions -------------------------------------------------------------------------------------


@require_GET
def intention_list(request: HttpRequest) -> HttpResponse:
    from ..models import Principle

    viewer = request_viewer(request)
    context = {
        "intentions": queries.visible_intentions(viewer),
        "principles": Principle.objects.order_by("number"),
    }
    return render(request, "commissioning/plans/intention_list.html", context)


@require_GET
def intention_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    intention = queries.access_intention(viewer, slug=slug)
    context = {
        "intention": intention,
        "actions": intention.actions.order_by("position"),
        "chapters": intention.needs_chapters.visible_to(viewer).order_by("title"),
        "pathways": intention.care_pathways.order_by("name"),
        "routes": queries.route_decisions(intention, viewer),
        "specifications": queries.visible_specifications(viewer).filter(intention=intention),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/intention_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def route_decide(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _commissioner(request)
    intention = queries.access_intention(viewer, slug=slug)
    form = forms.RouteDecisionForm(
        posted(request),
        service_areas=queries.visible_service_areas(viewer),
        decisions=visible_decisions(viewer).select_related("body"),
    )
    if request.method == "POST" and form.is_valid():
        decided = forms.run_service(
            form, lambda: services.record_route_decision(
                intention=intention, by=request.user, **form.service_data()
            ),
        )  # fmt: skip
        if decided is not None:
            messages.success(request, f"The route is recorded: {decided.get_route_display()}.")
            return redirect(intention.get_absolute_url())
    context = {"intention": intention, "form": form}
    return _form_page(request, "commissioning/plans/route_form.html", context)


# Service areas ----------------------------------------------------------------------------------


@require_GET
def service_area_list(request: HttpRequest) -> HttpResponse:
    areas = queries.visible_service_areas(request_viewer(request))
    return render(request, "commissioning/plans/service_area_list.html", {"areas": areas})


@require_GET
def service_area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    area = queries.access_service_area(viewer, slug=slug)
    context = {
        "area": area,
        "history": queries.model_history(area),
        "specifications": queries.visible_specifications(viewer).filter(service_area=area),
        "pathways": area.care_pathways.order_by("name"),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/service_area_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def service_area_model(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _commissioner(request)
    area = queries.access_service_area(viewer, slug=slug)
    # Only the version: the new model is for the commissioner to choose, not the current one.
    form = forms.ModelChangeForm(posted(request), initial={VERSION_FIELD: version_of(area)})
    if request.method == "POST" and form.is_valid():
        changed = forms.run_service(
            form, lambda: services.change_service_area_model(
                service_area=area, by=request.user, **form.cleaned_data
            ),
        )  # fmt: skip
        if changed is not None:
            messages.success(request, f"{area} is now {changed.get_to_model_display().lower()}.")
            return redirect(area.get_absolute_url())
    context = {"area": area, "form": form}
    return _form_page(request, "commissioning/plans/model_form.html", context)


# Specifications ---------------------------------------------------------------------------------


@require_GET
def specification_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    context = {
        "specifications": queries.visible_specifications(viewer),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/specification_list.html", context)


@require_GET
def specification_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    spec = queries.access_specification(viewer, slug=slug)
    context = {
        "spec": spec,
        "versions": queries.specification_versions(spec),
        "processes": queries.visible_processes(viewer).filter(specification=spec),
        "may_commission": queries.may_commission(viewer),
    }
    return render(request, "commissioning/plans/specification_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def specification_create(request: HttpRequest) -> HttpResponse:
    viewer = _commissioner(request)
    form = forms.SpecificationForm(
        posted(request),
        indicators=visible_indicators(viewer),
        service_areas=queries.visible_service_areas(viewer),
        intentions=queries.visible_intentions(viewer),
    )
    if request.method == "POST" and form.is_valid():
        spec = forms.run_service(
            form, lambda: services.create_specification(by=request.user, **form.service_data())
        )
        if spec is not None:
            messages.success(request, f"The specification '{spec.title}' is written: version 1.")
            return redirect(spec.get_absolute_url())
    return _form_page(request, "commissioning/plans/specification_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def specification_version_add(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = _commissioner(request)
    spec = queries.access_specification(viewer, slug=slug)
    latest = queries.specification_versions(spec)[0]
    form = forms.SpecificationVersionForm(
        posted(request),
        initial=forms.SpecificationVersionForm.initial_with_version(latest),
        indicators=visible_indicators(viewer),
    )
    if request.method == "POST" and form.is_valid():
        version = forms.run_service(
            form, lambda: services.add_specification_version(
                specification=spec, by=request.user, **form.service_data()
            ),
        )  # fmt: skip
        if version is not None:
            messages.success(request, f"Version {version.version} is added.")
            return redirect(spec.get_absolute_url())
    context = {"spec": spec, "latest": latest, "form": form}
    return _form_page(request, "commissioning/plans/version_form.html", context)
