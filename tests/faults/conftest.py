"""The upload targets of tests/hostile (where the product takes a file), shared here."""

from tests.hostile.conftest import (  # noqa: F401 (fixtures)
    board,
    evidence_target,
    import_target,
    media,
    paper_target,
    setting,
    tender_document_target,
)
