"""Importing a million observations: `joinedup.outcomes.services.import_observations` against a
bare bulk load of the same file in the same run.

    .venv/bin/python bench/outcomes_import.py [--rows 1000000] [--rounds 3] [--database-url postgres://…]

Generates a CSV file of observations (indicator, subject, period, numerator, denominator).
On PostgreSQL (a database created for the run and dropped after it) it times, in this order:
the bare `COPY` of the file into an equivalent table (the same columns as the file, with a
UUID primary key, the unique key and the two composite indexes of the observations table);
the import; the same import again (every figure unchanged). On SQLite (a new file) it times a
bare `executemany` of the file's rows into the same equivalent table, then the import and the
re-import. Prints the times and the ratios to the baseline; writes var/bench/outcomes-import.json.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench" / "outcomes-import.json"
INDICATORS = 20
MAPPING = "bench-observations"
ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-a-secret",
    "ALLOWED_HOSTS": "*",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
}


def table_statements(name: str, *, checked: bool, uuid_type: str, uuid_default: str) -> list:
    """A table for the file's rows with the observations table's UUID primary key, unique key and
    index; `checked`, also its foreign keys (to the indicator and subject codes), like it."""
    references = (
        ("REFERENCES outcomes_indicator (code) DEFERRABLE INITIALLY DEFERRED",
         "REFERENCES outcomes_subject (code) DEFERRABLE INITIALLY DEFERRED")
        if checked else ("", "")
    )  # fmt: skip
    return [
        f"CREATE TABLE {name} (id {uuid_type} PRIMARY KEY {uuid_default}, "
        f"indicator varchar(32) NOT NULL {references[0]}, "
        f"subject varchar(64) NOT NULL {references[1]}, period varchar(16) NOT NULL, "
        "numerator double precision, denominator double precision)",
        f"CREATE UNIQUE INDEX {name}_key ON {name} (indicator, period, subject)",
        f"CREATE INDEX {name}_subject ON {name} (subject, indicator, period)",
    ]


BASELINES = {"bare": False, "equivalent": True}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server: a database is created on it for the run and dropped after",
    )
    parser.add_argument(
        "--rounds", type=int, default=1,
        help="measure this many times, each on a new database; report each step's fastest",
    )  # fmt: skip
    parser.add_argument("--no-postgresql", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--output", type=Path, default=OUT)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def generate(path: Path, rows: int) -> dict:
    """A CSV file of `rows` observations: 20 indicators × N subjects × months from April 2000."""
    import numpy as np
    import polars as pl

    months = 60
    subjects = max(1, -(-rows // (INDICATORS * months)))
    rng = np.random.default_rng(20250401)
    index = np.arange(rows)
    month = index % months
    subject = (index // months) % subjects
    indicator = index // (months * subjects)
    denominator = rng.integers(100, 20_000, rows)
    numerator = np.floor(denominator * rng.uniform(0.5, 1.0, rows))
    periods = [f"{2000 + (4 + m - 1) // 12}-{(4 + m - 1) % 12 + 1:02d}-01" for m in range(months)]
    frame = pl.DataFrame(
        {
            "indicator": pl.Series([f"BENCH-{i:02d}" for i in range(INDICATORS)])[indicator],
            "subject": pl.Series([f"S{s:06d}" for s in range(subjects)])[subject],
            "period": pl.Series(periods)[month],
            "numerator": numerator.astype(float),
            "denominator": denominator.astype(float),
        }
    )
    frame.write_csv(path)
    return {"rows": rows, "subjects": subjects, "indicators": INDICATORS, "months": months,
            "bytes": path.stat().st_size}  # fmt: skip


def create_database(url: str) -> tuple[str, str]:
    import psycopg

    name = f"joinedup_bench_outcomes_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}")), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bare_copy(url: str, path: Path, name: str) -> float:
    """Seconds to COPY the file into a baseline table, in one transaction."""
    import psycopg

    with psycopg.connect(url) as connection:
        statements = table_statements(
            f"bench_{name}", checked=BASELINES[name], uuid_type="uuid",
            uuid_default="DEFAULT gen_random_uuid()",
        )  # fmt: skip
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        started = time.perf_counter()
        with connection.cursor() as cursor, path.open("rb") as source:
            columns = "indicator, subject, period, numerator, denominator"
            with cursor.copy(
                f"COPY bench_{name} ({columns}) FROM STDIN (FORMAT csv, HEADER)"
            ) as copy:
                while block := source.read(1 << 20):
                    copy.write(block)
        connection.commit()
        return time.perf_counter() - started


def bare_executemany(database: Path, path: Path, name: str) -> float:
    """Seconds to insert the file's rows into a baseline table with one executemany."""
    import csv
    import sqlite3

    connection = sqlite3.connect(database)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    statements = table_statements(
        f"bench_{name}", checked=BASELINES[name], uuid_type="char(32)", uuid_default=""
    )
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    started = time.perf_counter()
    with path.open(newline="") as source:
        rows = csv.reader(source)
        next(rows)
        connection.executemany(
            f"INSERT INTO bench_{name} VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
            ((uuid.uuid4().hex, i, s, p, float(n), float(d)) for i, s, p, n, d in rows),
        )
    connection.commit()
    connection.close()
    return time.perf_counter() - started


