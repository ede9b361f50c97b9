"""The places where Joined Up takes a file from the browser, each as an upload target: who
posts it, where, and which records a stored upload would leave behind."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, settings

from joinedup.commissioning.models import NeedsEvidence, NoticeDocument
from joinedup.governance.choices import MeetingStatus
from joinedup.governance.models import Paper
from joinedup.outcomes.models import ImportBatch, Observation
from tests.commissioning import plans_factories, procurement_factories
from tests.governance import factories as gov
from tests.governance.conftest import board  # noqa: F401 (a fixture used here)
from tests.outcomes.conftest import setting  # noqa: F401 (a fixture used here)

# Hypothesis runs a fixed number of examples from a fixed seed, so every run tries the same inputs.
BOUNDED = settings(
    max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip


@dataclass
class Target:
    """Somewhere a file is uploaded: `post` sends one, `form` names the form in the response's
    context that holds the file field, `stored` counts the records an upload leaves."""

    name: str
    post: Callable[[SimpleUploadedFile], object]
    form: str
    stored: Callable[[], int]
    url: str = ""
    download: Callable[[], object] | None = None  # the latest stored file, as it is served


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def paper_target(secretary, board) -> Target:  # noqa: F811 (the fixture imported above)
    meeting = gov.meeting(board.body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    item = gov.item(meeting)
    url = f"/meetings/{meeting.id}/papers/"
    return Target(
        "board paper",
        lambda file: secretary.client.post(
            url, {"item": item.pk, "title": "A paper", "file": file}
        ),
        "paper_form",
        Paper.objects.count,
        url,
        lambda: secretary.client.get(Paper.objects.latest("uploaded_at").get_absolute_url()),
    )


@pytest.fixture
def tender_document_target(commissioner) -> Target:
    process = procurement_factories.notice(by=commissioner.person, publish=False)
    url = reverse("commissioning:document_add", kwargs={"slug": process.slug})
    return Target(
        "tender document",
        lambda file: commissioner.client.post(url, {"title": "Specification", "file": file}),
        "document_form",
        NoticeDocument.objects.count,
        url,
        lambda: commissioner.client.get(
            reverse(
                "commissioning:document_download",
                kwargs={
                    "slug": process.slug,
                    "document_id": NoticeDocument.objects.latest("added_at").pk,
                },
            )
        ),  # fmt: skip
    )


@pytest.fixture
def evidence_target(commissioner) -> Target:
    chapter = plans_factories.chapter()
    url = reverse("commissioning:evidence_add", kwargs={"slug": chapter.slug})
    return Target(
        "needs evidence",
        lambda file: commissioner.client.post(
            url, {"dated": "2022-01-01", "title": "Survey report", "file": file}
        ),
        "form",
        NeedsEvidence.objects.count,
        url,
        lambda: commissioner.client.get(
            reverse(
                "commissioning:evidence_file", args=[NeedsEvidence.objects.latest("added_at").pk]
            )
        ),
    )


@pytest.fixture
def import_target(analyst, setting) -> Target:  # noqa: F811 (the fixture imported above)
    return Target(
        "figures import",
        lambda file: analyst.client.post(
            "/imports/new/", {"file": file, "mapping": "test-mapping"}
        ),
        "form",
        lambda: ImportBatch.objects.count() + Observation.objects.count(),
        "/imports/new/",
    )


DOCUMENT_TARGETS = ["paper_target", "tender_document_target", "evidence_target"]
