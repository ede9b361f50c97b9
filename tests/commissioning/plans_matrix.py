"""The plans and review rows of the permission matrix (pages and API), and the records they are
walked over: a public chapter, intention, service area and specification, and a partnership-only
chapter (with its evidence) and specification (PARTNERSHIP-ONLY in their names), and a chapter
restricted to partner A. Anyone reads public records;
signed-in partners and staff also read partnership-only ones; only commissioners and admins
write (no other staff role does)."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.commissioning.services import plans as services
from joinedup.core.choices import Visibility
from tests.commissioning import plans_factories as f
from tests.matrix import ADMIN, COMMISSIONER, A, everyone, signed_in


def writers(status: int = 200) -> dict:
    return {**signed_in(403), COMMISSIONER: status, ADMIN: status}


WRITER = writers()
HIDDEN = signed_in(200, anonymous=404)
RESTRICTED_TO_A = {**everyone(404), A: 200, ADMIN: 200}  # no staff role opens it


def evidence(chapter):
    return services.add_evidence(
        chapter=chapter, dated=date(2022, 1, 1), title="Report",
        file=SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip


def build_plans_records(partner_a) -> dict:
    chapter = f.chapter("Care at home")
    hidden_chapter = f.chapter("PARTNERSHIP-ONLY chapter", visibility=Visibility.PARTNERSHIP)
    restricted_chapter = f.chapter("RESTRICTED chapter", visibility=Visibility.RESTRICTED)
    restricted_chapter.restricted_to.set([partner_a])
    intention = f.intention(1, chapters=[chapter])
    area = f.service_area("Home care")
    spec = f.specification(area, intention=intention)
    hidden_spec = f.specification(area, visibility=Visibility.PARTNERSHIP,
                                  title="PARTNERSHIP-ONLY spec")  # fmt: skip
    return {
        "chapter": chapter, "hidden_chapter": hidden_chapter, "document": evidence(chapter),
        "hidden_document": evidence(hidden_chapter), "restricted_chapter": restricted_chapter,
        "intention": intention, "area": area, "spec": spec, "hidden_spec": hidden_spec,
    }  # fmt: skip


def _page(path: str, key: str | None = None, attribute: str = "slug"):
    if key is None:
        return lambda r: f"/commissioning/{path}"
    return lambda r: f"/commissioning/{path.format(getattr(r[key], attribute))}"


def _api(path: str, key: str | None = None):
    if key is None:
        return lambda r: f"/api/v1/commissioning/{path}"
    return lambda r: f"/api/v1/commissioning/{path.format(r[key].slug)}"


C = "commissioning:"
MATRIX = [
    (f"{C}home", "", "get", _page(""), everyone(200)),
    (f"{C}chapter_list", "", "get", _page("needs/"), everyone(200)),
    (f"{C}chapter_create", "", "get", _page("needs/new/"), WRITER),
    (f"{C}chapter_create", "blank", "post", _page("needs/new/"),
     writers(400)),
    (f"{C}chapter_detail", "public", "get", _page("needs/{}/", "chapter"), everyone(200)),
    (f"{C}chapter_detail", "partnership", "get", _page("needs/{}/", "hidden_chapter"), HIDDEN),
    (f"{C}chapter_detail", "restricted", "get", _page("needs/{}/", "restricted_chapter"),
     RESTRICTED_TO_A),
    (f"{C}evidence_add", "", "get", _page("needs/{}/evidence/new/", "chapter"), WRITER),
    (f"{C}evidence_add", "partnership chapter", "get",
     _page("needs/{}/evidence/new/", "hidden_chapter"), WRITER),
    (f"{C}evidence_file", "", "get", _page("evidence/{}/file/", "document", "pk"),
     everyone(200)),
    (f"{C}evidence_file", "partnership chapter", "get",
     _page("evidence/{}/file/", "hidden_document", "pk"), HIDDEN),
    (f"{C}intention_list", "", "get", _page("intentions/"), everyone(200)),
    (f"{C}intention_detail", "", "get", _page("intentions/{}/", "intention"), everyone(200)),
    (f"{C}route_decide", "", "get", _page("intentions/{}/route/", "intention"), WRITER),
    (f"{C}route_decide", "blank", "post", _page("intentions/{}/route/", "intention"),
     writers(400)),
    (f"{C}service_area_list", "", "get", _page("service-areas/"), everyone(200)),
    (f"{C}service_area_detail", "", "get", _page("service-areas/{}/", "area"), everyone(200)),
    (f"{C}service_area_model", "", "get", _page("service-areas/{}/model/", "area"), WRITER),
    (f"{C}service_area_model", "blank", "post", _page("service-areas/{}/model/", "area"),
     writers(400)),
    (f"{C}specification_list", "", "get", _page("specifications/"), everyone(200)),
    (f"{C}specification_create", "", "get", _page("specifications/new/"), WRITER),
    (f"{C}specification_detail", "public", "get", _page("specifications/{}/", "spec"),
     everyone(200)),
    (f"{C}specification_detail", "partnership", "get",
     _page("specifications/{}/", "hidden_spec"), HIDDEN),
    (f"{C}specification_version_add", "", "get",
     _page("specifications/{}/versions/new/", "spec"), WRITER),
    (f"{C}specification_version_add", "blank", "post",
     _page("specifications/{}/versions/new/", "spec"), writers(400)),
    ("api:plans_partnership_measures", "", "get", _api("partnership-measures"), everyone(200)),
    ("api:plans_list_chapters", "", "get", _api("needs"), everyone(200)),
    ("api:plans_list_intentions", "", "get", _api("intentions"), everyone(200)),
    ("api:plans_get_intention", "", "get", _api("intentions/{}", "intention"), everyone(200)),
    ("api:plans_list_service_areas", "", "get", _api("service-areas"), everyone(200)),
    ("api:plans_list_specifications", "", "get", _api("specifications"), everyone(200)),
    ("api:plans_get_specification", "public", "get", _api("specifications/{}", "spec"),
     everyone(200)),
    ("api:plans_get_specification", "partnership", "get",
     _api("specifications/{}", "hidden_spec"), HIDDEN),
]  # fmt: skip
