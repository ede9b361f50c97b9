"""Pages of the outcomes: the indicators and their definitions, each indicator over time (its XmR
chart) and across subjects (a caterpillar chart), each subject's dashboard, and its rating with
every step that produced it. Public where the indicator is public; what a viewer may not see is
not found. Every figure comes from `analysis`, which the API uses too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from joinedup.charts import for_page
from joinedup.core.access import request_viewer
from joinedup.core.caching import cache_for_anonymous
from joinedup.core.choices import StaffRole
from joinedup.core.forms import add_disk_full_error, is_disk_full, posted, run_service
from joinedup.core.pagination import other_pages_query, page_of

from . import access, analysis, charts, periods, queries, services
from .choices import SubjectKind
from .forms import ImportForm, RatingSchemeForm
from .methods import Comparison, Rating
from .models import ImportBatch, Observation, RatingScheme, Subject

COMPARISON_WORDS = {
    Comparison.BEST: "best (better at 99.8%)",
    Comparison.BETTER: "better",
    Comparison.SIMILAR: "similar",
    Comparison.WORSE: "worse",
    Comparison.WORST: "worst (worse at 99.8%)",
    Comparison.HIGHER: "higher",
    Comparison.LOWER: "lower",
}


class BadQuery(ValueError):
    """A query parameter that names nothing on the page: answered 400 with the message."""


def _bad_request(request: HttpRequest, error: BadQuery) -> HttpResponse:
    return render(request, "outcomes/bad_request.html", {"message": str(error)}, status=400)


@require_GET
@cache_for_anonymous
def indicator_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    indicators = queries.visible_indicators(viewer).order_by(
        "priority_area__theme__position", "priority_area__theme__code",
        "priority_area__position", "priority_area__code", "code",
    )  # fmt: skip
    context = {"indicators": indicators, "is_analyst": viewer.has_role(StaffRole.ANALYST)}
    return render(request, "outcomes/indicator_list.html", context)


def _default_subject(indicator) -> Subject | None:
    """The subject with the most figures on the indicator (by code among equals)."""
    busiest = (
        Observation.objects.filter(indicator=indicator)
        .values("subject")
        .annotate(figures=Count("id"))
        .order_by("-figures", "subject__code")
        .values_list("subject", flat=True)[:1]
    )
    return Subject.objects.filter(pk__in=busiest).select_related("parent").first()


def _chosen_subject(request, indicator) -> Subject | None:
    code = request.GET.get("subject", "").strip()
    if not code:
        return _default_subject(indicator)
    subject = Subject.objects.select_related("parent").filter(code=code).first()
    if subject is None:
        raise BadQuery(f"No place or organisation has the code '{code}'.")
    return subject


def _chosen_period(request, indicator, series) -> periods.Period | None:
    text = request.GET.get("period", "").strip()
    latest_type = series.results[-1].period.type if series.results else None
    if not text:
        return queries.latest_period(indicator, latest_type)
    try:
        return periods.parse_period(text, latest_type or periods.MONTH)
    except periods.PeriodError as error:
        raise BadQuery(f"'{text}' is not a period of this indicator: {error}.") from error


# The chart shows every place; the table beside it a page at a time, so that a national
# comparison (a thousand trusts) does not render a thousand rows at once.
RANKED_PER_PAGE = 50


@require_GET
@cache_for_anonymous
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    viewer = request_viewer(request)
    indicator = access.access_indicator(viewer, code=code)
    try:
        subject = _chosen_subject(request, indicator)
        series = analysis.series(indicator, subject) if subject else None
        summed = series is not None and not series.results
        if summed:
            series = analysis.summed_series(indicator, subject)
        period = _chosen_period(request, indicator, series) if series else None
    except BadQuery as error:
        return _bad_request(request, error)
    ranked = analysis.comparison(indicator, period) if period else []
    context = {
        "indicator": indicator,
        "versions": indicator.versions.all(),
        "subject": subject,
        "series": series,
        "summed": summed,
        "rows": list(zip(series.results, series.variation, series.plan, strict=True))
        if series
        else [],
        "xmr_chart": for_page(charts.xmr(series)) if series and series.results else None,
        "period": period,
        "periods": [r.period for r in reversed(series.results)] if series else [],
        "ranked": ranked,
        "ranked_page": page_of(request, ranked, per_page=RANKED_PER_PAGE),
        "query": other_pages_query(request),
        "caterpillar": for_page(charts.caterpillar(indicator, ranked)) if ranked else None,
        "comparison_words": COMPARISON_WORDS,
    }
    return render(request, "outcomes/indicator_detail.html", context)


@require_GET
@cache_for_anonymous
def subject_list(request: HttpRequest) -> HttpResponse:
    subjects = Subject.objects.select_related("parent").order_by("kind", "code")
    kinds = dict(SubjectKind.choices)
    groups: dict[str, list] = {}
    for subject in subjects:
        groups.setdefault(kinds.get(subject.kind, subject.kind), []).append(subject)
    return render(request, "outcomes/subject_list.html", {"groups": groups})


def _sort_key(row):
    area = row.indicator.priority_area
    if area is None:
        return (1, 0, "", 0, "", row.indicator.code)
    return (0, area.theme.position, area.theme.code, area.position, area.code, row.indicator.code)


def _schemes() -> list[RatingScheme]:
    """The stored schemes, the default first; with none stored, the first preset (unsaved, so
    that reading a page never writes)."""
    schemes = list(RatingScheme.objects.all())
    if schemes:
        return schemes
    preset, name, comparison, _, description = services.RATING_PRESETS[0]
    scheme = RatingScheme(
        name=name, slug=preset.name.replace("_", "-"), comparison=comparison,
        description=description, is_default=True, **services.rating_scheme_fields(preset),
    )  # fmt: skip
    return [scheme]


def _chosen_scheme(request, schemes: list[RatingScheme]) -> RatingScheme:
    slug = request.GET.get("scheme", "").strip()
    if not slug:
        return schemes[0]
    for scheme in schemes:
        if scheme.slug == slug:
            return scheme
    raise BadQuery(f"There is no rating scheme '{slug}'.")


@require_GET
@cache_for_anonymous
def subject_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    viewer = request_viewer(request)
    subject = access.access_subject(code=code)
    rows = sorted(analysis.dashboard(subject, viewer), key=_sort_key)
    scheme = _schemes()[0]
    context = {
        "subject": subject,
        "rows": [
            {
                "row": row,
                "chart": for_page(charts.sparkline(row.sparkline, row.indicator.code))
                if len(row.sparkline) > 1
                else None,
            }
            for row in rows
        ],
        "rating": analysis.rate_under(subject, viewer, scheme),
        "scheme": scheme,
        "comparison_words": COMPARISON_WORDS,
    }
    return render(request, "outcomes/subject_dashboard.html", context)


def _number(value: float) -> str:
    return f"{value:g}"


def scheme_rules(scheme: RatingScheme) -> dict:
    """The scheme's rules in words: what each comparison scores, and each band's rating."""
    scores = [
        f"{COMPARISON_WORDS[Comparison(label)]} scores {_number(score)}"
        for label, score in scheme.scores.items()
    ]
    ratings = [Rating(label).replace("_", " ") for label in scheme.ratings]
    edges = [_number(edge) for edge in scheme.edges]
    bands = [f"below {edges[0]}: {ratings[0]}"] if edges else [f"any score: {ratings[0]}"]
    bands += [
        f"from {low} to below {high}: {rating}"
        for low, high, rating in zip(edges, edges[1:], ratings[1:], strict=False)
    ]
    if edges:
        bands.append(f"{edges[-1]} or more: {ratings[-1]}")
    return {"scores": scores, "bands": bands}


@require_GET
@cache_for_anonymous
def subject_rating(request: HttpRequest, code: str) -> HttpResponse:
    viewer = request_viewer(request)
    subject = access.access_subject(code=code)
    schemes = _schemes()
    try:
        scheme = _chosen_scheme(request, schemes)
    except BadQuery as error:
        return _bad_request(request, error)
    context = {
        "subject": subject,
        "scheme": scheme,
        "schemes": schemes,
        "rules": scheme_rules(scheme),
        "explanation": analysis.rate_under(subject, viewer, scheme),
        "comparison_words": COMPARISON_WORDS,
    }
    return render(request, "outcomes/subject_rating.html", context)


# Rating schemes -----------------------------------------------------------------------------


@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    """Every rating scheme with its rules in words, for anyone to read."""
    viewer = request_viewer(request)
    schemes = list(RatingScheme.objects.all())
    context = {
        "schemes": [(scheme, scheme_rules(scheme)) for scheme in schemes],
        "can_edit": viewer.has_role(StaffRole.ANALYST),
    }
    return render(request, "outcomes/scheme_list.html", context)


def _analyst_only(request: HttpRequest) -> None:
    if not request_viewer(request).has_role(StaffRole.ANALYST):
        raise PermissionDenied("Only analysts can do this.")


def _save_scheme(form: RatingSchemeForm, slug: str, by) -> RatingScheme | None:
    def save():
        try:
            return services.save_rating_scheme(slug=slug, by=by, **form.rule_arguments())
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):
                raise
            raise ValidationError(
                {form.service_fields.get(f, f): e for f, e in refusal.error_dict.items()}
            ) from None

    return run_service(form, save)


@login_required
def scheme_create(request: HttpRequest) -> HttpResponse:
    _analyst_only(request)
    form = RatingSchemeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        slug = slugify(form.cleaned_data["name"])[:100]
        if not slug:
            form.add_error("name", "Give the scheme a name with letters or digits.")
        elif RatingScheme.objects.filter(slug=slug).exists():
            form.add_error(
                "name", f"There is already a scheme called '{form.cleaned_data['name']}'."
            )
        elif (scheme := _save_scheme(form, slug, request.user)) is not None:
            messages.success(request, f"Rating scheme saved: {scheme.name}.")
            return redirect("outcomes:scheme_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "scheme": None}
    return render(request, "outcomes/scheme_form.html", context, status=status)


@login_required
def scheme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _analyst_only(request)
    scheme = get_object_or_404(RatingScheme, slug=slug)
    form = RatingSchemeForm(posted(request), initial=RatingSchemeForm.initial_with_version(scheme))
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = _save_scheme(form, scheme.slug, request.user)
    if saved is not None:
        messages.success(request, f"Rating scheme saved: {saved.name}.")
        return redirect("outcomes:scheme_list")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "scheme": scheme}
    return render(request, "outcomes/scheme_form.html", context, status=status)


# Imports ------------------------------------------------------------------------------------


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    """The files imported, newest first, with what each changed."""
    _analyst_only(request)
    batches = ImportBatch.objects.select_related("mapping", "by").order_by("-started_at")
    return render(request, "outcomes/import_list.html", {"page": page_of(request, batches)})


@login_required
def import_create(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or XLSX file through a saved mapping; a refused file changes nothing and
    its problems are listed beside the file field, by line."""
    _analyst_only(request)
    form = ImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_observations(
                file=form.cleaned_data["file"], mapping=form.cleaned_data["mapping"],
                create_subjects=form.cleaned_data["create_subjects"], by=request.user,
            )  # fmt: skip
        except ValidationError as refusal:  # about the file: each problem beside it
            form.add_error("file", refusal.messages)
        except (OSError, DatabaseError) as error:
            if not is_disk_full(error):
                raise
            add_disk_full_error(form)
        else:
            messages.success(request, f"Imported {result.summary()}")
            return redirect("outcomes:import_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "outcomes/import_form.html", {"form": form}, status=status)
