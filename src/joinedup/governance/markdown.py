"""Minutes and other governance text written in Markdown, rendered to safe HTML.

Raw HTML in the source is never passed through: Markdown's HTML handling is switched off, so
`<script>` arrives as text, and the result is then cleaned with a small allow-list, which drops
any tag, attribute or URL scheme (such as `javascript:`) outside it.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import TocExtension

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}

# GOV.UK styles apply through classes, so the cleaner adds them to the tags it keeps.
GOVUK_CLASSES = {
    "p": "govuk-body",
    "a": "govuk-link",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "blockquote": "govuk-inset-text",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}


def _converter() -> markdown.Markdown:
    # The text sits under a page's h1 and a section's h2, so its own headings start at h3.
    converter = markdown.Markdown(
        extensions=["tables", "sane_lists", TocExtension(baselevel=3)], output_format="html"
    )
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render(text: str) -> SafeString:
    """Markdown to HTML that is safe to put in a page as it is."""
    html = _converter().convert(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={tag: {"class": css} for tag, css in GOVUK_CLASSES.items()},
    )
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703  # cleaned by nh3 with the allow-list above


def safe_url(url: str) -> str:
    """The URL if it is a web address a page may link to; otherwise an empty string."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""
