"""Every log line of a request carries its id, so an operator can follow one request through
the logs; the id comes from the load balancer when it sends a sane one."""

import io
import json
import logging

import pytest

from tests.ops.servers import start_web_process


@pytest.fixture
def log_lines():
    """What the configured console handler writes, one JSON object a line."""
    (console,) = [h for h in logging.getLogger().handlers if h.name == "console"]
    written = io.StringIO()
    previous = console.setStream(written)
    yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    console.setStream(previous)


@pytest.mark.django_db
def test_it_passes_on_the_load_balancers_request_id(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2026:01"})
    assert response["X-Request-ID"] == "lb-7f3a.2026:01"


@pytest.mark.parametrize(
    "forged", ["", "two words", "line\nbreak", '"quoted"', "x" * 129, "-leading-dash"]
)
@pytest.mark.django_db
def test_it_replaces_a_request_id_that_is_not_a_sane_token(client, forged):
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_requests_log_lines_are_json_with_its_id(client, log_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-404"})
    assert response.status_code == 404
    (line,) = [line for line in log_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "trace-404"
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /no-such-page/"
    assert line["status_code"] == 404


def test_log_lines_outside_a_request_say_so(log_lines):
    logging.getLogger("joinedup.test").warning("Nightly reminders sent")
    (line,) = log_lines()
    assert line["message"] == "Nightly reminders sent"
    assert line["request_id"] == "-"


def test_gunicorns_access_log_is_json_with_the_request_id(tmp_path):
    web = start_web_process(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    try:
        web.get("/healthz?probe=1", headers={"X-Request-ID": "lb-probe-42"})
    finally:
        web.stop()
    logged = [json.loads(line) for line in web.lines() if line.startswith("{")]
    (access,) = [line for line in logged if line.get("request_id") == "lb-probe-42"]
    assert access["logger"] == "gunicorn.access"
    assert (access["method"], access["path"], access["query"]) == ("GET", "/healthz", "probe=1")
    assert access["status"] == "200"
    assert {"time", "duration_ms", "remote_addr"} <= access.keys()
    assert any(line["logger"] == "gunicorn.error" for line in logged)
