"""Middleware for running Joined Up in production: request ids, metrics, and a database that
has gone away."""

import logging
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from .db_routers import may_read_from_replica, reading_from_replica
from .logs import current_request_id, request_id_from
from .ops import database_unavailable

logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """Give each request an id: on `request.id`, the X-Request-ID response header and every log
    record written while it is served. Outermost, so that every other layer's logs carry it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.id = request_id_from(request.headers.get("X-Request-ID"))
        token = current_request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 that says so, not a server error.

    Django closes a connection that failed at the end of the request, so the next request
    reconnects: the site recovers by itself when the database returns. Innermost, so that it
    sees the view's exception before any other layer turns it into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        first_line = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
        logger.warning("Database unavailable: %s", first_line)
        return database_unavailable(request)


class MetricsMiddleware:
    """Count and time every request by route name, method and status (only when METRICS=1)."""

    def __init__(self, get_response):
        from . import metrics

        self.metrics = metrics
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        self.metrics.observe(request, response.status_code, time.perf_counter() - started)
        return response


class ReplicaReadsMiddleware:
    """Send an anonymous GET's reads to the read replica (only with DATABASE_REPLICA_URL)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = reading_from_replica.set(may_read_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            reading_from_replica.reset(token)
