"""Sites: a database and a file store of their own, worked on by `joinedup` in subprocesses.

A site is on the engine of the test run: a new SQLite file, or a new PostgreSQL database on the
server of the run's DATABASE_URL (named h_backup_…, dropped afterwards).
"""

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def postgresql_server() -> str | None:
    """The run's PostgreSQL server (its URL with the `postgres` database), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


@dataclass
class Site:
    folder: Path
    database_url: str | None = None

    @property
    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MEDIA_ROOT"}}
        env.update(JOINEDUP_VAR=str(self.folder), PYTHONPATH=str(ROOT))
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    @property
    def media(self) -> Path:
        return self.folder / "media"

    def run(self, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
        """`joinedup ARGS` against this site; never raises on failure (the test looks)."""
        command = [sys.executable, "-m", "joinedup.cli", *args]
        return subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
        )

    def start(self, *args: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "joinedup.cli", *args]
        return subprocess.Popen(
            command, env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

    def snapshot(self) -> dict:
        """Every record and file of the site (see snapshot.py)."""
        command = [sys.executable, "-m", "tests.backup.snapshot"]
        done = subprocess.run(
            command, env=self.env, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)

    def sql(self, query: str) -> list[tuple]:
        """Rows of one query, read outside Django."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as connection:
                return connection.execute(query).fetchall()
        import sqlite3

        with sqlite3.connect(self.folder / "joinedup.sqlite3") as connection:
            return connection.execute(query).fetchall()

    def table_names(self) -> set[str]:
        if self.database_url:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        else:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        return {name for (name,) in self.sql(query)}


def new_site(folder: Path, purpose: str) -> Site:
    folder.mkdir(parents=True, exist_ok=True)
    server = postgresql_server()
    if server is None:
        return Site(folder)
    import psycopg

    name = f"h_backup_{purpose}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return Site(folder, urlunsplit(urlsplit(server)._replace(path=f"/{name}")))


def drop_site(site: Site) -> None:
    if site.database_url:
        import psycopg

        name = urlsplit(site.database_url).path.lstrip("/")
        with psycopg.connect(postgresql_server(), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
