"""The figures of `make load` as Markdown, written between the load markers of a document."""

from pathlib import Path

BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"
HEADING = "## Mixed workload under gunicorn: `make load`"
TARGET_P95_MS = 250.0
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def write_section(document: Path, section: str) -> None:
    """Replace what lies between the markers (adding the heading and markers at the end first)."""
    text = document.read_text()
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{BEGIN}\n{END}\n"
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    document.write_text(f"{before}{BEGIN}\n{section.strip()}\n{END}{after}")


def render_section(reports: list[dict]) -> str:
    if not reports:
        return "No run yet: `make load`."
    first = reports[0]
    parts = [_introduction(first), _mix_table(first["plan"])]
    parts += [_database(report) for report in reports]
    return "\n\n".join(parts) + "\n"


def _introduction(report: dict) -> str:
    machine, settings = report["machine"], report["settings"]
    cache = "on, as served" if settings["page_cache"] else "off (`--no-page-cache`)"
    text = (
        "`make load` (`bench/workload.py`) prepares a fresh database with the demo "
        "(`joinedup migrate`, `joinedup demo`), serves it with `joinedup serve --workers "
        f"{settings['workers']}` (gunicorn, sync workers) on loopback, signs the seven demo "
        "personas in through the sign-in form, finds the pages to request by following the links "
        "that the list pages show to each visitor (no ids written into the workload), and then, "
        "from a second process, sends the weighted mix below with a rising number of clients, "
        f"each for {settings['seconds_per_step']:g} s, after {settings['warmup_seconds']:g} s "
        f"of warm-up at {settings['workers']} clients (each public page first asked of every "
        "worker, so that each has it in its page cache). Pages only: static files (served by "
        "WhiteNoise with far-future caching) are not in the mix. Each client sends its next "
        "request as soon as the last one is answered (no think time), so a step's clients are "
        "the requests in flight. An error is any answer outside 2xx/3xx, or none (refused, "
        "reset, or no answer within 30 s). The anonymous page cache (`core/caching.py`) is "
        f"{cache}: the pages it covers (when written: the home page, the partners directory and "
        "the outcomes pages) are rendered once per worker and then served whole until something "
        "audited changes, and nothing in this read-only mix changes anything; every other page, "
        "and every page for someone signed in, is rendered on each request.\n\n"
        f"The machine: {machine['nproc']} cores ({machine['cpu']}), Python {machine['python']}. "
        "**The load generator runs on the same cores as gunicorn** and takes its share of them "
        "(the 'generator CPU' column); the load average (1 minute) at the end of each step shows "
        "what else was running."
    )
    if settings.get("note"):
        text += f" {settings['note']}"
    return (
        text + " A shorter run: `LOAD_SECONDS=5 LOAD_CLIENTS=1,4,16 LOAD_DATABASES=sqlite make "
        "load`; every setting is in `python -m bench.workload --help`."
    )


def _mix_table(plan: list[dict]) -> str:
    lines = [
        "The mix (share of requests; pages found; who asks):",
        "",
        "| group | share | pages | visitors |",
        "| --- | ---: | ---: | --- |",
    ]
    for row in plan:
        visitors = ", ".join(row["visitors"])
        lines.append(f"| {row['group']} | {row['share']:.0%} | {len(row['pages'])} | {visitors} |")
    return "\n".join(lines)


