"""`make bench`: the partners directory and API with N organisations, against a minimal view.

Creates a fresh database, loads N organisations, serves the product with gunicorn and measures
each page from a separate load-generator process (wrk, or bench/loadgen.py without it), in
interleaved rounds. Prints a table, writes var/bench/directory.json and, beside it, a profile of
the directory page (directory-profile.txt).
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"
BASELINE = "/bench/minimal/"
PATHS = [
    BASELINE,
    "/partners/",
    "/partners/?q=care&kind=voluntary_and_community",
    "/api/v1/organisations",
]
DIRECTORY = "/partners/"
TARGET_RATIO, AIM_RATIO, TARGET_P95_MS = 0.25, 0.5, 50.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--seconds", type=int, default=10, help="per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per path, not counted")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url",
        help="default: a fresh SQLite file; with PostgreSQL a new database "
        "is created on that server for the run and dropped after it",
    )
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="measure with the anonymous page cache off (every request rendered afresh)",
    )
    parser.add_argument("--output", type=Path, default=OUT_DIR / "directory.json")
    return parser.parse_args()


def fresh_database(url: str | None, tmp: Path) -> tuple[str, str | None]:
    """The URL of an empty database, and the name of a PostgreSQL database to drop after."""
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}", None
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        if Path(parts.path).exists():
            sys.exit(f"{parts.path} exists: give the path of a database file to create.")
        return url, None
    import psycopg

    name = f"joinedup_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped before serving:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {url} within {timeout} s")


def find_wrk(choice: str) -> str | None:
    """wrk, installing Debian's package when running as root; None to use bench/loadgen.py."""
    if choice == "python":
        return None
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {"stdout": subprocess.DEVNULL, "check": False}
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, **quiet)
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if choice == "wrk":
        sys.exit("wrk is not installed: apt-get install wrk")
    return None


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's master and workers, from /proc (Linux)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:
            continue  # a process that ended meanwhile
        fields = rest.rsplit(") ", 1)[1].split()
        if int(pid) == master or int(fields[1]) == master:  # fields[1] is the parent's pid
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def load(wrk: str | None, url: str, clients: int, seconds: int, env: dict) -> dict:
    """One fixed-duration run of the load generator, in its own process."""
    if wrk:
        command = [wrk, f"-t{min(2, clients)}", f"-c{clients}", f"-d{seconds}s", "--timeout=10s"]
        command += ["--latency", "-s", str(ROOT / "bench" / "wrk_report.lua"), url]
    else:
        command = [sys.executable, "-m", "bench.loadgen", url, f"--clients={clients}"]
        command += [f"--seconds={seconds}"]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, cwd=ROOT, env=env
    ).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        sys.exit(f"no result from the load generator:\n{output}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / result["duration_s"]
    result["errors"] = result["non_200"] + result["socket_errors"]
    return result


def summarise(path: str, runs: list[dict]) -> dict:
    def median(key: str) -> float:
        return round(statistics.median(run[key] for run in runs), 2)

    keys = ("rps", "p50_ms", "p95_ms", "p99_ms", "server_cpu_ms")
    row = {"path": path, **{key: median(key) for key in keys}}
    row["errors"] = sum(run["errors"] for run in runs)
    row["requests"] = sum(run["requests"] for run in runs)
    row["rounds"] = runs
    return row


def machine() -> dict:
    cpu = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "python": platform.python_version(),
        "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
        "platform": platform.platform(),
    }


def print_table(rows: list[dict]) -> None:
    print(
        f"\n{'path':<48} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'ratio':>6} {'CPU ms/req':>10} {'CPU ratio':>9}"
    )
    for row in rows:
        print(
            f"{row['path']:<48} {row['rps']:>8.1f} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
            f"{row['p99_ms']:>7.1f} {row['errors']:>6} {row['ratio']:>6.2f} "
            f"{row['server_cpu_ms']:>10.2f} {row['cpu_ratio']:>9.2f}"
        )


