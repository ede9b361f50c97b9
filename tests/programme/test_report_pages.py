"""The report as the public, the partnership and the PMO meet it: the page, the PDF with every
section and the same figures, and the workflow from draft to published."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from joinedup.programme.choices import ReportStatus
from joinedup.programme.models import Report
from tests.governance import factories as gov
from tests.programme.matrix import build_programme_record

pytestmark = pytest.mark.django_db

SECTION_TITLES = [
    "Summary", "Workstreams", "Milestone tracker", "Finance", "Benefits", "Top risks",
    "Dependencies due or broken", "Exceptions", "Decisions required and taken",
    "Recommendations and each partner's ratification", "Escalations", "Path to green",
]  # fmt: skip


@pytest.fixture
def records(member_a, partner_a, partner_b):
    return build_programme_record(member=member_a.person, partner_a=partner_a, partner_b=partner_b)


def pdf_text_of(document: bytes) -> str:
    reader = PdfReader(io.BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return pdf_text_of(response.content)


def test_the_published_report_pdf_has_every_section_and_the_pages_figures(records, anonymous):
    report = records["published_report"]
    page = anonymous.client.get(f"/reports/{report.pk}/").content.decode()
    text = pdf_text(anonymous.client.get(f"/reports/{report.pk}/report.pdf"))
    for title in SECTION_TITLES:
        assert title in page
        assert title in text.replace("’", "'"), title
    assert "Rapid Response" in text and "Rapid Response" in page
    assert f'href="/reports/{report.pk}/report.pdf"' in page


def test_the_public_never_sees_partnership_or_restricted_projects_in_a_report(records, anonymous):
    report = records["published_report"]
    for path in (f"/reports/{report.pk}/", f"/reports/{report.pk}/report.pdf"):
        response = anonymous.client.get(path)
        body = pdf_text(response) if path.endswith(".pdf") else response.content.decode()
        assert "PARTNERSHIP-ONLY" not in body and "RESTRICTED" not in body


def test_a_published_pdf_is_typeset_once_for_each_kind_of_reader(records, anonymous, member_b):
    from django.core.files.storage import default_storage

    report = records["published_report"]
    public = anonymous.client.get(f"/reports/{report.pk}/report.pdf").content
    assert default_storage.exists(f"reports/{report.pk}-public.pdf")
    assert not default_storage.exists(f"reports/{report.pk}-full.pdf")
    full = member_b.client.get(f"/reports/{report.pk}/report.pdf").content
    assert default_storage.exists(f"reports/{report.pk}-full.pdf")
    assert anonymous.client.get(f"/reports/{report.pk}/report.pdf").content == public
    assert "PARTNERSHIP-ONLY" in pdf_text_of(full) and "PARTNERSHIP-ONLY" not in pdf_text_of(public)


def test_partners_read_the_partnership_content_but_not_what_is_restricted(records, member_b):
    page = member_b.client.get(f"/reports/{records['published_report'].pk}/").content.decode()
    assert "PARTNERSHIP-ONLY Project" in page
    assert "RESTRICTED" not in page


def test_the_pmo_consolidates_the_board_agrees_and_the_pmo_publishes(records, pmo, anonymous):
    report = records["draft_report"]
    path = f"/reports/{report.pk}/status/"
    assert anonymous.client.get(f"/reports/{report.pk}/").status_code == 404
    pmo.client.post(path, {"to": "consolidated"})
    meeting = gov.meeting(records["programme"].reports_agreed_by)
    page = pmo.client.get(f"/reports/{report.pk}/").content.decode()
    assert "Record the Oversight Board's agreement" in page
    pmo.client.post(path, {"to": "agreed", "meeting": meeting.pk})
    pmo.client.post(path, {"to": "published"})
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.agreed_at_meeting == meeting
    assert anonymous.client.get(f"/reports/{report.pk}/").status_code == 200


def test_a_published_report_never_changes(records, pmo):
    report = records["published_report"]
    frozen = report.content
    response = pmo.client.post(f"/reports/{report.pk}/status/", {"to": "draft"}, follow=True)
    assert "cannot become Draft" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.content == frozen


def test_the_pmo_drafts_a_report_and_a_missing_month_is_named(records, pmo):
    path = f"/programmes/{records['programme'].slug}/reports/new/"
    response = pmo.client.post(path, {"kind": "monthly", "title": "August", "asks_of_board": "x"})
    assert response.status_code == 400
    assert "Give the month the report covers." in response.content.decode()
    response = pmo.client.post(
        path,
        {"kind": "monthly", "month": "2021-08-12", "title": "August", "asks_of_board": "Agree."},
    )
    created = Report.objects.get(title="August")
    assert response.status_code == 302 and created.month == date(2021, 8, 1)
