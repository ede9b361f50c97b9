"""Assembling and rendering the monthly programme report: 50 projects × 24 months of returns,
against the same report for 5 projects, measured in one run.

    .venv/bin/python bench/programme_report.py [--projects 50] [--months 24] [--database-url URL]

Builds a fresh database (a temporary SQLite file, or a database created on the PostgreSQL
server of --database-url and dropped after), fills it through the product's services, then
times, best of --repeats: assembling the report's content, rendering the page's HTML, and
typesetting the PDF; and counts the queries of each assembly, which must not depend on the
number of projects. Prints a table and writes var/bench/programme-report.json.
"""

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "var" / "bench" / "programme-report.json"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=50)
    parser.add_argument("--baseline-projects", type=int, default=5)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--database-url")
    return parser.parse_args()


def configure(database_url: str | None) -> tuple[str, callable]:
    """Point Django at a fresh database; return its URL and how to drop it."""
    if database_url and database_url.startswith("postgres"):
        import psycopg

        name = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = database_url.rsplit("/", 1)[0] + f"/{name}"

        def drop():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(database_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

        return url, drop
    folder = tempfile.mkdtemp(prefix="jup-bench-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: None


def setup_django(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url, DEBUG="0", SECRET_KEY="bench-only", ALLOWED_HOSTS="*",  # noqa: S106
        JOINEDUP_VAR=str(ROOT / "var" / "bench"), STATIC_MANIFEST="0",
        DJANGO_SETTINGS_MODULE="joinedup.settings",
    )  # fmt: skip
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def months_back(count: int) -> list[date]:
    first = date(2023, 1, 1)
    months = []
    for index in range(count):
        year, month = divmod(first.month - 1 + index, 12)
        months.append(date(first.year + year, month + 1, 1))
    return months


def build(projects: int, months: list[date], tag: str):
    """A programme with `projects` projects in two workstreams, each with a return every month,
    milestones, finance, a benefit and two risks."""
    from django.utils import timezone

    from joinedup.core import services as core
    from joinedup.governance import services as governance
    from joinedup.programme import services
    from joinedup.programme.choices import Dimension, ProjectRole, ProjectStatus

    def body(name, kind, power, reports_to=None):
        return governance.create_body(
            name=f"{name} {tag}", kind=kind, decision_power=power, reports_to=reports_to
        )

    board = body("Programme Board", "programme_board", "decides")
    oversight = body("Oversight Board", "independent_oversight", "assures")
    programme = services.create_programme(
        name=f"Programme {tag}", board=board, reports_agreed_by=oversight
    )
    for dimension in Dimension:
        services.set_tolerance(programme=programme, dimension=dimension, limit=Decimal(10))
    lead = core.create_organisation(
        name=f"Lead {tag}", kind="health_service", size_band="large", care_settings=[]
    )
    manager = core.create_person(
        username=f"pm-{tag}", first_name="Pat", last_name="Manager", email="", password=None,
        organisation=lead,
    )  # fmt: skip
    source = services.add_funding_source(
        programme=programme, name="Pooled fund", provided_by=lead, held_by=lead,
        arrangement="pooled",
    )  # fmt: skip
    streams = [
        services.add_workstream(
            programme=programme,
            name=f"Workstream {n} {tag}",
            board=body(f"Workstream {n} Board", "workstream_board", "decides", board),
        )  # fmt: skip
        for n in (1, 2)
    ]
    rounds = [
        services.issue_return_round(
            programme=programme, month=month, due_on=month + timedelta(days=40)
        )
        for month in months
    ]
    for number in range(projects):
        project = services.create_project(
            workstream=streams[number % 2], name=f"Project {number}",
            reference=f"{tag}{number:03d}", lead_organisation=lead, budget=Decimal(240_000),
        )  # fmt: skip
        for status in (ProjectStatus.INITIATION, ProjectStatus.DELIVERY):
            services.move_project(project=project, to=status)
        services.assign_project_role(
            project=project, role=ProjectRole.PROJECT_MANAGER, person=manager
        )
        milestone = services.add_milestone(
            project=project, title="Live", baseline_on=months[-1], is_key=True
        )
        services.define_benefit(
            project=project, description="Fewer admissions", observable_outcome="Admissions fall",
            measure="Admissions", baseline=Decimal(100), target=Decimal(80),
            target_on=months[-1], owner=manager, enabled_by=[milestone],
        )  # fmt: skip
        for risk in range(2):
            services.record_risk(
                programme=programme, reference=f"R{tag}{number:03d}{risk}", holders=[lead],
                level="project", project=project, title=f"Risk {risk}", cause="c", event="e",
                effect="f", category="delivery", owner=manager, inherent_likelihood=4,
                inherent_consequence=4, current_likelihood=1 + (number + risk) % 5,
                current_consequence=3, target_likelihood=1, target_consequence=1,
                target_on=months[-1], response="reduce", review_on=months[-1],
            )  # fmt: skip
        for index, round in enumerate(rounds):
            services.record_finance(
                project=project, month=round.month, source=source, budget=Decimal(10_000),
                forecast=Decimal(10_000 + 50 * index), actual=Decimal(9_900),
            )  # fmt: skip
            draft = services.save_return_draft(
                round=round, project=project, by=manager.user, confidence="green",
                confidence_narrative="On track.", decisions_needed="",
            )  # fmt: skip
            forecasts = {d: {"deviation": (number + index) % 9} for d in Dimension}
            services.submit_return(
                monthly_return=draft, forecasts=forecasts, by=manager.user,
                at=timezone.make_aware(datetime.combine(round.due_on, datetime.min.time())),
            )  # fmt: skip
    return services.draft_report(
        programme=programme, kind="monthly", month=months[-1], title=f"Report {tag}",
        asks_of_board="Agree the report.",
    )  # fmt: skip


def best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(report, repeats: int) -> dict:
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from joinedup.programme import charts, pdf, reports

    with CaptureQueriesContext(connection) as queries:
        content = reports.assemble(report)
    charts.for_report(content)  # warm the chart renderer once; it caches by spec

    def html():
        context = {"report": report, "content": content, "charts": charts.for_report(content)}
        render_to_string("programme/report_monthly.html", context)

    return {
        "queries": len(queries),
        "assemble_s": best_of(repeats, lambda: reports.assemble(report)),
        "html_s": best_of(repeats, html),
        "pdf_s": best_of(max(2, repeats // 2), lambda: pdf.typeset(report, content)),
    }


def main() -> None:
    args = parse_args()
    url, drop = configure(args.database_url)
    try:
        setup_django(url)
        months = months_back(args.months)
        started = time.perf_counter()
        small = build(args.baseline_projects, months, "S")
        large = build(args.projects, months, "L")
        built = time.perf_counter() - started
        results = {
            "database": url.split(":", 1)[0],
            "months": args.months,
            "build_s": round(built, 1),
            "baseline": {"projects": args.baseline_projects, **measure(small, args.repeats)},
            "measured": {"projects": args.projects, **measure(large, args.repeats)},
        }
    finally:
        drop()
    base, big = results["baseline"], results["measured"]
    results["ratios"] = {
        key: round(big[key] / base[key], 2) for key in ("assemble_s", "html_s", "pdf_s")
    }
    print(f"Monthly report, {args.months} months of returns, on {results['database']}")
    print(f"{'':18}{'projects':>9}{'queries':>9}{'assemble':>10}{'html':>9}{'pdf':>9}")
    for name, row in (("baseline", base), ("measured", big)):
        print(
            f"{name:18}{row['projects']:>9}{row['queries']:>9}{row['assemble_s'] * 1000:>8.0f}ms"
            f"{row['html_s'] * 1000:>7.0f}ms{row['pdf_s'] * 1000:>7.0f}ms"
        )
    print(f"ratios (measured / baseline): {results['ratios']}")
    print(f"queries independent of projects: {base['queries'] == big['queries']}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
