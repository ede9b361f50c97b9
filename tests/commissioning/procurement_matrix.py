"""The procurement rows of the permission matrix (pages and API), and the records they are
walked over: an open notice (deadline ahead) with a tender document, an unanswered question
from partner B and a sealed bid from partner A; a draft notice. Anyone reads a published notice;
only commissioners and admins manage one (the root personas have no commissioner, so only the
admin gets past the check); a bid is its bidder's alone before the deadline — the admin is
refused (403, recorded) and other partners see nothing (404); scoring is for appointed
evaluators only, and none of the personas is one."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.commissioning.services import procurement as services
from tests.commissioning import procurement_factories as make
from tests.matrix import ADMIN, ANON, PMO, A, B, everyone, signed_in

MANAGER = {ANON: 302, A: 403, B: 403, PMO: 403, ADMIN: 200}
DRAFT = {ANON: 404, A: 404, B: 404, PMO: 404, ADMIN: 200}
BID = {ANON: 302, A: 200, B: 404, PMO: 404, ADMIN: 403}
EVALUATOR_ONLY = {ANON: 302, A: 403, B: 403, PMO: 403, ADMIN: 403}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_procurement_records(member_a, member_b) -> dict:
    chris = make.commissioner("matrix_commissioner")
    open_notice = make.notice(by=chris, title="Open notice")
    draft = make.notice(by=chris, title="Draft notice", publish=False)
    document = services.add_document(
        process=open_notice, title="Specification", by=chris.user,
        uploaded=SimpleUploadedFile("specification.pdf", PDF),
    )  # fmt: skip
    question = services.ask_question(process=open_notice, text="When?", person=member_b.person)
    bid = make.bid(open_notice, member_a.person)
    return {
        "open": open_notice, "draft": draft, "document": document, "question": question,
        "bid": bid, "lot": open_notice.lots.first(),
    }  # fmt: skip


def _page(tail: str = "", key: str = "open"):
    return lambda r: f"/tenders/{r[key].slug}/{tail.format(**r)}"


def _api(tail: str):
    return lambda r: f"/api/v1/commissioning/{tail.format(**r)}"


MATRIX = [
    ("commissioning:notice_list", "", "get", lambda r: "/tenders/", everyone(200)),
    ("commissioning:notice_create", "", "get", lambda r: "/tenders/new/", MANAGER),
    ("commissioning:notice_detail", "open", "get", _page(), everyone(200)),
    ("commissioning:notice_detail", "draft", "get", _page(key="draft"), DRAFT),
    ("commissioning:notice_manage", "", "get", _page("manage/"), MANAGER),
    ("commissioning:notice_publish", "draft", "post", _page("publish/", "draft"),
     {**MANAGER, ADMIN: 302}),
    ("commissioning:document_add", "blank", "post", _page("documents/"), {**MANAGER, ADMIN: 400}),
    ("commissioning:document_download", "", "get", _page("documents/{document.pk}/"),
     everyone(200)),
    ("commissioning:timetable_amend", "blank", "post", _page("timetable/"),
     {**MANAGER, ADMIN: 400}),
    ("commissioning:question_ask", "", "get", _page("questions/new/"), signed_in(200)),
    ("commissioning:question_answer", "", "get", _page("questions/{question.pk}/answer/"),
     MANAGER),
    ("commissioning:bid_create", "", "get", _page("bids/new/"), signed_in(200)),
    ("commissioning:bids_open", "before the deadline", "post", _page("bids/open/"),
     {**MANAGER, ADMIN: 400}),
    ("commissioning:bid_detail", "sealed", "get", _page("bids/{bid.pk}/"), BID),
    ("commissioning:bid_withdraw", "sealed", "post", _page("bids/{bid.pk}/withdraw/"),
     {**BID, A: 302}),
    ("commissioning:evaluator_appoint", "blank", "post", _page("evaluators/"),
     {**MANAGER, ADMIN: 400}),
    ("commissioning:evaluation", "", "get", _page("evaluation/"), EVALUATOR_ONLY),
    ("commissioning:bid_score", "", "get", _page("evaluation/{bid.pk}/"), EVALUATOR_ONLY),
    ("commissioning:bid_moderate", "sealed", "get", _page("moderation/{bid.pk}/"),
     {**MANAGER, ADMIN: 403}),
    ("commissioning:lot_award", "", "get", _page("lots/{lot.pk}/award/"), MANAGER),
    ("commissioning:award_confirm", "no such award", "post",
     _page(f"awards/{uuid.UUID(int=1)}/confirm/"), {**MANAGER, ADMIN: 404}),
    ("api:procurement_list_notices", "", "get", _api("notices"), everyone(200)),
    ("api:procurement_get_notice", "open", "get", _api("notices/{open.slug}"), everyone(200)),
    ("api:procurement_get_notice", "draft", "get", _api("notices/{draft.slug}"), DRAFT),
    ("api:procurement_list_questions", "", "get", _api("notices/{open.slug}/questions"),
     everyone(200)),
    ("api:procurement_ask_question", "blank", "post", _api("notices/{open.slug}/questions"),
     everyone(422)),
    ("api:procurement_get_bid", "sealed", "get", _api("bids/{bid.pk}"), {**BID, ANON: 401}),
]  # fmt: skip

# The API's rows stand for both its operation ids (checked against the OpenAPI document) and its
# URL names (checked against the URL resolver), which django-ninja names after the function.
MATRIX += [
    (f"api:{route.removeprefix('api:procurement_')}", case, method, path_of, expected)
    for route, case, method, path_of, expected in MATRIX
    if route.startswith("api:procurement_")
]
