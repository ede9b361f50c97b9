"""Commissioning pages: Open Contracting — the published contracting processes, each with its
releases in order, links to its OCDS release and record packages, and what our own checks found.
Public: the same processes as the API (drafts and non-public processes are 404)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from joinedup.core.pagination import other_pages_query, page_of

from ..choices import Route
from ..ocds import checks, packages

TAG_LABELS = {
    "planning": "Planned",
    "planningUpdate": "Plan updated",
    "tender": "Notice published",
    "tenderAmendment": "Notice amended",
    "tenderUpdate": "Tender updated (a question answered, the deadline passed, bids opened)",
    "tenderCancellation": "Tender cancelled",
    "award": "Award",
    "awardUpdate": "Award updated",
    "awardCancellation": "Award cancelled",
    "contract": "Contract signed",
    "contractUpdate": "Contract updated",
    "contractAmendment": "Contract varied or extended",
    "implementation": "KPI return validated",
    "implementationUpdate": "Delivery updated",
    "contractTermination": "Contract ended",
}


@require_GET
def ocds_index(request: HttpRequest) -> HttpResponse:
    """Every published contracting process, the latest change first."""
    processes = packages.published_processes()
    page = page_of(request, processes)
    rows = [
        {
            "process": process,
            "latest": process.latest_release,
            "releases": process.releases.count(),
            "release_package": packages.release_package_path(process.ocid),
            "record_package": packages.record_package_path(process.ocid),
        }
        for process in page.object_list
    ]
    context = {"page": page, "rows": rows, "query": other_pages_query(request)}
    return render(request, "commissioning/ocds/index.html", context)


@require_GET
def ocds_process(request: HttpRequest, ocid: str) -> HttpResponse:
    """One process: its releases in order, what each published, and our checks' findings."""
    process = packages.published_process(ocid)
    if process is None:
        raise Http404(f"There is no published contracting process with the ocid {ocid!r}.")
    base_url = request.build_absolute_uri("/").rstrip("/")
    release_package = packages.release_package(process, base_url=base_url)
    record_package = packages.record_package(process, base_url=base_url)
    problems = checks.check_release_package(release_package, ocid=ocid)
    problems += checks.check_record_package(record_package, ocid=ocid)
    releases = [
        {
            "release": release,
            "changes": [TAG_LABELS.get(tag, tag) for tag in release.tags],
        }
        for release in process.releases.order_by("-sequence")
    ]
    compiled = record_package["records"][0]["compiledRelease"]
    context = {
        "process": process,
        "is_tender": process.route == Route.TENDER,
        "releases": releases,
        "problems": problems,
        "compiled": compiled,
        "parties": compiled.get("parties", []),
        "release_package": packages.release_package_path(ocid),
        "record_package": packages.record_package_path(ocid),
    }
    return render(request, "commissioning/ocds/process.html", context)
