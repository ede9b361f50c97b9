"""A figures import killed halfway through its load (SIGKILL: no chance to clean up) leaves
nothing of that file behind: no figures, and no import batch claiming to be in progress. The
import's one transaction never commits, and the database rolls it back.

Runs `joinedup import-observations` in a subprocess against a site of its own (a new SQLite file
or PostgreSQL database), on a file large enough to be killed mid-load.
"""

import signal
import subprocess
import sys
import time

import pytest

from bench.outcomes_import import MAPPING, generate
from tests.backup.sites import ROOT, drop_site, new_site

ROWS = 240_000


@pytest.fixture
def site_with_indicators(tmp_path):
    """A migrated site with the benchmark's indicators, subjects and mapping, and its file."""
    site = new_site(tmp_path / "site", "killed_import")
    figures = tmp_path / "observations.csv"
    try:
        generate(figures, ROWS)
        assert site.run("migrate", "--noinput", "-v", "0").returncode == 0
        setup = [sys.executable, "bench/outcomes_import.py", "--worker", "setup", "--file", figures]
        subprocess.run(setup, env=site.env, cwd=ROOT, check=True, capture_output=True)
        yield site, figures
    finally:
        drop_site(site)


def _loading(site) -> bool:
    """Whether the import is writing figures, in a transaction not yet committed."""
    if site.database_url:
        return bool(
            site.sql(
                "SELECT 1 FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation "
                "WHERE relname = 'outcomes_observation' AND mode = 'RowExclusiveLock'"
            )
        )
    # SQLite writes a large transaction's pages to the write-ahead log before it commits.
    wal = site.folder / "joinedup.sqlite3-wal"
    return wal.exists() and wal.stat().st_size > 4 * 1024 * 1024


def _kill_while_loading(site, process) -> None:
    deadline = time.monotonic() + 300
    while not _loading(site):
        assert process.poll() is None, "the import ended before it was seen loading"
        assert time.monotonic() < deadline, "the import never started loading"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()


def _wait_until_rolled_back(site) -> None:
    """PostgreSQL ends the dead client's backend (and its transaction) on its own time."""
    if not site.database_url:
        return
    deadline = time.monotonic() + 120
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    while site.sql(query)[0][0]:
        assert time.monotonic() < deadline, "the killed import's transaction never ended"
        time.sleep(0.2)


def test_an_import_killed_mid_load_leaves_nothing_half_loaded(site_with_indicators):
    site, figures = site_with_indicators
    process = site.start("import-observations", str(figures), "--mapping", MAPPING)

    _kill_while_loading(site, process)
    _wait_until_rolled_back(site)

    assert process.returncode == -signal.SIGKILL
    assert site.sql("SELECT count(*) FROM outcomes_observation") == [(0,)]
    assert site.sql("SELECT count(*) FROM outcomes_importbatch") == [(0,)]
    verified = site.run("verify-audit")
    assert verified.returncode == 0, verified.stderr

    # The same file imports whole afterwards: nothing of the killed run is in its way.
    again = site.run("import-observations", str(figures), "--mapping", MAPPING)
    assert again.returncode == 0, again.stderr
    assert site.sql("SELECT count(*) FROM outcomes_observation") == [(ROWS,)]
    assert site.sql("SELECT count(*) FROM outcomes_importbatch WHERE finished_at IS NULL") == [(0,)]
