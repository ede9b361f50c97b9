"""Every kind of response carries the security headers: a page, an API answer, a feed, a file
download and an error page."""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.governance import services as governance
from tests.governance import factories as gov

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def paper(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = gov.item(gov.meeting(gov.body("Headers Board")), "Public item")
    uploaded = SimpleUploadedFile("plan.pdf", PDF)
    return governance.upload_paper(item=item, title="The plan", uploaded=uploaded)


@pytest.fixture
def responses(anonymous, paper):
    get = anonymous.client.get
    kinds = {
        "page": get("/"),
        "API answer": get("/api/v1/organisations"),
        "feed": get("/feeds/decisions.atom"),
        "file download": get(paper.get_absolute_url()),
        "error page": get("/no-such-page/"),
    }
    assert [r.status_code for r in kinds.values()] == [200, 200, 200, 200, 404]
    return SimpleNamespace(**{k.replace(" ", "_"): v for k, v in kinds.items()}, all=kinds)


def _policy(response) -> dict[str, list[str]]:
    directives = (d.strip().split() for d in response.headers["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives if name}


def test_every_kind_of_response_has_a_content_security_policy_without_unsafe_sources(responses):
    for kind, response in responses.all.items():
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], kind
        assert policy["style-src"] == ["'self'"], kind
        assert policy["object-src"] == ["'none'"], kind
        assert policy["base-uri"] == ["'self'"], kind
        sources = " ".join(value for values in policy.values() for value in values)
        assert "unsafe-" not in sources, f"{kind}: {sources}"
        assert "*" not in sources.split(), kind


def test_no_response_may_be_framed(responses):
    for kind, response in responses.all.items():
        assert _policy(response)["frame-ancestors"] == ["'none'"], kind
        assert response.headers["X-Frame-Options"] == "DENY", kind


def test_every_kind_of_response_limits_referrers_sniffing_and_openers(responses):
    for kind, response in responses.all.items():
        assert response.headers["Referrer-Policy"] == "same-origin", kind
        assert response.headers["X-Content-Type-Options"] == "nosniff", kind
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", kind


def test_https_responses_ask_browsers_to_use_https_for_a_year_with_subdomains(anonymous, paper):
    for path in ("/", "/api/v1/organisations", paper.get_absolute_url(), "/no-such-page/"):
        hsts = anonymous.client.get(path, secure=True).headers["Strict-Transport-Security"]
        assert hsts == "max-age=31536000; includeSubDomains; preload", path


def test_the_pages_have_no_inline_script_or_style_for_the_policy_to_block(member_a):
    # The policy forbids inline code, so a page that relied on it would silently break.
    page = member_a.client.get("/account/").content.decode()
    assert "<script>" not in page and " onclick=" not in page and " style=" not in page
    assert "<script src=" in page
