"""Prometheus metrics of the web processes (METRICS=1): requests by route, method and status,
and how long they took.

Under gunicorn each worker is its own process, so each keeps its figures in files under
PROMETHEUS_MULTIPROC_DIR and a scrape of any worker adds up all of them (prometheus-client's
multiprocess mode); `joinedup serve` sets the directory up. Without it (one process, or the
tests), the figures are the process's own.
"""

import os

from django.http import HttpRequest
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Labels must stay few: a route is its URL name, never its path (which holds record ids).
UNROUTED = "unrouted"
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

REQUESTS = Counter(
    "joinedup_http_requests",
    "Requests answered, by route name, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "joinedup_http_request_duration_seconds",
    "Time from the request reaching Django to its response, by route name and method.",
    ["route", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match and match.view_name else UNROUTED


def observe(request: HttpRequest, status: int, seconds: float) -> None:
    route = route_of(request)
    method = request.method if request.method in METHODS else "other"
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


def exposition() -> bytes:
    """The metrics in Prometheus' text format, summed over every worker when there are several."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)
