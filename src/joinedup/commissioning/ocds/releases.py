"""Emitting releases: each service that changes a contracting process calls `emit` in its
transaction, after the change.

A release is the whole process as it now stands (built by `build.build_release`), tagged with
what changed. Releases are append-only and their dates strictly increase per process: when the
clock gives a time equal to or earlier than the last release's, the new release is dated one
microsecond after it, so that ordering by date is ordering by sequence.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit

from . import build
from .dates import release_date

# The releaseTag codelist of OCDS 1.1.5, less `compiled` (which only compiled releases carry).
RELEASE_TAGS = frozenset(
    {
        "planning",
        "planningUpdate",
        "tender",
        "tenderAmendment",
        "tenderUpdate",
        "tenderCancellation",
        "award",
        "awardUpdate",
        "awardCancellation",
        "contract",
        "contractUpdate",
        "contractAmendment",
        "implementation",
        "implementationUpdate",
        "contractTermination",
    }
)


def release_id(process, sequence: int) -> str:
    """The OCDS `id` of a process's `sequence`th release: unique, and readable in order."""
    return f"{process.ocid}-{sequence:04d}"


@transaction.atomic
def emit(process, *, tags: list[str], by=None, at=None):
    """Append the OCDS release describing `process` as it now stands, tagged with `tags`
    (OCDS releaseTag codes: planning, tender, tenderAmendment, award, contract, implementation…).

    Returns the new `Release`, or None while the process is a draft: nothing is published before
    the notice (or, without a notice, the contract) is, and the first release then carries the
    whole process as it stands. `at` dates the release (default: now).
    """
    from ..models import ContractingProcess, Release

    tags = list(dict.fromkeys(tags))
    if not tags:
        raise ValidationError({"tags": "A release needs at least one tag saying what changed."})
    unknown = sorted(set(tags) - RELEASE_TAGS)
    if unknown:
        raise ValidationError(
            {"tags": f"Not OCDS release tags: {', '.join(unknown)}. Use the releaseTag codelist."}
        )
    if not process.ocid:
        raise ValidationError(
            {"ocid": "A contracting process needs an ocid before it is published."}
        )
    # Lock the process so that concurrent changes number and date their releases one at a time.
    ContractingProcess.objects.select_for_update().filter(pk=process.pk).first()
    if not build.is_published(process):
        return None
    last = Release.objects.filter(process_id=process.pk).order_by("-sequence").first()
    date = at or timezone.now()
    if last is not None and date <= last.date:
        date = last.date + timedelta(microseconds=1)
    sequence = (last.sequence + 1) if last is not None else 1
    identifier = release_id(process, sequence)
    data = build.build_release(
        process, release_id=identifier, date=release_date(date), tags=tags, now=date
    )
    release = Release(
        process_id=process.pk,
        release_id=identifier,
        sequence=sequence,
        date=date,
        tags=tags,
        data=data,
    )
    release.save()
    audit.record(
        action="ocds_release.emitted",
        by=by,
        obj=release,
        data={"ocid": process.ocid, "release": identifier, "tags": tags},
    )
    return release