def run_worker(env: dict, step: str, path: Path) -> dict:
    """Run a step in a fresh process with the product's settings for that database."""
    command = [sys.executable, __file__, "--worker", step, "--file", str(path)]
    output = subprocess.run(
        command, env={**os.environ, **env}, check=True, capture_output=True, text=True
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def worker(step: str, path: Path) -> None:
    """In a process of its own: `setup` the indicators, subjects and mapping, or `import`."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    django.setup()
    from joinedup.outcomes import services
    from joinedup.outcomes.choices import Frequency, Polarity, SubjectKind, ValueType
    from joinedup.outcomes.models import Subject

    if step == "setup":
        for number in range(INDICATORS):
            services.create_indicator(
                code=f"BENCH-{number:02d}", name=f"Benchmark indicator {number}",
                definition="Generated.", value_type=ValueType.PROPORTION,
                polarity=Polarity.HIGHER_IS_BETTER, frequency=Frequency.MONTHLY, multiplier=100,
            )  # fmt: skip
        import polars as pl

        codes = pl.scan_csv(path).select("subject").unique().collect()["subject"].sort()
        Subject.objects.bulk_create(
            Subject(code=code, name=code, kind=SubjectKind.PROVIDER) for code in codes
        )
        services.save_import_mapping(
            name=MAPPING,
            spec={
                "subject": "subject",
                "period": {"column": "period", "type": "month"},
                "indicator": {"column": "indicator"},
                "numerator": "numerator",
                "denominator": "denominator",
            },
        )
        print(json.dumps({"subjects": len(codes)}))
        return
    started = time.perf_counter()
    result = services.import_observations(file=path, mapping=MAPPING)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "summary": result.summary(), "new": result.new,
                      "changed": result.changed, "unchanged": result.unchanged}))  # fmt: skip


def migrate(env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "migrate", "--noinput", "-v", "0"],
        env={**os.environ, **env}, check=True,
    )  # fmt: skip


def measure(env: dict, path: Path, baseline) -> dict:
    """The baselines, then the import and the re-import, each timed once, in that order."""
    migrate(env)
    run_worker(env, "setup", path)
    results = {f"{name}_seconds": baseline(name) for name in BASELINES}
    first = run_worker(env, "import", path)
    again = run_worker(env, "import", path)
    results.update(
        import_seconds=first["seconds"], reimport_seconds=again["seconds"],
        import_summary=first["summary"], reimport_summary=again["summary"],
    )  # fmt: skip
    return with_ratios(results)


def with_ratios(results: dict) -> dict:
    for name in BASELINES:
        for step in ("import", "reimport"):
            results[f"{step}_ratio_{name}"] = (
                results[f"{step}_seconds"] / results[f"{name}_seconds"]
            )
    return results


def fastest(rounds: list[dict]) -> dict:
    """Each step's fastest time over the rounds (the least disturbed by a busy machine), the
    ratios of those, and every round as measured."""
    steps = [f"{name}_seconds" for name in BASELINES] + ["import_seconds", "reimport_seconds"]
    best = with_ratios({step: min(r[step] for r in rounds) for step in steps})
    return {**best, "import_summary": rounds[0]["import_summary"],
            "reimport_summary": rounds[0]["reimport_summary"], "rounds": rounds}  # fmt: skip


COLUMNS = [
    ("database", "{}", 11),
    ("bare", "{:.2f}", 7),
    ("equiv.", "{:.2f}", 8),
    ("import", "{:.2f}", 8),
    ("÷bare", "{:.2f}", 7),
    ("÷equiv.", "{:.2f}", 9),
    ("re-import", "{:.2f}", 11),
    ("÷bare", "{:.2f}", 7),
    ("÷equiv.", "{:.2f}", 9),
]
KEYS = [
    "bare_seconds", "equivalent_seconds", "import_seconds", "import_ratio_bare",
    "import_ratio_equivalent", "reimport_seconds", "reimport_ratio_bare",
    "reimport_ratio_equivalent",
]  # fmt: skip


def print_results(results: dict) -> None:
    file = results["file"]
    print(f"\n{file['rows']:,} rows, {file['bytes'] / 1e6:,.1f} MB (seconds; ratios to baselines)")
    print("".join(f"{title:>{width}}" for title, _, width in COLUMNS))
    for name in ("postgresql", "sqlite"):
        if name in results:
            cells = [name, *(results[name][key] for key in KEYS)]
            pairs = zip(cells, COLUMNS, strict=True)
            print("".join(f"{form.format(value):>{width}}" for value, (_, form, width) in pairs))
    for name in ("postgresql", "sqlite"):
        rounds = results.get(name, {}).get("rounds", [])
        if len(rounds) > 1:
            spans = [
                f"{key.replace('_ratio_', ' ÷ ')} {min(r[key] for r in rounds):.2f}–"
                f"{max(r[key] for r in rounds):.2f}"
                for key in ("import_ratio_bare", "import_ratio_equivalent")
            ]
            print(f"{name}, each round's ratios: {'; '.join(spans)}")
    if "postgresql" in results and "sqlite" in results:
        ratio = results["sqlite"]["import_seconds"] / results["postgresql"]["equivalent_seconds"]
        print(f"SQLite import ÷ PostgreSQL equivalent COPY: {ratio:.2f}")


def main() -> None:
    args = parse_args()
    if args.worker:
        worker(args.worker, args.file)
        return
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as tmp:
        tmp = Path(tmp)
        path = tmp / "observations.csv"
        results["file"] = generate(path, args.rows)
        if not args.no_postgresql:
            rounds = []
            for _ in range(args.rounds):
                url, name = create_database(args.database_url)
                try:
                    env = {**ENV, "DATABASE_URL": url, "JOINEDUP_VAR": str(tmp)}
                    rounds.append(measure(env, path, lambda n: bare_copy(url, path, n)))  # noqa: B023
                finally:
                    drop_database(args.database_url, name)
            results["postgresql"] = fastest(rounds)
        if not args.no_sqlite:
            os.environ.pop("DATABASE_URL", None)
            rounds = []
            for number in range(args.rounds):
                folder = tmp / f"sqlite-{number}"
                folder.mkdir()
                database = folder / "joinedup.sqlite3"
                env = {**ENV, "JOINEDUP_VAR": str(folder)}
                rounds.append(measure(env, path, lambda n: bare_executemany(database, path, n)))  # noqa: B023
            results["sqlite"] = fastest(rounds)
    print_results(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
