"""When the database goes away, Joined Up says so plainly (a 503 with Retry-After, not a server
error), and it serves again by itself when the database returns. Run for real: gunicorn in a
subprocess reaches PostgreSQL through a proxy that the test cuts and restores."""

import pytest

from joinedup.core.ops import DATABASE_UNAVAILABLE
from tests.ops.servers import CuttableProxy, postgres_url, start_web_process

pytestmark = pytest.mark.usefixtures("shared_db")


@pytest.fixture
def proxy():
    from django.db import connection

    proxy = CuttableProxy(connection.settings_dict["HOST"] or "127.0.0.1",
                          int(connection.settings_dict["PORT"] or 5432))  # fmt: skip
    proxy.start()
    yield proxy
    proxy.cut()


@pytest.fixture
def web(proxy, tmp_path):
    web = start_web_process(tmp_path, DATABASE_URL=postgres_url("127.0.0.1", proxy.port))
    yield web
    web.stop()


def test_the_site_says_its_database_is_unreachable_and_recovers_when_it_returns(web, proxy):
    assert web.get("/").status_code == 200
    assert web.get("/api/v1/organisations").status_code == 200

    proxy.cut()
    page = web.get("/")
    assert page.status_code == 503
    assert DATABASE_UNAVAILABLE in page.text
    assert page.headers["Retry-After"] == "60"
    api = web.get("/api/v1/organisations")
    assert api.status_code == 503
    assert api.json() == {"message": DATABASE_UNAVAILABLE}
    assert api.headers["Retry-After"] == "60"
    assert web.get("/readyz").json() == {
        "status": "unavailable",
        "reason": "The database cannot be reached.",
    }
    assert web.get("/healthz").status_code == 200

    proxy.restore()
    assert web.get("/").status_code == 200
    assert web.get("/api/v1/organisations").status_code == 200
    assert web.get("/readyz").status_code == 200


def test_the_outage_is_logged_with_the_request_id_and_not_as_a_server_error(web, proxy):
    proxy.cut()
    assert web.get("/partners/", headers={"X-Request-ID": "outage-1"}).status_code == 503
    logged = [line for line in web.lines() if '"outage-1"' in line]
    assert any('"Database unavailable: ' in line for line in logged)
    assert any('"status": "503"' in line and "gunicorn.access" in line for line in logged)
    assert not any("Traceback" in line or '"status": "500"' in line for line in web.lines())
