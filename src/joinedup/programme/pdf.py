"""The report as PDF: the same content and charts as the page, typeset by WeasyPrint.

Typesetting a report of fifty projects takes seconds, so a published report's PDF, which can
never change, is typeset once per rendering (the partnership's and the public's) and kept in
the default file storage; a draft is typeset on every request.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import charts
from .choices import ReportStatus

# Nothing is fetched from the network or the disk: the charts are inline images and the
# stylesheet is in the template.
INLINE_ONLY = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def typeset(report, content: dict) -> bytes:
    html = render_to_string(
        f"programme/pdf/report_{content['kind']}.html",
        {"report": report, "content": content, "charts": charts.for_report(content)},
    )
    return HTML(string=html, url_fetcher=INLINE_ONLY).write_pdf()


def render_report(report, content: dict, *, full: bool) -> bytes:
    """The report's PDF for a reader of the full (partnership) or the public content."""
    if report.status != ReportStatus.PUBLISHED:
        return typeset(report, content)
    name = f"reports/{report.pk}-{'full' if full else 'public'}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as kept:
            return kept.read()
    document = typeset(report, content)
    if not default_storage.exists(name):  # another worker may have kept it meanwhile
        default_storage.save(name, ContentFile(document))
    return document
