"""Two web processes behind one load balancer share nothing but the database and the file
store: what a secretary does through one, anyone sees through the other, straight away."""

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from joinedup.core.choices import StaffRole
from joinedup.governance.choices import MeetingStatus
from joinedup.governance.models import Paper
from tests import factories
from tests.governance import factories as gov
from tests.ops.servers import TIMEOUT, postgres_url, start_web_process

pytestmark = pytest.mark.usefixtures("shared_db")

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def two_web_processes(tmp_path):
    shared = {"DATABASE_URL": postgres_url(), "MEDIA_ROOT": str(tmp_path / "media")}
    first = start_web_process(tmp_path / "first", **shared)
    second = start_web_process(tmp_path / "second", **shared)
    yield first, second
    first.stop()
    second.stop()


@pytest.fixture
def meeting(db):
    secretary = factories.person("web_secretary", roles=[StaffRole.SECRETARY])
    # Hashed as the web processes' own settings can check, with few rounds to keep it quick.
    secretary.user.password = PBKDF2PasswordHasher().encode(PASSWORD, "saltsalt", iterations=1000)
    secretary.user.save(update_fields=["password"])
    body = gov.body("Strategic Partnership Board")
    meeting = gov.meeting(body, days_from_now=7, status=MeetingStatus.SCHEDULED)
    gov.item(meeting, "Out of hours care")
    return meeting


def sign_in(web, username: str) -> requests.Session:
    browser = requests.Session()
    web.get("/sign-in/", browser)
    signed_in = browser.post(
        f"{web.url}/sign-in/",
        {"username": username, "password": PASSWORD,
         "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False, timeout=TIMEOUT,
    )  # fmt: skip
    assert signed_in.status_code == 302
    return browser


def test_a_paper_uploaded_through_one_process_is_read_through_the_other(meeting, two_web_processes):
    first, second = two_web_processes
    browser = sign_in(first, "web_secretary")
    item = meeting.items.get()
    uploaded = browser.post(
        f"{first.url}/meetings/{meeting.id}/papers/",
        data={"item": item.pk, "title": "Spotlight paper",
              "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        files={"file": ("spotlight.pdf", PDF, "application/pdf")},
        allow_redirects=False, timeout=TIMEOUT,
    )  # fmt: skip
    assert uploaded.status_code == 302

    paper = Paper.objects.get(title="Spotlight paper")
    page = second.get(meeting.get_absolute_url(), browser)
    assert page.status_code == 200
    assert "Spotlight paper" in page.text
    download = second.get(paper.get_absolute_url(), browser)
    assert download.status_code == 200
    assert download.content == PDF
