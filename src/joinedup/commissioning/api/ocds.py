"""API routes for commissioning: the Open Contracting publication, public to everyone.

`/ocds/processes` lists the published contracting processes; `/ocds/releases/{ocid}` is a
process's release package (every release) and `/ocds/records/{ocid}` its record package (the
releases and the compiled release). A draft process is neither listed nor found (404). The
packages are the same as `joinedup export-ocds` writes.
"""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from joinedup.api_support import ErrorOut, Pagination

from ..ocds import packages

router = Router(tags=["Commissioning"])


class OcdsProcessOut(Schema):
    ocid: str
    title: str
    latest_release_date: datetime
    releases: int
    release_package: str
    record_package: str


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _published(ocid: str):
    process = packages.published_process(ocid)
    if process is None:
        raise Http404(f"There is no published contracting process with the ocid {ocid!r}.")
    return process


@router.get(
    "/ocds/processes",
    response=list[OcdsProcessOut],
    summary="List published contracting processes (OCDS)",
    url_name="ocds_list_processes",
)
@paginate(Pagination)
def list_processes(request: HttpRequest):
    base = _base_url(request)
    return [
        {
            "ocid": process.ocid,
            "title": process.title,
            "latest_release_date": process.latest_release,
            "releases": process.release_count,
            "release_package": base + packages.release_package_path(process.ocid),
            "record_package": base + packages.record_package_path(process.ocid),
        }
        for process in packages.published_processes()
    ]


@router.get(
    "/ocds/releases/{ocid}",
    response={200: dict, 404: ErrorOut},
    summary="A contracting process's OCDS release package",
    url_name="ocds_release_package",
)
def release_package(request: HttpRequest, ocid: str):
    return packages.release_package(_published(ocid), base_url=_base_url(request))


@router.get(
    "/ocds/records/{ocid}",
    response={200: dict, 404: ErrorOut},
    summary="A contracting process's OCDS record package, with its compiled release",
    url_name="ocds_record_package",
)
def record_package(request: HttpRequest, ocid: str):
    return packages.record_package(_published(ocid), base_url=_base_url(request))
