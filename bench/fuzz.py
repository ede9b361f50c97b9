"""`make fuzz`: schemathesis over every operation of the API, as each demo persona, at length.

The same checks as tests/fuzz/test_api_schema.py (the harness is shared): no answer is a server
error, and every answer has a documented status and matches its documented schema. This run
prepares a fresh test database (SQLite in memory by default; with DATABASE_URL set, the test
database beside it, e.g. test_joinedup on PostgreSQL, dropped afterwards), loads the demo with the
NHS England data, then calls every operation as each persona with up to --examples cases, the
operations in turn so that a run cut short by --minutes still covers every persona. It prints the
figures and writes them into docs/security.md between the fuzz markers.

A shorter run, for instance:
    FUZZ_EXAMPLES=20 FUZZ_MINUTES=3 make fuzz
"""

import argparse
import logging
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "security.md"
BEGIN = "<!-- fuzz:begin"
END = "<!-- fuzz:end -->"
# Anonymous, then every demo persona (src/joinedup/core/demo.py), most powerful first.
PERSONAS = "anonymous,admin,pmo,secretary,commissioner,analyst,voluntary,provider"


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--examples",
        type=int,
        default=int(env("FUZZ_EXAMPLES", "20")),
        help="most cases per operation and persona (FUZZ_EXAMPLES, 20)",
    )
    parser.add_argument(
        "--minutes",
        type=float,
        default=float(env("FUZZ_MINUTES", "10")),
        help="stop starting operations after this long (FUZZ_MINUTES, 10)",
    )
    parser.add_argument("--seed", type=int, default=int(env("FUZZ_SEED", "20261122")))
    parser.add_argument(
        "--personas",
        default=env("FUZZ_PERSONAS", PERSONAS),
        help=f"comma-separated demo usernames, or anonymous (FUZZ_PERSONAS, {PERSONAS})",
    )
    parser.add_argument(
        "--without-nhs-data",
        action="store_true",
        help="leave out the NHS England files (80,000 figures) from the demo",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the figures; leave docs/security.md"
    )
    return parser.parse_args()


@dataclass
class PersonaRun:
    """One persona's part of the run: its credentials, the operations it called, what failed."""

    name: str
    headers: dict[str, str]
    tally: object
    operations: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)


def summary(failure: BaseException) -> str:
    """The failure's kinds, e.g. "ST108 Response violates schema", or its type and first line."""
    lines = str(failure).splitlines()
    kinds = [line.removeprefix("- ").strip() for line in lines if line.startswith("- ")]
    return "; ".join(kinds) or f"{type(failure).__name__}: {lines[0] if lines else ''}"


def fuzz(args) -> dict:
    """Prepare the database, run every persona over every operation, and return the figures."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from tests.fuzz import harness

    logging.disable(logging.WARNING)  # thousands of expected 4xx; a 5xx is logged as an error
    started = time.monotonic()
    databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        harness.load_partnership(nhs_data=not args.without_nhs_data)
        prepared = time.monotonic() - started
        operations = harness.operations(harness.load_schema())
        runs = [
            PersonaRun(name, {} if name == "anonymous" else harness.bearer(name), harness.Tally())
            for name in args.personas.split(",")
        ]
        call_every_operation(operations, runs, args, harness)
        database = f"{connection.vendor} {database_version(connection)}"
    finally:
        teardown_databases(databases, verbosity=0)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "database": database,
        "operations": len(operations),
        "runs": runs,
        "prepared": prepared,
        "duration": time.monotonic() - started,
        "args": args,
    }


def call_every_operation(operations, runs: list["PersonaRun"], args, harness) -> None:
    """Each operation as each persona in turn, until the time runs out; a failure is recorded
    and the run goes on."""
    deadline = time.monotonic() + args.minutes * 60
    with harness.requests_in_rolled_back_transactions():
        for operation in operations:
            if time.monotonic() > deadline:
                return
            for run in runs:
                print(f"{operation.label} as {run.name}", file=sys.stderr)
                try:
                    harness.fuzz(
                        operation,
                        headers=run.headers,
                        examples=args.examples,
                        tally=run.tally,
                        seed=args.seed,
                    )
                except Exception as failure:  # noqa: BLE001 (each failure is a finding)
                    run.failures.append((operation.label, summary(failure)))
                run.operations += 1


def database_version(connection) -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"{major}.{minor}"
    return connection.Database.sqlite_version


def command(args) -> str:
    personas = "" if args.personas == PERSONAS else f" FUZZ_PERSONAS={args.personas}"
    return f"FUZZ_EXAMPLES={args.examples} FUZZ_MINUTES={args.minutes:g}{personas} make fuzz"


def render(figures: dict) -> str:
    args = figures["args"]
    runs = figures["runs"]
    minutes, seconds = divmod(round(figures["duration"]), 60)
    failures = [(run.name, label, text) for run in runs for label, text in run.failures]
    lines = [
        f"Last run {figures['date']} on {figures['database']} ({platform.machine()}, "
        f"{os.cpu_count()} cores): {figures['operations']} operations, up to {args.examples} "
        f"examples per operation and persona, seed {args.seed}, "
        f"{'with' if not args.without_nhs_data else 'without'} the NHS England data; "
        f"{minutes} min {seconds} s in all, {figures['prepared']:.0f} s of it preparing the "
        f"database. Command: `{command(args)}`.",
        "",
        "| persona | operations | requests | 2xx | 4xx | 5xx | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        by_class = {n: 0 for n in (2, 4, 5)}
        for status, count in run.tally.statuses.items():
            by_class[status // 100] = by_class.get(status // 100, 0) + count
        lines.append(
            f"| {run.name} | {run.operations} | {run.tally.requests} | {by_class[2]} "
            f"| {by_class[4]} | {by_class[5]} | {len(run.failures)} |"
        )
    lines.append("")
    if any(run.operations < figures["operations"] for run in runs):
        lines += ["The time ran out before every operation was called.", ""]
    if failures:
        lines.append("Failures:")
        lines += [f"- {name}, {label}: {text}" for name, label, text in failures]
    else:
        lines.append("Failures: none.")
    return "\n".join(lines)


def write_section(text: str, path: Path = DOCS) -> None:
    """Replace what is between the fuzz markers, and nothing else."""
    document = path.read_text()
    begin = document.index(BEGIN)
    begin = document.index("\n", begin) + 1
    end = document.index(END, begin)
    path.write_text(document[:begin] + text + "\n" + document[end:])


def main() -> int:
    args = parse_args()
    figures = fuzz(args)
    text = render(figures)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"\nWritten to {DOCS.relative_to(ROOT)}.")
    return 1 if any(run.failures for run in figures["runs"]) else 0


if __name__ == "__main__":
    sys.exit(main())
