"""The report as PDF: the same content and charts as the page, typeset by WeasyPrint."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from . import charts

# Nothing is fetched from the network or the disk: the charts are inline images and the
# stylesheet is in the template.
INLINE_ONLY = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def render_report(request, report, content: dict) -> bytes:
    html = render_to_string(
        f"programme/pdf/report_{content['kind']}.html",
        {"report": report, "content": content, "charts": charts.for_report(content)},
        request=request,
    )
    return HTML(string=html, url_fetcher=INLINE_ONLY).write_pdf()
