"""Races: fifty people submitting at the same moment, each on their own thread and their own
database connection, released together by a barrier.

The data they race over is committed first (a transactional test), because each thread's
connection sees only what is committed. A transactional test empties every table afterwards,
including the audit chain's head that a migration puts there; serialized rollback restores it.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from joinedup.core.audit_models import AuditEntry

RACERS = 50

# SQLite lets one writer at a time into the whole database, so a race there proves nothing
# about the product's locks; and the in-memory test database shares one cache between threads,
# whose table locks are refused at once ("database table is locked") rather than waited for.
RACE = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races run against PostgreSQL: SQLite serialises every writer, and its shared "
        "in-memory test database refuses concurrent writers instead of queueing them",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass
class Outcome:
    """What each of the racers got back: the record stored, or the refusal it was given."""

    stored: list = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    failures: list[BaseException] = field(default_factory=list)


def race(attempt: Callable[[int], object], racers: int = RACERS) -> Outcome:
    """Run `attempt(0)` … `attempt(racers - 1)` at once, each on its own thread and connection."""
    barrier = threading.Barrier(racers)
    results: list = [None] * racers

    def run(number: int) -> None:
        try:
            connection.ensure_connection()  # connect first, so that the barrier starts the race
            barrier.wait(timeout=120)
            results[number] = attempt(number)
        except BaseException as error:  # noqa: BLE001 -- every outcome is examined by the test
            results[number] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome = Outcome()
    for result in results:
        if isinstance(result, ValidationError):
            outcome.refusals.append(" ".join(result.messages))
        elif isinstance(result, BaseException):
            outcome.failures.append(result)
        else:
            outcome.stored.append(result)
    return outcome


def audit_entries(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def verify_audit() -> str:
    """`joinedup verify-audit`, as an operator would run it; it raises if the chain is broken."""
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()
