"""What a load balancer, an orchestrator and a monitoring system ask of a web process.

`/healthz`: the process answers (it touches nothing else, so a database outage does not get
every process restarted). `/readyz`: this process can serve — its database answers and has every
migration applied — so a load balancer sends it traffic. `/metrics`: Prometheus, when METRICS=1,
for a scraper holding METRICS_TOKEN. None of them reads the session or sets a cookie, and none
is cached.
"""

import hmac

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

DATABASE_UNAVAILABLE = "Joined Up cannot reach its database; try again in a minute."
RETRY_AFTER_SECONDS = 60


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    reason = _not_ready_reason()
    if reason:
        return JsonResponse({"status": "unavailable", "reason": reason}, status=503)
    return JsonResponse({"status": "ok"})


def _not_ready_reason() -> str:
    try:
        loader = MigrationLoader(connection)
        unapplied = set(loader.graph.nodes) - set(loader.applied_migrations)
    except DatabaseError:
        return "The database cannot be reached."
    if unapplied:
        return f"Migrations not applied: {len(unapplied)}; run `joinedup migrate`."
    return ""


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.JOINEDUP_METRICS:
        raise Http404("Metrics are off.")
    if not _holds_metrics_token(request):
        response = HttpResponse("A metrics token is required.\n", status=401)
        response["WWW-Authenticate"] = "Bearer"
        return response
    from . import metrics as collected

    return HttpResponse(collected.exposition(), content_type=collected.CONTENT_TYPE)


def _holds_metrics_token(request: HttpRequest) -> bool:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(given) and hmac.compare_digest(given, settings.JOINEDUP_METRICS_TOKEN)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 for a database that has gone away: JSON for the API, a page for the rest.

    The page is rendered without the request's context, whose processors would ask the database
    again."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"message": DATABASE_UNAVAILABLE}, status=503)
    else:
        body = render_to_string("503.html", {"message": DATABASE_UNAVAILABLE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
