"""`make load`: a mixed public and signed-in workload against gunicorn, on SQLite and PostgreSQL.

For each database: a fresh database with the demo (`joinedup migrate`, `joinedup demo`), gunicorn
with several sync workers (`joinedup serve --workers N`), the demo personas signed in through the
sign-in form, and the pages to request found by following links from the entry points
(bench/mix.py). Then, from this process (the load generator, bench/mixgen.py), the weighted mix
at a rising number of clients for a fixed time each. Prints a table per database, writes
var/load/<database>.json, and the figures into docs/performance.md between the load markers.

Settings come from flags or the environment, e.g. a short run:
    LOAD_SECONDS=5 LOAD_CLIENTS=1,4,16 LOAD_DATABASES=sqlite make load
"""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import mix, mixgen
from bench.report_load import render_section, write_section
from bench.run import drop_database, free_port, machine, server_cpu_seconds, wait_ready

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "load"
DOCS = ROOT / "docs" / "performance.md"
HOST = "127.0.0.1"
TARGET_P95_MS = 250.0


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--databases",
        default=env("LOAD_DATABASES", "sqlite,postgresql"),
        help="sqlite, postgresql or both, comma-separated (LOAD_DATABASES)",
    )
    parser.add_argument(
        "--database-url",
        default=env("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server: a database is created on it for the run and dropped after",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(env("LOAD_WORKERS", "4")),
        help="gunicorn sync workers (LOAD_WORKERS)",
    )
    parser.add_argument(
        "--clients",
        default=env("LOAD_CLIENTS", "1,2,4,8,16,32,64"),
        help="the steps: concurrent clients, comma-separated (LOAD_CLIENTS)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=float(env("LOAD_SECONDS", "15")),
        help="per step (LOAD_SECONDS)",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=float(env("LOAD_WARMUP", "5")),
        help="seconds of load before the first step, not counted (LOAD_WARMUP)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="every anonymous page rendered afresh (PAGE_CACHE=0)",
    )
    parser.add_argument(
        "--note",
        default=env("LOAD_NOTE", ""),
        help="a sentence for the write-up on the conditions of the run (LOAD_NOTE)",
    )
    parser.add_argument("--no-docs", action="store_true", help="leave docs/performance.md alone")
    args = parser.parse_args()
    args.databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    args.clients = [int(number) for number in args.clients.split(",")]
    unknown = set(args.databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown database {', '.join(unknown)}: sqlite or postgresql")
    return args


def base_env(var_dir: Path, page_cache: bool) -> dict:
    """Production settings without the HTTPS-only ones, as `make run` serves."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "JOINEDUP_VAR": str(var_dir),
        # Pages only: static files are served by WhiteNoise from the app directories.
        "STATIC_ROOT": str(OUT_DIR / "static"),
        "STATIC_MANIFEST": "0",
        "PAGE_CACHE": "1" if page_cache else "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        env.pop(f"{name}_FILE", None)  # would win over the values above
    env.pop("DATABASE_URL", None)
    return env


def fresh_database(kind: str, server_url: str, var_dir: Path) -> tuple[str, str | None]:
    """The URL of an empty database, and the name of a PostgreSQL database to drop after."""
    if kind == "sqlite":
        for path in var_dir.glob("joinedup.sqlite3*"):
            path.unlink()
        return f"sqlite:///{var_dir / 'joinedup.sqlite3'}", None
    import psycopg

    name = f"joinedup_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}")), name


def check_postgresql(url: str) -> str:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        sys.exit(
            f"PostgreSQL is not reachable at {url} ({error}).\n"
            "Give a server with LOAD_DATABASE_URL=postgres://..., or run SQLite only with "
            "LOAD_DATABASES=sqlite."
        )


def joinedup(env: dict, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "joinedup.cli", *arguments], cwd=ROOT, env=env, check=True
    )


def prepare(env: dict, var_dir: Path) -> float:
    """Migrate and load the demo; the seconds it took."""
    started = time.monotonic()
    joinedup(env, "migrate", "--noinput", "-v0")
    (var_dir / "demo-logins.txt").unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "demo"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.monotonic() - started


def start_server(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [sys.executable, "-m", "joinedup.cli", "serve", "--bind", f"{HOST}:{port}"]
    command += ["--workers", str(workers)]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_ready(f"http://{HOST}:{port}/", server, log, timeout=60)
    return server, port


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))] * 1000


def is_error(status: int) -> bool:
    return not 200 <= status < 400


def summarise(samples: list[tuple], duration: float) -> dict:
    """Requests, throughput, errors and latency percentiles of (latency, status, path) samples."""
    latencies = sorted(sample[0] for sample in samples)
    errors = [sample for sample in samples if is_error(sample[1])]
    return {
        "requests": len(samples),
        "rps": len(samples) / duration,
        "errors": len(errors),
        "error_rate": len(errors) / max(1, len(samples)),
        "not_200": sum(sample[1] != 200 for sample in samples),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": percentile(latencies, 100),
        "error_examples": sorted({f"{status or 'no answer'} {path}" for _, status, path in errors})[
            :10
        ],
    }


def step(port: int, plan: list, clients: int, seconds: float, server_pid: int) -> dict:
    """One step of the load, with the CPU the server and this generator used meanwhile."""
    server_cpu, own_cpu = server_cpu_seconds(server_pid), time.process_time()
    load = asyncio.run(mixgen.run(HOST, port, plan, clients, seconds))
    server_cpu = server_cpu_seconds(server_pid) - server_cpu
    own_cpu = time.process_time() - own_cpu
    duration, groups = load["duration_s"], load["groups"]
    samples = [sample for group in groups.values() for sample in group]
    return {
        "clients": clients,
        "duration_s": duration,
        **summarise(samples, duration),
        "server_cpu_cores": server_cpu / duration,
        "server_cpu_ms_per_request": server_cpu * 1000 / max(1, len(samples)),
        "load_average": os.getloadavg()[0],
        "generator_cpu_cores": own_cpu / duration,
        "groups": {name: summarise(group, duration) for name, group in sorted(groups.items())},
    }


def measure(kind: str, args, env: dict, var_dir: Path) -> dict:
    """Serve one prepared database and run the steps against it."""
    server, port = start_server(env, args.workers, var_dir / "gunicorn.log")
    try:
        logins = mix.read_logins(var_dir / "demo-logins.txt")
        sessions = {
            user: mix.sign_in(HOST, port, user, password) for user, password in logins.items()
        }
        plan, broken = mix.discover(HOST, port, sessions)
        print(f"  {len(sessions)} personas signed in; {len(plan)} (page, visitor) pairs in the mix")
        for group, path, visitor, status in broken:
            print(f"  NOT IN THE MIX: {group} {path} answered {status} to {visitor}")
        # Every worker renders each public page once, then serves it from its own cache.
        public = sorted({path for _, _, path, visitor, _ in plan if visitor == "anonymous"})
        asyncio.run(mixgen.warm(HOST, port, public, args.workers))
        if args.warmup:
            asyncio.run(mixgen.run(HOST, port, plan, args.workers, args.warmup))
        steps = []
        for clients in args.clients:
            steps.append(step(port, plan, clients, args.seconds, server.pid))
            print_step(steps[-1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"plan": plan_summary(plan), "not_in_mix": broken, "steps": steps}


def plan_summary(plan: list) -> list[dict]:
    """Each group's share of the requests and how many (page, visitor) pairs it draws from."""
    total = sum(entry[0] for entry in plan)
    groups: dict[str, dict] = {}
    for weight, group, path, visitor, _ in plan:
        row = groups.setdefault(
            group, {"group": group, "share": 0.0, "pages": set(), "visitors": set()}
        )
        row["share"] += weight / total
        row["pages"].add(path)
        row["visitors"].add(visitor)
    return [
        {**row, "pages": sorted(row["pages"]), "visitors": sorted(row["visitors"])}
        for row in groups.values()
    ]


def print_step(row: dict) -> None:
    print(
        f"  {row['clients']:>3} clients {row['requests']:>6} requests {row['rps']:>7.1f} req/s "
        f"errors {row['errors']} ({row['error_rate']:.2%})  p50 {row['p50_ms']:6.1f}  "
        f"p95 {row['p95_ms']:6.1f}  p99 {row['p99_ms']:6.1f} ms  server CPU "
        f"{row['server_cpu_cores']:.2f} cores, generator {row['generator_cpu_cores']:.2f}"
    )
    for example in row["error_examples"]:
        print(f"      error: {example}")


def verdict(steps: list[dict]) -> dict:
    """The first step whose p95 reaches the target, and the errors up to and including it."""
    reached = next((row for row in steps if row["p95_ms"] >= TARGET_P95_MS), None)
    upto = steps[: steps.index(reached) + 1] if reached else steps
    return {
        "p95_reaches_target_at_clients": reached["clients"] if reached else None,
        "last_step_below_target": next(
            (row["clients"] for row in reversed(upto) if row["p95_ms"] < TARGET_P95_MS), None
        ),
        "errors_up_to_there": sum(row["errors"] for row in upto),
    }


def run_database(kind: str, args) -> dict:
    var_dir = OUT_DIR / kind
    var_dir.mkdir(parents=True, exist_ok=True)
    env = base_env(var_dir, not args.no_page_cache)
    database_url, pg_name = fresh_database(kind, args.database_url, var_dir)
    env["DATABASE_URL"] = database_url
    try:
        print(f"{kind}: migrating and loading the demo ...")
        prepared = prepare(env, var_dir)
        load_before = os.getloadavg()
        print(f"  ready in {prepared:.0f} s; load average {load_before[0]:.2f}")
        result = measure(kind, args, env, var_dir)
    finally:
        if pg_name:
            drop_database(args.database_url, pg_name)
    return {
        "database": kind,
        "server_version": check_postgresql(args.database_url) if kind == "postgresql" else None,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_before": [round(value, 2) for value in load_before],
        "settings": {
            "workers": args.workers,
            "seconds_per_step": args.seconds,
            "warmup_seconds": args.warmup,
            "page_cache": not args.no_page_cache,
            "note": args.note,
        },
        **result,
        "verdict": verdict(result["steps"]),
    }


def main() -> None:
    args = parse_args()
    if "postgresql" in args.databases:
        check_postgresql(args.database_url)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "static").mkdir(exist_ok=True)
    started = time.monotonic()
    for kind in args.databases:
        report = run_database(kind, args)
        (OUT_DIR / f"{kind}.json").write_text(json.dumps(report, indent=2) + "\n")
        print(f"  {kind}: {report['verdict']}")
    print(f"Done in {time.monotonic() - started:.0f} s; results in {OUT_DIR}/")
    if not args.no_docs:
        results = [OUT_DIR / f"{kind}.json" for kind in ("sqlite", "postgresql")]
        reports = [json.loads(path.read_text()) for path in results if path.exists()]
        write_section(DOCS, render_section(reports))
        print(f"Wrote the figures into {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
