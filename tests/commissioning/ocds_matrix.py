"""The Open Contracting rows of the permission matrix (pages and API), and the records they are
walked over: a published tender with its releases, and a draft. The publication is public:
everyone reads a published process, and nobody — the admin included — finds a draft there."""

from joinedup.core.choices import OrganisationKind
from tests import factories
from tests.commissioning import ocds_factories as make
from tests.matrix import everyone

NOWHERE = everyone(404)


def build_ocds_records() -> dict:
    buyer = factories.organisation("OCDS Buyer", kind=OrganisationKind.GOVERNMENT_DEPARTMENT)
    published = make.process(buyer=buyer, published_at=make.at(0))
    make.emit(published, tags=["tender"], at=make.at(0))
    draft = make.process(buyer=buyer, title="A draft notice")
    return {"published": published, "draft": draft}


def _page(key: str):
    return lambda r: f"/open-contracting/{r[key].ocid}/"


def _api(kind: str, key: str):
    return lambda r: f"/api/v1/ocds/{kind}/{r[key].ocid}"


MATRIX = [
    ("commissioning:ocds_index", "", "get", lambda r: "/open-contracting/", everyone(200)),
    ("commissioning:ocds_process", "published", "get", _page("published"), everyone(200)),
    ("commissioning:ocds_process", "draft", "get", _page("draft"), NOWHERE),
    ("api:ocds_list_processes", "", "get", lambda r: "/api/v1/ocds/processes", everyone(200)),
    ("api:ocds_release_package", "published", "get", _api("releases", "published"),
     everyone(200)),
    ("api:ocds_release_package", "draft", "get", _api("releases", "draft"), NOWHERE),
    ("api:ocds_record_package", "published", "get", _api("records", "published"), everyone(200)),
    ("api:ocds_record_package", "draft", "get", _api("records", "draft"), NOWHERE),
]  # fmt: skip
