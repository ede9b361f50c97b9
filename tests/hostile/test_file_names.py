"""Hostile file names: path traversal, absolute paths, both kinds of slash, quotes, control
characters, NUL, very long names and any Unicode. The file is always kept under a safe name
inside MEDIA_ROOT, and served back with a Content-Disposition that no name can break out of."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.commissioning.services.plans import add_evidence
from joinedup.commissioning.services.procurement import add_document
from joinedup.governance import services as governance_services
from joinedup.governance.choices import MeetingStatus
from tests.commissioning import plans_factories, procurement_factories
from tests.governance import factories as gov
from tests.hostile import documents
from tests.hostile.conftest import DOCUMENT_TARGETS, files_in

pytestmark = pytest.mark.django_db

# Names as a browser may send them: Django's upload parser drops folders and unprintable
# characters, and keeps the last 255 characters' worth with the extension.
POSTED_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\system32\\evil.pdf",
    "/etc/cron.d/job.pdf",
    "C:\\Users\\Public\\board.pdf",
    "%2e%2e%2f%2e%2e%2fsecret.pdf",
    'quote" onload="x.pdf',
    "semi;colon=filename*=utf-8''x.pdf",
    "x" * 300 + ".pdf",
    "Réunion du conseil 🙂 مجلس.pdf",
    "\u202efdp.exe.pdf",
    "  .. .pdf",
]
# Names no browser sends, but a command or a future API might pass straight to the services.
DIRECT_NAMES = [
    "../../../../tmp/escaped.pdf",
    "/var/lib/joinedup/media/papers/other.pdf",
    "paper\r\nSet-Cookie: session=stolen.pdf",
    "paper\x00.exe.pdf",
    "paper\t\x1b[31m.pdf",
    "a/" * 200 + "deep.pdf",
]
# A Content-Disposition Django writes: the name quoted (printable ASCII, with \ and " escaped),
# or percent-encoded after filename*=.
SAFE_DISPOSITION = re.compile(
    r'attachment; (filename="(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"'
    r"|filename\*=utf-8''[A-Za-z0-9%._~!$&'()*+,;=:@/-]*)"
)


def _assert_kept_inside(media: Path, outside: Path) -> Path:
    [kept] = files_in(media)
    assert kept.resolve().is_relative_to(media.resolve())
    assert len(kept.name) <= 100 and kept.name.isprintable()
    assert not any(p.name in {"passwd.pdf", "escaped.pdf"} for p in outside.rglob("*.pdf")
                   if not p.is_relative_to(media))  # fmt: skip
    return kept


def _assert_served_safely(response, content: bytes) -> None:
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert SAFE_DISPOSITION.fullmatch(disposition), disposition
    assert "\r" not in disposition and "\n" not in disposition
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize("target_fixture", DOCUMENT_TARGETS)
@pytest.mark.parametrize("name", POSTED_NAMES)
def test_a_posted_file_name_is_kept_safe_and_served_with_a_safe_disposition(
    request, media, tmp_path, target_fixture, name
):
    target = request.getfixturevalue(target_fixture)
    response = target.post(SimpleUploadedFile(name, documents.PDF))
    assert response.status_code == 302
    _assert_kept_inside(media, tmp_path)
    _assert_served_safely(target.download(), documents.PDF)


@pytest.fixture
def direct_upload(secretary, board, commissioner):
    """The three services that keep a file, called as a command would call them."""
    meeting = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    item = gov.item(meeting)
    process = procurement_factories.notice(by=commissioner.person, publish=False)
    chapter = plans_factories.chapter()
    return {
        "paper": lambda file: governance_services.upload_paper(
            item=item, title="A paper", uploaded=file
        ),
        "tender document": lambda file: add_document(
            process=process, title="Specification", uploaded=file
        ),
        "needs evidence": lambda file: add_evidence(
            chapter=chapter, dated=chapter.assessed_on, title="Report", file=file
        ),
    }


@pytest.mark.parametrize("kind", ["paper", "tender document", "needs evidence"])
@pytest.mark.parametrize("name", DIRECT_NAMES)
def test_a_name_given_straight_to_a_service_is_kept_safe_inside_media_root(
    direct_upload, media, tmp_path, kind, name
):
    record = direct_upload[kind](SimpleUploadedFile(name, documents.PDF))
    kept = _assert_kept_inside(media, tmp_path)
    shown = getattr(record, "file_name", kept.name)
    assert shown.isprintable() and not re.search(r"[/\\]", shown)
    assert shown.endswith(".pdf") or shown == "document"
