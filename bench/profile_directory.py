"""Where a partners-directory request spends its time: `python -m bench.profile_directory OUT`.

In-process (Django's test client, no HTTP server) against DATABASE_URL, as an anonymous visitor:
wall time of whole requests and of the directory's parts, its SQL queries with their plans, and
a cProfile of repeated directory requests.
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

import django

REPEAT = 200


def median_ms(function, repeat: int = REPEAT) -> str:
    """Median wall and CPU time of single calls. On a shared machine the CPU time (this process
    only: a PostgreSQL server's work is not in it) is the steadier of the two."""
    for _ in range(20):
        function()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return f"{statistics.median(wall) * 1000:7.2f} {statistics.median(cpu) * 1000:7.2f}"


def main(out_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from joinedup.core import queries
    from joinedup.core.access import ANONYMOUS
    from joinedup.core.forms import DirectoryFilterForm
    from joinedup.core.pagination import page_of

    client = Client(HTTP_HOST="127.0.0.1")
    request = RequestFactory(HTTP_HOST="127.0.0.1").get("/partners/")
    request.user, request._messages = AnonymousUser(), CookieStorage(request)

    def directory_data() -> dict:
        form = DirectoryFilterForm(request.GET)
        form.is_valid()
        page = page_of(request, queries.partners_directory(ANONYMOUS, form.filters()))
        page.paginator.count  # noqa: B018 (runs the COUNT query, as the template would)
        for organisation in page.object_list:
            list(organisation.care_settings.all())
        return {"form": form, "page": page, "query": ""}

    context = directory_data()
    timings = [
        ("GET /bench/minimal/ (middleware floor)", lambda: client.get("/bench/minimal/")),
        ("GET /partners/", lambda: client.get("/partners/")),
        ("  form + COUNT + page + prefetch queries", directory_data),
        ("    COUNT query alone",
         lambda: queries.partners_directory(ANONYMOUS, queries.DirectoryFilters()).count()),
        ("  render organisation_list.html (data loaded)",
         lambda: render_to_string("core/organisation_list.html", context, request)),
        ("    of which the 25 results (partial)",
         lambda: render_to_string("core/partials/_organisation_results.html", context, request)),
        ("GET /partners/?q=care&kind=voluntary_and_community",
         lambda: client.get("/partners/?q=care&kind=voluntary_and_community")),
        ("GET /api/v1/organisations", lambda: client.get("/api/v1/organisations")),
    ]  # fmt: skip
    out = [f"In-process, median of {REPEAT} calls (no HTTP server, no profiler):"]
    out += [f"  {'':<50} {'wall ms':>7} {'CPU ms':>7}"]
    out += [f"  {label:<50} {median_ms(function)}" for label, function in timings]

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/partners/")
    out += [
        "",
        f"SQL of one GET /partners/ ({len(captured)} queries, {len(response.content)} bytes):",
    ]
    for query in captured.captured_queries:
        out.append(f"  {query['time']} s  {query['sql'][:160]}...")
        with connection.cursor() as cursor:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + query["sql"])
            out += [f"      plan: {row[-1]}" for row in cursor.fetchall()]

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(REPEAT):
        client.get("/partners/")
    profiler.disable()
    for order in ("tottime", "cumulative"):
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(30)
        body = text.getvalue().strip().split("\n", 4)[-1]  # drop the header lines
        out += ["", f"cProfile of {REPEAT} GET /partners/, top 30 by {order}:", body]

    report = "\n".join(out) + "\n"
    with open(out_path, "w") as file:
        file.write(report)
    print(report)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "directory-profile.txt")
