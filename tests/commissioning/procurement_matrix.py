"""The procurement rows of the permission matrix (pages and API), and the records they are
walked over: an open notice (deadline ahead) with a tender document, an unanswered question from
partner B, a sealed bid from partner A and the evaluator appointed to its panel (declared free of
conflicts); a partnership-only notice; a draft notice with a document. Anyone reads a published
notice; only commissioners and admins manage one; a bid is its bidder's alone before the
deadline — those who will read it once opened (commissioners, admins, the evaluator) are refused
(403, recorded) and everyone else sees nothing (404); scoring is for the notice's appointed
evaluators only."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.commissioning.services import procurement as services
from joinedup.core.choices import Visibility
from tests.commissioning import procurement_factories as make
from tests.matrix import ADMIN, ANON, COMMISSIONER, EVALUATOR, A, everyone, signed_in


def managers(status: int = 200) -> dict:
    return {**signed_in(403), COMMISSIONER: status, ADMIN: status}


MANAGER = managers()
DRAFT = {**everyone(404), COMMISSIONER: 200, ADMIN: 200}
SEALED = {**everyone(404), ANON: 302, COMMISSIONER: 403, EVALUATOR: 403, ADMIN: 403}
BID = {**SEALED, A: 200}
EVALUATOR_ONLY = {**signed_in(403), EVALUATOR: 200}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def document(process, commissioner):
    return services.add_document(
        process=process, title="Specification", by=commissioner.user,
        uploaded=SimpleUploadedFile("specification.pdf", PDF),
    )  # fmt: skip


def build_procurement_records(member_a, member_b, evaluator) -> dict:
    chris = make.commissioner("matrix_commissioner")
    open_notice = make.notice(by=chris, title="Open notice")
    draft = make.notice(by=chris, title="Draft notice", publish=False)
    partnership = make.notice(by=chris, title="PARTNERSHIP-ONLY notice")
    partnership.visibility = Visibility.PARTNERSHIP
    partnership.save(update_fields=["visibility"])
    question = services.ask_question(process=open_notice, text="When?", person=member_b.person)
    bid = make.bid(open_notice, member_a.person)
    panel_seat = services.appoint_evaluator(process=open_notice, person=evaluator.person)
    services.declare_interests(evaluator=panel_seat, has_conflict=False, by=evaluator.person.user)
    return {
        "open": open_notice, "draft": draft, "partnership": partnership,
        "document": document(open_notice, chris), "draft_document": document(draft, chris),
        "question": question,
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
    ("commissioning:notice_detail", "partnership", "get", _page(key="partnership"),
     signed_in(200, anonymous=404)),
    ("commissioning:notice_detail", "draft", "get", _page(key="draft"), DRAFT),
    ("commissioning:notice_manage", "", "get", _page("manage/"), MANAGER),
    # The personas are walked in turn: the commissioner publishes, so the admin, after them,
    # is told the notice is already published.
    ("commissioning:notice_publish", "draft", "post", _page("publish/", "draft"),
     {**managers(302), ADMIN: 400}),
    ("commissioning:document_add", "blank", "post", _page("documents/"), managers(400)),
    ("commissioning:document_download", "", "get", _page("documents/{document.pk}/"),
     everyone(200)),
    ("commissioning:document_download", "draft notice", "get",
     _page("documents/{draft_document.pk}/", "draft"), DRAFT),
    ("commissioning:timetable_amend", "blank", "post", _page("timetable/"),
     managers(400)),
    ("commissioning:question_ask", "", "get", _page("questions/new/"), signed_in(200)),
    ("commissioning:question_answer", "", "get", _page("questions/{question.pk}/answer/"),
     MANAGER),
    ("commissioning:bid_create", "", "get", _page("bids/new/"), signed_in(200)),
    ("commissioning:bids_open", "before the deadline", "post", _page("bids/open/"),
     managers(400)),
    ("commissioning:bid_detail", "sealed", "get", _page("bids/{bid.pk}/"), BID),
    ("commissioning:bid_withdraw", "sealed", "post", _page("bids/{bid.pk}/withdraw/"),
     {**BID, A: 302}),
    ("commissioning:evaluator_appoint", "blank", "post", _page("evaluators/"),
     managers(400)),
    ("commissioning:evaluation", "", "get", _page("evaluation/"), EVALUATOR_ONLY),
    ("commissioning:bid_score", "sealed", "get", _page("evaluation/{bid.pk}/"),
     {**EVALUATOR_ONLY, EVALUATOR: 403}),
    ("commissioning:bid_moderate", "sealed", "get", _page("moderation/{bid.pk}/"),
     managers(403)),
    ("commissioning:lot_award", "", "get", _page("lots/{lot.pk}/award/"), MANAGER),
    ("commissioning:award_confirm", "no such award", "post",
     _page(f"awards/{uuid.UUID(int=1)}/confirm/"), managers(404)),
    ("api:procurement_list_notices", "", "get", _api("notices"), everyone(200)),
    ("api:procurement_get_notice", "open", "get", _api("notices/{open.slug}"), everyone(200)),
    ("api:procurement_get_notice", "partnership", "get", _api("notices/{partnership.slug}"),
     signed_in(200, anonymous=404)),
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
