"""Prometheus metrics, when an operator turns them on (METRICS=1): request counts by route,
method and status, and latencies, summed over every gunicorn worker; only a scraper holding
METRICS_TOKEN may read them."""

import os
import re
import subprocess
import sys

import pytest
import requests

from tests.ops.servers import start_web_process

TOKEN = "scrape-me-not-a-secret"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def metrics_on(settings):
    settings.JOINEDUP_METRICS = True
    settings.JOINEDUP_METRICS_TOKEN = TOKEN
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0], "joinedup.core.middleware.MetricsMiddleware",
        *settings.MIDDLEWARE[1:],
    ]  # fmt: skip


def requests_counted(exposition: str, route: str, method="GET", status="200") -> float:
    pattern = (
        rf'^joinedup_http_requests_total\{{method="{method}",route="{route}",'
        rf'status="{status}"\}} (\S+)$'
    )
    found = re.search(pattern, exposition, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


@pytest.mark.django_db
def test_a_scraper_with_the_token_reads_requests_by_route_and_status(client, metrics_on):
    before = client.get("/metrics", headers=SCRAPER).text
    client.get("/partners/")
    client.get("/partners/no-such-partner/")
    after = client.get("/metrics", headers=SCRAPER)
    assert after.status_code == 200
    assert after["Content-Type"].startswith("text/plain")
    counted = {
        status: requests_counted(after.text, "core:organisation_detail", status=status)
        - requests_counted(before, "core:organisation_detail", status=status)
        for status in ("200", "404")
    }
    assert counted == {"200": 0, "404": 1}
    listed = requests_counted(after.text, "core:organisation_list") - requests_counted(
        before, "core:organisation_list"
    )
    assert listed == 1
    assert 'joinedup_http_request_duration_seconds_bucket{le="0.25",method="GET"' in after.text


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer "])
def test_no_one_without_the_token_reads_the_metrics(client, metrics_on, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "joinedup_http_requests_total" not in response.text


def test_metrics_cannot_be_turned_on_without_a_token():
    env = {**os.environ, "METRICS": "1", "METRICS_TOKEN": ""}
    checked = subprocess.run(
        [sys.executable, "-c", "import joinedup.settings"], env=env, capture_output=True, text=True
    )
    assert checked.returncode != 0
    assert "METRICS=1 needs METRICS_TOKEN" in checked.stderr


def test_the_counts_add_up_over_every_gunicorn_worker(tmp_path):
    web = start_web_process(
        tmp_path, workers=2, METRICS="1", METRICS_TOKEN=TOKEN,
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )  # fmt: skip
    try:
        before = requests_counted(web.get("/metrics", headers=SCRAPER).text, "core:healthz")
        sent = 0
        # Each request on a new connection goes to whichever worker accepts it first: keep
        # asking until both workers have served some (each keeps its own counter file).
        while sent < 20 or (len(worker_files(tmp_path)) < 2 and sent < 500):
            assert requests.get(f"{web.url}/healthz", timeout=60).status_code == 200
            sent += 1
        after = requests_counted(web.get("/metrics", headers=SCRAPER).text, "core:healthz")
    finally:
        web.stop()
    assert len(worker_files(tmp_path)) == 2
    assert after - before == sent


def worker_files(tmp_path) -> list:
    return list((tmp_path / "prometheus").glob("counter_*.db"))
