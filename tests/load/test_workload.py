"""`make load`'s own parts: signing in through the form, finding the pages a visitor is shown,
the load generator reading whole answers, and the write-up between its markers."""

import asyncio
from urllib.parse import urlsplit

import pytest

from bench import mix, mixgen
from bench.report_load import BEGIN, END, HEADING, write_section
from bench.workload import verdict
from tests import factories

PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(transactional_db, django_db_serialized_rollback, live_server):
    """pytest-django's live server. It answers from another thread, so the data must be
    committed; serialized rollback puts back the rows the migrations made (the audit chain's
    head) once a transactional test has emptied the tables."""
    parts = urlsplit(live_server.url)
    return parts.hostname, parts.port


def test_it_signs_in_through_the_form_and_finds_the_pages_each_visitor_is_shown(server):
    partner = factories.organisation("Mind Jersey")
    factories.person("val", organisation=partner, password=PASSWORD)

    cookie = mix.sign_in(*server, "val", PASSWORD)
    plan, broken = mix.discover(*server, {"val": cookie})

    pages = {(path, visitor) for _, _, path, visitor, _ in plan}
    assert "sessionid=" in cookie
    assert ("/", "anonymous") in pages
    assert (f"/partners/{partner.slug}/", "anonymous") in pages
    assert ("/my/", "val") in pages
    assert not [row for row in broken if row[1] != "(no page found)"]


def test_a_wrong_password_is_reported_rather_than_measured(server):
    factories.person("val", password=PASSWORD)

    with pytest.raises(RuntimeError, match="signing in as val answered 200"):
        mix.sign_in(*server, "val", "not the password")


def test_the_generator_reads_every_answer_whole_and_counts_what_failed(server):
    factories.organisation("Mind Jersey")
    plan = [
        (1, "home", "/", "anonymous", ""),
        (1, "missing", "/no-such-page/", "anonymous", ""),
    ]

    load = asyncio.run(mixgen.run(*server, plan, clients=2, seconds=1))

    statuses = {group: {status for _, status, _ in rows} for group, rows in load["groups"].items()}
    assert statuses == {"home": {200}, "missing": {404}}


def _step(clients, p95, errors=0):
    return {"clients": clients, "p95_ms": p95, "errors": errors}


def test_the_verdict_is_the_first_step_whose_p95_reaches_250_ms_and_the_errors_before_it():
    steps = [_step(1, 40), _step(2, 90, errors=1), _step(4, 260), _step(8, 600, errors=5)]

    assert verdict(steps) == {
        "p95_reaches_target_at_clients": 4,
        "last_step_below_target": 2,
        "errors_up_to_there": 1,
    }


def test_a_load_that_never_reaches_250_ms_says_so():
    assert verdict([_step(1, 40), _step(2, 90)])["p95_reaches_target_at_clients"] is None


def test_the_figures_replace_only_what_lies_between_the_markers(tmp_path):
    document = tmp_path / "performance.md"
    document.write_text("# Performance\n\nEarlier figures.\n")

    write_section(document, "First run.")
    write_section(document, "Second run.")

    text = document.read_text()
    assert text.startswith("# Performance\n\nEarlier figures.\n\n" + HEADING)
    assert text.endswith(f"{BEGIN}\nSecond run.\n{END}\n")
    assert "First run." not in text
