"""The outcomes dashboards with a million observations, under concurrent load, against the
foundation benchmark's minimal view in the same run (issue 5, benchmark 10(c)).

    .venv/bin/python bench/outcomes_dashboard.py [--rows 1000000] [--database-url postgres://…]
        [--paths /places/BENCH-0001/ /indicators/BENCH-01/] [--seconds 10 --rounds 3]

Creates a fresh database (SQLite, or a PostgreSQL database created for the run and dropped
after it), loads SUBJECTS providers × INDICATORS indicators × months of synthetic observations
through `services.record_figures` (the bulk path of imports), serves the product with gunicorn
and measures each path with wrk (or bench/loadgen.py) in interleaved rounds, as bench/run.py
does. A path that does not answer 200 is left out of the load test. Then it times, in-process
against the same database, the calls those pages make: `analysis.dashboard(subject, viewer)`,
`analysis.rate(subject, viewer)` and `analysis.comparison(indicator, period)`. Prints p50/p95
and the ratios to the baseline; writes var/bench/outcomes-dashboard.json.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402  (the foundation benchmark's server and load generator)

OUT = ROOT / "var" / "bench" / "outcomes-dashboard.json"
INDICATORS = 20
SUBJECT, INDICATOR = "BENCH-0001", "BENCH-01"
PATHS = [f"/places/{SUBJECT}/", f"/indicators/{INDICATOR}/"]
CHUNK = 100_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=50)
    parser.add_argument("--paths", nargs="+", default=PATHS, help="pages to measure")
    parser.add_argument("--clients", type=int, default=8, help="concurrent connections")
    parser.add_argument("--seconds", type=int, default=10, help="per measurement")
    parser.add_argument("--warmup", type=int, default=3, help="seconds per path, not counted")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--calls", type=int, default=30, help="in-process timings per call")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--output", type=Path, default=OUT)
    # Internal: the steps that run inside Django, in a child process with the run's settings.
    parser.add_argument("--step", choices=["populate", "time-calls"], help=argparse.SUPPRESS)
    return parser.parse_args()


def populate(rows: int, months: int) -> None:
    """INDICATORS proportions, in one priority area with a benchmark and the 95% target, for
    rows / (INDICATORS × months) providers under one nation, each month: figures drawn from a
    fixed seed, marked synthetic, loaded in chunks through `record_figures`."""
    import numpy as np

    from joinedup.outcomes import periods, services
    from joinedup.outcomes.choices import Frequency, Polarity, SubjectKind, ValueType
    from joinedup.outcomes.models import Subject

    theme = services.create_theme(code="bench", name="Benchmark theme")
    area = services.create_priority_area(code="bench", name="Benchmark area", theme=theme)
    indicators = [
        services.create_indicator(
            code=f"BENCH-{i:02d}",
            name=f"Benchmark indicator {i}",
            definition="Synthetic.",
            value_type=ValueType.PROPORTION,
            polarity=Polarity.HIGHER_IS_BETTER,
            frequency=Frequency.MONTHLY,
            multiplier=100.0,
            unit="%",
            target=95.0,
            benchmark=80.0,
            benchmark_label="Synthetic",
            priority_area=area,
        )  # fmt: skip
        for i in range(1, INDICATORS + 1)
    ]
    nation = services.create_subject(code="BENCH-NATION", name="Nation", kind=SubjectKind.NATION)
    count = max(1, rows // (INDICATORS * months))
    Subject.objects.bulk_create(
        Subject(code=f"BENCH-{s:04d}", name=f"Provider {s}", kind=SubjectKind.PROVIDER,
                parent=nation)
        for s in range(1, count + 1)
    )  # fmt: skip
    subjects = list(Subject.objects.filter(parent=nation).order_by("code"))
    spans = [
        periods.Period(periods.MONTH, date(2021 + (m + 3) // 12, (m + 3) % 12 + 1, 1))
        for m in range(months)
    ]
    draw = np.random.default_rng(10)
    batch = []
    for indicator in indicators:
        for subject in subjects:
            denominators = draw.integers(2000, 20000, size=months)
            shares = np.clip(draw.normal(0.8, 0.06, size=months), 0, 1)
            numerators = np.floor(denominators * shares)
            batch += [
                services.FigureRow(indicator, subject, period, float(x), float(n))
                for period, x, n in zip(spans, numerators, denominators, strict=True)
            ]
            if len(batch) >= CHUNK:
                services.record_figures(figures=batch, source="benchmark", synthetic=True)
                batch = []
    if batch:
        services.record_figures(figures=batch, source="benchmark", synthetic=True)


def time_calls(calls: int) -> dict:
    """Median and 95th percentile of the analysis calls behind the two pages, in ms."""
    from joinedup.core.access import ANONYMOUS
    from joinedup.outcomes import analysis, queries
    from joinedup.outcomes.models import Indicator, Observation, Subject

    subject = Subject.objects.get(code=SUBJECT)
    indicator = Indicator.objects.get(code=INDICATOR)
    period = queries.latest_period(indicator)
    nation = Subject.objects.get(code="BENCH-NATION")
    cases = {
        "analysis.dashboard(subject, viewer)": lambda: analysis.dashboard(subject, ANONYMOUS),
        "analysis.rate(subject, viewer)": lambda: analysis.rate(subject, ANONYMOUS),
        "analysis.comparison(indicator, period)": lambda: analysis.comparison(indicator, period),
        "analysis.series(indicator, subject)": lambda: analysis.series(indicator, subject),
        "queries.aggregate_members(indicator, nation)": lambda: queries.aggregate_members(
            indicator, nation, period_type="month"
        ),
    }
    results = {"observations": Observation.objects.count()}
    for name, call in cases.items():
        call()  # warm
        times = []
        for _ in range(calls):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 2),
        }
    return results


def child(args) -> None:
    import django

    django.setup()
    if args.step == "populate":
        populate(args.rows, args.months)
    else:
        print("CALLS " + json.dumps(time_calls(args.calls)))


def answering(base: str, paths: list[str]) -> list[str]:
    ok = []
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                size = len(response.read())
                print(f"GET {path}: {response.status}, {size:,} bytes")
                ok.append(path)
        except urllib.error.HTTPError as error:
            print(f"GET {path}: {error.code}: left out of the load test")
    return ok


def main() -> None:
    args = parse_args()
    if args.step:
        return child(args)
    wrk = run.find_wrk(args.generator)
    tmp = Path(tempfile.mkdtemp(prefix="joinedup-bench-"))
    (tmp / "static").mkdir()
    database_url, pg_name = run.fresh_database(args.database_url, tmp)
    env = {
        **os.environ, "DEBUG": "0", "SECRET_KEY": "bench", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0", "SECURE_COOKIES": "0", "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0", "PAGE_CACHE": "0", "DATABASE_URL": database_url,
        "JOINEDUP_VAR": str(tmp), "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }  # fmt: skip
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        env.pop(f"{name}_FILE", None)
    me = [sys.executable, str(Path(__file__).resolve())]
    step = {"cwd": ROOT, "env": env, "check": True}
    try:
        migrate = [sys.executable, "-m", "joinedup.cli", "migrate", "--noinput", "-v0"]
        subprocess.run(migrate, **step)
        started = time.monotonic()
        subprocess.run([*me, "--step", "populate", f"--rows={args.rows}",
                        f"--months={args.months}"], **step)  # fmt: skip
        loaded_s = time.monotonic() - started
        print(f"Loaded {args.rows:,} observations in {loaded_s:.1f} s")
        calls = subprocess.run(
            [*me, "--step", "time-calls", f"--calls={args.calls}"], capture_output=True,
            text=True, **step,
        ).stdout  # fmt: skip
        calls = json.loads(calls.split("CALLS ", 1)[1])
        rows = measure(args, env, wrk, tmp)
    finally:
        if pg_name:
            run.drop_database(args.database_url, pg_name)
        shutil.rmtree(tmp, ignore_errors=True)
    report(args, wrk, database_url, loaded_s, calls, rows)


def measure(args, env, wrk, tmp) -> list[dict]:
    """The baseline and every answering path under load, via bench/run.py's serving loop."""
    port = run.free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "joinedup.wsgi:application", "--bind"]
    command += [f"127.0.0.1:{port}", "--workers", "1", "--worker-class", "sync"]
    log = tmp / "probe.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        run.wait_ready(base + run.BASELINE, server, log)
        paths = answering(base, args.paths)
    finally:
        server.terminate()
        server.wait(timeout=30)
    run.PATHS = [run.BASELINE, *paths]
    return run.serve_and_measure(args, env, wrk, tmp)


def report(args, wrk, database_url, loaded_s, calls, rows) -> None:
    run.print_table(rows)
    print(f"\nIn-process, {calls.pop('observations'):,} observations ({args.calls} calls each):")
    for name, timing in calls.items():
        print(f"  {name:<46} p50 {timing['p50_ms']:8.2f} ms  p95 {timing['p95_ms']:8.2f} ms")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    settings = {k: str(v) for k, v in vars(args).items() if k not in ("step",)}
    args.output.write_text(
        json.dumps(
            {
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": run.machine(),
                "database": database_url.split(":", 1)[0],
                "generator": "wrk" if wrk else "bench/loadgen.py",
                "settings": settings,
                "load_seconds": round(loaded_s, 1),
                "paths": [{k: v for k, v in r.items() if k != "rounds"} for r in rows],
                "in_process": calls,
            },
            indent=2,
        )
    )
    print(f"\nWrote {args.output}")


if __name__ == "__main__":
    main()
