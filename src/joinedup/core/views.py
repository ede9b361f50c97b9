"""Pages of the public portal: home, partners directory, organisation pages, the account."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_GET, require_POST

from . import queries, services
from .access import access_organisation, request_viewer
from .caching import cache_for_anonymous
from .forms import ApiTokenForm, DirectoryFilterForm
from .models import ApiToken, Person, SignIn
from .pagination import other_pages_query, page_of


@require_GET
@cache_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    partners_by_kind = queries.partners_by_kind(viewer)
    return render(
        request,
        "core/home.html",
        {
            "partners_by_kind": partners_by_kind,
            "partner_count": sum(row["count"] for row in partners_by_kind),
        },
    )


@require_GET
@cache_for_anonymous
def organisation_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    form = DirectoryFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "core/organisation_list.html", {"form": form}, status=400)
    page = page_of(request, queries.partners_directory(viewer, form.filters()))
    context = {
        "form": form,
        "page": page,
        "rows": queries.directory_rows(page.object_list),
        "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "query": other_pages_query(request),
    }
    if request.headers.get("HX-Request"):
        return render(request, "core/partials/_organisation_results.html", context)
    return render(request, "core/organisation_list.html", context)


@require_GET
@cache_for_anonymous
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    organisation = access_organisation(viewer, slug=slug)
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "care_settings": organisation.care_settings.all(),
            "people": queries.people_of(organisation, viewer),
            "show_contacts": viewer.is_partner,
        },
    )


def _account_page(request: HttpRequest, person, *, form=None, new_token=None, status=200):
    tokens = ApiToken.objects.filter(person=person) if person else ApiToken.objects.none()
    context = {
        "person": person,
        "tokens": tokens,
        "form": form or ApiTokenForm(),
        "new_token": new_token,
        "sign_ins": queries.live_sign_ins(request.user),
        "this_session_key": request.session.session_key,
        "now": datetime.now(UTC),
        "session_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "core/account.html", context, status=status)


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).select_related("organisation").first()
    return _account_page(request, person)


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    person = get_object_or_404(Person, user=request.user)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, person, form=form, status=400)
    expires_at = datetime.now(UTC) + timedelta(days=form.cleaned_data["expires_in_days"])
    token, raw = services.issue_api_token(
        person=person, name=form.cleaned_data["name"], expires_at=expires_at, by=request.user
    )
    # The plain token is shown once, on this response only; it is not stored anywhere.
    return _account_page(request, person, new_token=raw, status=201)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, person__user=request.user)
    services.revoke_api_token(token=token, by=request.user)
    messages.success(request, f"The token '{token.name}' is revoked.")
    return redirect("core:account")


@login_required
@require_POST
def sign_in_end(request: HttpRequest, sign_in_id) -> HttpResponse:
    sign_in = get_object_or_404(SignIn, pk=sign_in_id, user=request.user)
    this_one = sign_in.session_key == request.session.session_key
    services.end_sign_in(sign_in=sign_in, by=request.user)
    if this_one:
        logout(request)
        return redirect("core:sign_in")
    messages.success(request, "That session is signed out.")
    return redirect("core:account")


@login_required
@require_POST
def sign_ins_end_others(request: HttpRequest) -> HttpResponse:
    ended = services.end_other_sign_ins(
        user=request.user, keep_session_key=request.session.session_key, by=request.user
    )
    messages.success(request, f"Signed out of {ended} other session{pluralize(ended)}.")
    return redirect("core:account")