def _database(report: dict) -> str:
    name = NAMES[report["database"]]
    if report.get("server_version"):
        name += f" {report['server_version']}"
    settings = report["settings"]
    lines = [
        f"### {name}, {settings['workers']} workers ({report['date'][:16].replace('T', ' ')} UTC)",
        "",
        f"Load average before the run: {', '.join(map(str, report['load_average_before']))}.",
        "",
        "| clients | requests | req/s | errors | error rate | p50 ms | p95 ms | p99 ms "
        "| server CPU (cores) | server CPU ms/request | generator CPU (cores) | load average |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in report["steps"]:
        lines.append(
            f"| {row['clients']} | {row['requests']:,} | {row['rps']:.1f} | {row['errors']} "
            f"| {row['error_rate']:.2%} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['server_cpu_cores']:.2f} "
            f"| {row['server_cpu_ms_per_request']:.1f} "
            f"| {row['generator_cpu_cores']:.2f} | {row['load_average']:.1f} |"
        )
    lines += ["", _verdict(report) + " " + _capacity(report), "", _slowest(report)]
    if report["not_in_mix"]:
        lines += ["", "Pages linked but not answering 200 (left out of the mix): " + "; ".join(
            f"{group} `{path}` {status} to {visitor}"
            for group, path, visitor, status in report["not_in_mix"]
        ) + "."]  # fmt: skip
    return "\n".join(lines)


def _verdict(report: dict) -> str:
    verdict, steps = report["verdict"], report["steps"]
    at = verdict["p95_reaches_target_at_clients"]
    errors = verdict["errors_up_to_there"]
    held = "0 errors" if errors == 0 else f"**{errors} errors**"
    if at is None:
        last = steps[-1]
        return (
            f"p95 stayed below {TARGET_P95_MS:.0f} ms up to {_clients(last['clients'])} "
            f"({last['rps']:.0f} req/s), with {held} in every step."
        )
    row = next(row for row in steps if row["clients"] == at)
    below = verdict["last_step_below_target"]
    before = next((r for r in steps if r["clients"] == below), None)
    where = (
        f"between {_clients(below)} ({before['rps']:.0f} req/s, p95 {before['p95_ms']:.0f} ms) and "
        if before
        else "already at "
    )
    total = sum(step["errors"] for step in steps)
    beyond = "none in any step" if total == 0 else f"{total} in all the steps"
    return (
        f"**p95 reaches {TARGET_P95_MS:.0f} ms {where}{_clients(at)} ({row['rps']:.0f} req/s, p95 "
        f"{row['p95_ms']:.0f} ms)**, with {held} in every step up to there (errors: {beyond}, "
        f"up to {_clients(steps[-1]['clients'])})."
    )


def _slowest(report: dict) -> str:
    """The kinds of page that make the tail, at the step where p95 reaches the target."""
    at = report["verdict"]["p95_reaches_target_at_clients"] or report["steps"][-1]["clients"]
    row = next(row for row in report["steps"] if row["clients"] == at)
    groups = sorted(row["groups"].items(), key=lambda item: -item[1]["p95_ms"])[:5]
    cells = ", ".join(
        f"{name} {group['p95_ms']:.0f} ms ({group['requests']:,} requests)"
        for name, group in groups
    )
    return f"Slowest kinds of page at {_clients(at)} (p95): {cells}."


def _clients(number: int) -> str:
    return f"{number} client{'s' if number != 1 else ''}"


def _capacity(report: dict) -> str:
    """What the CPU each request took says about a machine with nothing else running."""
    costs = sorted(row["server_cpu_ms_per_request"] for row in report["steps"])
    cost = costs[len(costs) // 2]
    cores = report["machine"]["nproc"]
    got = sum(row["server_cpu_cores"] for row in report["steps"]) / len(report["steps"])
    return (
        f"The server got {got:.2f} of the {cores} cores on average. It spent about "
        f"{cost:.0f} ms of CPU per request (the median of the steps; gunicorn's processes only"
        f"{', not PostgreSQL' if report['database'] == 'postgresql' else ''}), so "
        f"{cores} cores doing nothing else could serve at most about {cores * 1000 / cost:.0f} "
        "req/s of this mix: an estimate, not a measurement."
    ) + _disturbed(report)


def _disturbed(report: dict) -> str:
    """A warning when other work on the machine came and went between the steps."""
    shares = [row["server_cpu_cores"] for row in report["steps"]]
    if max(shares) < 1.5 * min(shares):
        return ""
    return (
        f" The server's share of the cores swung between {min(shares):.2f} and "
        f"{max(shares):.2f} from step to step as other work came and went, so the steps are "
        "not strictly comparable with each other."
    )
