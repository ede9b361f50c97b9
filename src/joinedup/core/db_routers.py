"""An optional read replica (DATABASE_REPLICA_URL) for what anonymous visitors read.

Public pages may lag the primary by the replica's delay; anything a signed-in person reads, and
every write, goes to the primary, so no one misses their own change. Whether this request may
read from the replica is decided once, by `middleware.ReplicaReadsMiddleware`, and kept in a
context variable for the router.
"""

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

REPLICA = "replica"
reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


def may_read_from_replica(request: HttpRequest) -> bool:
    """An anonymous GET: no session cookie and no API token (checked without the database)."""
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
