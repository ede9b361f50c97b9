"""Emitting releases: each service that changes a contracting process calls `emit` in its
transaction, after the change."""


def emit(process, *, tags: list[str], by=None):
    """Append the OCDS release describing `process` as it now stands, tagged with `tags`
    (OCDS releaseTag codes: planning, tender, tenderAmendment, award, contract, implementation…)."""
    # Filled in by the OCDS module; services call it from the start so no change goes unpublished.
    return None