def serve_and_measure(args, env: dict, wrk: str | None, tmp: Path) -> list[dict]:
    """Start gunicorn, warm every path up, then measure them in interleaved rounds."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "joinedup.wsgi:application", "--bind"]
    command += [f"127.0.0.1:{port}", "--workers", str(args.workers), "--worker-class", "sync"]
    log = tmp / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(base + BASELINE, server, log)
        for path in PATHS:
            with urllib.request.urlopen(base + path) as response:
                print(f"GET {path}: {response.status}, {len(response.read())} bytes")
        for path in PATHS:
            load(wrk, base + path, args.clients, args.warmup, env)
        runs = {path: [] for path in PATHS}
        for number in range(1, args.rounds + 1):
            for path in PATHS:
                cpu = server_cpu_seconds(server.pid)
                result = load(wrk, base + path, args.clients, args.seconds, env)
                cpu = server_cpu_seconds(server.pid) - cpu
                result["server_cpu_ms"] = cpu * 1000 / max(1, result["requests"])
                runs[path].append(result)
                print(
                    f"round {number} {path:<48} {result['rps']:8.1f} req/s "
                    f"p95 {result['p95_ms']:6.1f} ms, {result['errors']} errors"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = [summarise(path, runs[path]) for path in PATHS]
    for row in rows:  # against the baseline, rows[0]
        row["ratio"] = round(row["rps"] / rows[0]["rps"], 3)
        row["cpu_ratio"] = round(rows[0]["server_cpu_ms"] / row["server_cpu_ms"], 3)
    return rows


def main() -> None:
    args = parse_args()
    wrk = find_wrk(args.generator)
    generator = "wrk" if wrk else "bench/loadgen.py (Python asyncio)"
    tmp = Path(tempfile.mkdtemp(prefix="joinedup-bench-"))
    (tmp / "static").mkdir()  # STATIC_ROOT, empty: WhiteNoise serves from the app directories
    database_url, pg_name = fresh_database(args.database_url, tmp)
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "PAGE_CACHE": "0" if args.no_page_cache else "1",
        "DATABASE_URL": database_url,
        "JOINEDUP_VAR": str(tmp),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        env.pop(f"{name}_FILE", None)  # would win over the values above
    args.output.parent.mkdir(parents=True, exist_ok=True)
    profile = args.output.with_name(f"{args.output.stem}-profile.txt")
    run = {"cwd": ROOT, "env": env, "check": True}
    try:
        print(
            f"Database: {database_url}; load average {os.getloadavg()[0]:.2f} (other work skews it)"
        )
        subprocess.run([sys.executable, "-m", "joinedup.cli", "migrate", "--noinput", "-v0"], **run)
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "bench.load", str(args.organisations)], **run)
        print(f"Loaded in {time.monotonic() - started:.1f} s")
        print(f"Load generator: {generator}; {args.clients} clients; {args.workers} workers")
        rows = serve_and_measure(args, env, wrk, tmp)
        print("\nProfiling directory requests in-process ...")
        subprocess.run(
            [sys.executable, "-m", "bench.profile_directory", str(profile)],
            stdout=subprocess.DEVNULL,
            **run,
        )
    finally:
        if pg_name:
            drop_database(args.database_url, pg_name)
        shutil.rmtree(tmp, ignore_errors=True)

    print_table(rows)
    directory = next(row for row in rows if row["path"] == DIRECTORY)
    verdict = {
        "ratio_at_least_0.25": directory["ratio"] >= TARGET_RATIO,
        "ratio_at_least_aim_0.5": directory["ratio"] >= AIM_RATIO,
        "p95_at_most_50ms": directory["p95_ms"] <= TARGET_P95_MS,
        "no_errors": all(row["errors"] == 0 for row in rows),
    }
    for name, ok in verdict.items():
        print(f"{'MET    ' if ok else 'NOT MET'} {name}")
    source = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, cwd=ROOT
    )
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "source": source.stdout.decode().strip(),
        "settings": {
            "organisations": args.organisations,
            "clients": args.clients,
            "seconds": args.seconds,
            "warmup_seconds": args.warmup,
            "rounds": args.rounds,
            "gunicorn_workers": f"{args.workers} sync (a new connection per request)",
            "generator": generator,
            "database": database_url.split(":")[0],
        },
        "results": rows,
        "verdict": verdict,
        "profile": str(profile),
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {args.output} and {profile}")


if __name__ == "__main__":
    main()
