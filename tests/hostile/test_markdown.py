"""Hostile Markdown and rich text: script tags, event handlers, javascript: and data: URLs, SVG,
and tricks that nest or encode them. Minutes are the one text rendered from Markdown (on the
meeting's page); every other free text is shown escaped, on pages and in the HTML a report's PDF
is typeset from. Whatever is written, what reaches the reader holds only the allowed tags,
attributes and link schemes."""

from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from joinedup.governance import markdown, services
from joinedup.programme import charts, reports
from joinedup.programme import services as programme_services
from joinedup.programme.choices import ReportKind
from tests.hostile.conftest import BOUNDED
from tests.programme import factories as programme_factories

pytestmark = pytest.mark.django_db

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="#" onclick="alert(1)">click</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<style>body{display:none}</style>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '[x](https://example.org "title" onmouseover=alert(1))',
    '<https://example.org/"onmouseover="alert(1)>',
    '<a href="https://example.org" style="position:fixed">x</a>',
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "> <img src=x onerror=alert(1)>\n\n- <svg/onload=alert(1)>",
    "```\n<script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<link rel=stylesheet href=data:text/css,body{}>",
]
SCHEMES = {"http", "https", "mailto", ""}


class _Elements(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser's parser would find them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _unsafe_parts(html: str) -> list[str]:
    """Whatever in the HTML is outside the allow-list: a tag, an attribute, a link's scheme."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if tag not in markdown.ALLOWED_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name not in {"href", "title", "class", "rel"} or name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name == "href" and urlsplit((value or "").strip()).scheme.lower() not in SCHEMES:
                found.append(f"<{tag} href={value}>")
    return found


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_keeps_only_the_allowed_tags_attributes_and_schemes(text):
    html = markdown.render(text)
    assert _unsafe_parts(html) == []
    assert "<script" not in html.lower() and "<svg" not in html.lower()


@BOUNDED
@given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=40), max_size=8))
def test_any_mixture_of_hostile_and_ordinary_markdown_renders_safe(pieces):
    for glue in ("", "\n", "\n\n", " "):
        assert _unsafe_parts(markdown.render(glue.join(pieces))) == []


def test_a_safe_link_and_emphasis_survive(db):
    html = markdown.render("**Agreed**: see [the plan](https://example.org/plan).")
    assert "<strong>Agreed</strong>" in html
    assert 'href="https://example.org/plan"' in html and 'rel="noopener noreferrer"' in html


def test_hostile_minutes_are_neutralised_on_the_meeting_page(secretary, board):
    services.draft_minutes(meeting=board.meeting, text="\n\n".join(HOSTILE))
    page = secretary.client.get(board.meeting.get_absolute_url())
    assert page.status_code == 200
    minutes = page.content.decode().split('<div class="jup-minutes">', 1)[1].split("</div>", 1)[0]
    assert minutes.strip()
    assert _unsafe_parts(minutes) == []


@pytest.mark.parametrize("text", HOSTILE[:8] + HOSTILE[16:22])
def test_hostile_text_in_a_report_is_escaped_on_its_page_and_in_its_pdf(pmo, text):
    programme = programme_factories.programme()
    report = programme_services.draft_report(
        programme=programme, kind=ReportKind.MONTHLY, month=date(2021, 6, 1),
        title="June report", asks_of_board=text,
    )  # fmt: skip
    page = pmo.client.get(report.get_absolute_url())
    assert page.status_code == 200
    content = reports.assemble(report)
    pdf_html = render_to_string(
        f"programme/pdf/report_{content['kind']}.html",
        {"report": report, "content": content, "charts": charts.for_report(content)},
    )
    for html in (page.content.decode(), pdf_html):
        assert escape(text) in html
        assert text == escape(text) or text not in html  # plain text is shown as it is
