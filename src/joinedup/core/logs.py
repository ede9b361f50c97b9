"""Log records that an operator can search: each carries the id of the request it belongs to.

The request id lives in a context variable, set by `middleware.RequestIdMiddleware` for the span
of one request, so any logger anywhere in the code (Django's own included) gets it through the
filter below without being passed the request. No Django imports: gunicorn's master process
loads this module for its own JSON logs before any Django code runs.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

NO_REQUEST = "-"
current_request_id: ContextVar[str] = ContextVar("current_request_id", default=NO_REQUEST)

# An id a client or load balancer may pass on: short, and nothing that could forge a log line.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
# Django puts the request object itself on its request log records; the id and path say enough.
JSON_SKIPPED = [*RESERVED_ATTRS, "request"]
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


def request_id_from(header: str | None) -> str:
    """The client's X-Request-ID if it is a sane token, else a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being served ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a response's error status after the middleware has finished, so the id
        # is then read from the request it passes along.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or current_request_id.get()
        return True


def json_formatter() -> JsonFormatter:
    return JsonFormatter(
        JSON_FIELDS, rename_fields=RENAMED,
        reserved_attrs=JSON_SKIPPED, timestamp=False,
    )  # fmt: skip


class GunicornAccessFormatter(JsonFormatter):
    """gunicorn's access log as JSON: one object a request, its parts as fields.

    gunicorn passes its log atoms (the request's parts) as the record's arguments; the request id
    comes from the response header that `RequestIdMiddleware` set.
    """

    ATOMS = {
        "remote_addr": "h", "method": "m", "path": "U", "query": "q", "status": "s",
        "bytes": "B", "duration_ms": "M", "user_agent": "a", "referer": "f",
        "request_id": "{x-request-id}o",
    }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields=RENAMED,
            reserved_attrs=[*RESERVED_ATTRS],
        )

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, dict) else {}
        for field, atom in self.ATOMS.items():
            if atom in atoms:
                log_data[field] = atoms[atom]
