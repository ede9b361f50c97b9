"""Release and record packages: what the API serves and `joinedup export-ocds` writes.

A package is a pure function of the process's stored releases and the site's base URL, so the
API and the export command give the same bytes for the same process. `publishedDate` is the date
of the latest release (when the package last changed), not the time of the request.
"""

from urllib.parse import quote

from django.db.models import Count, Max

from joinedup.core.choices import Visibility

from . import build
from .merge import compile_releases

VERSION = "1.1"
# The extensions whose fields our releases use (from the extended schema's list).
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_metrics_extension/v1.1/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_awardCriteria_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_suitability_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_renewal_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyDetails_scale_extension/master/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]
PUBLISHER_NAME = "Joined Up: Jersey's health and care partnership"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def _candidates():
    from ..models import ContractingProcess

    return (
        ContractingProcess.objects.filter(releases__isnull=False, visibility=Visibility.PUBLIC)
        .annotate(latest_release=Max("releases__date"), release_count=Count("releases"))
        .order_by("-latest_release", "ocid")
    )


def published_processes() -> list:
    """The contracting processes the public may read: public, published (see
    `build.is_published`) and with at least one release; the latest changed first."""
    return [process for process in _candidates() if build.is_published(process)]


def published_process(ocid: str):
    """The published process with this ocid, or None (a draft is as good as absent)."""
    process = _candidates().filter(ocid=ocid).first()
    return process if process is not None and build.is_published(process) else None


def release_package_path(ocid: str) -> str:
    return f"/api/v1/ocds/releases/{quote(ocid)}"


def record_package_path(ocid: str) -> str:
    return f"/api/v1/ocds/records/{quote(ocid)}"


def _releases(process) -> list[dict]:
    return [release.data for release in process.releases.order_by("sequence")]


def _publisher(base_url: str) -> dict:
    return {"name": PUBLISHER_NAME, "uri": base_url.rstrip("/") + "/"}


def release_package(process, *, base_url: str) -> dict:
    releases = _releases(process)
    return {
        "uri": base_url.rstrip("/") + release_package_path(process.ocid),
        "version": VERSION,
        "extensions": EXTENSIONS,
        "publishedDate": releases[-1]["date"],
        "publisher": _publisher(base_url),
        "license": LICENSE,
        "releases": releases,
    }


def record_package(process, *, base_url: str) -> dict:
    releases = _releases(process)
    base = base_url.rstrip("/")
    package_uri = base + release_package_path(process.ocid)
    return {
        "uri": base + record_package_path(process.ocid),
        "version": VERSION,
        "extensions": EXTENSIONS,
        "publishedDate": releases[-1]["date"],
        "publisher": _publisher(base_url),
        "license": LICENSE,
        "packages": [package_uri],
        "records": [
            {
                "ocid": process.ocid,
                "releases": releases,
                "compiledRelease": compile_releases(releases),
            }
        ],
    }
