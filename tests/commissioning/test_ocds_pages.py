"""The Open Contracting pages: public, the same processes as the API (drafts and non-public
processes are 404), each process with its releases, downloads and what our checks found."""

import pytest
from django.urls import reverse

from joinedup.core.choices import Visibility

from . import ocds_factories as make

pytestmark = pytest.mark.django_db


def test_the_index_lists_published_processes_only(client):
    story = make.tender(until="awarded")
    draft = make.process(title="Draft day services")
    hidden = make.process(
        title="Partnership-only tender", published_at=make.at(0), visibility=Visibility.PARTNERSHIP
    )
    response = client.get(reverse("commissioning:ocds_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert story.process.ocid in page and f"/api/v1/ocds/releases/{story.process.ocid}" in page
    assert draft.title not in page and hidden.title not in page


def test_a_process_page_shows_its_releases_and_checks(client):
    story = make.tender(until="contracted")
    response = client.get(reverse("commissioning:ocds_process", args=[story.process.ocid]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Our checks found no problems" in page
    assert page.count(f"{story.process.ocid}-00") == len(story.releases)
    assert "Contract signed" in page and "Notice published" in page
    assert "Neighbours Together" in page and "SECRET" not in page


def test_drafts_and_unknown_processes_are_404(client):
    draft = make.process()
    for ocid in (draft.ocid, "ocds-unknown"):
        response = client.get(reverse("commissioning:ocds_process", args=[ocid]))
        assert response.status_code == 404


def test_free_text_is_escaped(client):
    process = make.process(title="<script>alert(1)</script>", published_at=make.at(0))
    make.emit(process, tags=["tender"], at=make.at(0))
    page = client.get(reverse("commissioning:ocds_process", args=[process.ocid])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_page_past_the_end_is_404(client):
    response = client.get(reverse("commissioning:ocds_index") + "?page=9")
    assert response.status_code == 404


def test_writes_are_not_allowed(client):
    assert client.post(reverse("commissioning:ocds_index")).status_code == 405
