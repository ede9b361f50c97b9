"""Procurement through its pages and API: Find a tender, the notice, the commissioner's notice
form and management, questions and public answers, a pre-filled bid, the seal on bids, the
evaluator's declaration and scores, moderation and award."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.commissioning.models import Bid, ContractingProcess, Question, Score
from joinedup.commissioning.services import procurement as services
from joinedup.core.models import AuditEntry
from tests import factories
from tests.commissioning import procurement_factories as make

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def client_of(person) -> Client:
    client = Client()
    client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def chris():
    return make.commissioner()


def url(name, process, *args):
    return reverse(f"commissioning:{name}", args=[process.slug, *args])


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def notice_post(**changes) -> dict:
    start = timezone.now() + timedelta(hours=1)
    times = make.timetable(start)
    data = {
        "title": "Day care for people living with dementia",
        "description": "Day opportunities in the east of the island.",
        "service_area": str(make.home_care_area().pk),
        "estimated_value": "250000",
        "suitable_for_small": "on",
        "lots": "East\nWest",
        "criteria": "Quality | 70\nPrice | 30",
        **{name: _local(moment) for name, moment in times.items()},
    }
    return {**data, **changes}


def test_find_a_tender_lists_open_notices_first_and_hides_drafts(chris, anonymous):
    closed = make.notice(by=chris, start=timezone.now() - 20 * DAY, title="Closed tender")
    open_one = make.notice(by=chris, title="Open tender")
    draft = make.notice(by=chris, title="Draft tender", publish=False)
    page = anonymous.client.get(reverse("commissioning:notice_list")).content.decode()
    assert page.index(open_one.title) < page.index(closed.title)
    assert draft.title not in page
    assert anonymous.client.get(url("notice_detail", draft)).status_code == 404
    assert client_of(chris).get(url("notice_manage", draft)).status_code == 200


def test_the_notice_shows_lots_weights_timetable_and_answers_but_not_who_asked(chris, anonymous):
    process = make.notice(by=chris)
    asker = make.provider("Small Charity", person={"first_name": "Agnes", "last_name": "Asker"})
    question = services.ask_question(process=process, text="Is <b>travel</b> paid?", person=asker)
    services.answer_question(question=question, answer="Yes, it is.", by=chris.user)
    page = anonymous.client.get(url("notice_detail", process)).content.decode()
    for text in ("Quality of care", "60%", "Submission deadline", process.ocid, "Yes, it is."):
        assert text in page
    assert "Is &lt;b&gt;travel&lt;/b&gt; paid?" in page
    assert "Asker" not in page and "Small Charity" not in page


def test_a_commissioner_creates_a_draft_then_publishes_it(chris):
    client = client_of(chris)
    response = client.post(reverse("commissioning:notice_create"), notice_post())
    process = ContractingProcess.objects.get()
    assert response.status_code == 302 and process.published_at is None
    assert [lot.title for lot in process.lots.all()] == ["East", "West"]
    client.post(url("notice_publish", process))
    process.refresh_from_db()
    assert process.published_at is not None


def test_the_notice_form_shows_each_problem_beside_its_field(chris):
    client = client_of(chris)
    blank = client.post(reverse("commissioning:notice_create"), {})
    assert blank.status_code == 400 and b"This field is required" in blank.content
    response = client.post(
        reverse("commissioning:notice_create"), notice_post(criteria="Quality | 70\nPrice | 20")
    )
    assert response.status_code == 400
    assert b'id="id_criteria-error"' in response.content
    assert b"they add up to 90" in response.content
    assert not ContractingProcess.objects.exists()


def test_only_commissioners_create_notices(member_a, anonymous):
    assert member_a.client.get(reverse("commissioning:notice_create")).status_code == 403
    assert anonymous.client.get(reverse("commissioning:notice_create")).status_code == 302


def test_a_partner_asks_and_the_commissioner_answers_in_public(chris, member_a, anonymous):
    process = make.notice(by=chris)
    response = member_a.client.post(url("question_ask", process), {"text": "Can we bid as two?"})
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.asked_by == member_a.person
    assert b"Can we bid as two?" not in anonymous.client.get(url("notice_detail", process)).content
    assert member_a.client.post(url("question_answer", process, question.pk), {}).status_code == 403
    client_of(chris).post(url("question_answer", process, question.pk), {"answer": "Yes."})
    page = anonymous.client.get(url("notice_detail", process)).content
    assert b"Can we bid as two?" in page and b"Yes." in page


def test_the_bid_form_is_prefilled_and_proportionate(chris):
    process = make.notice(by=chris)  # £80,000: the smallest band
    bidder = make.provider("Tiny Charity", description="We help older people at home.")
    page = client_of(bidder).get(url("bid_create", process)).content.decode()
    assert "We help older people at home." in page and bidder.name in page
    assert 'name="approach"' in page and 'name="financial_standing"' not in page


def test_a_partner_submits_a_consortium_bid_and_reads_it(chris, partner_b):
    process = make.notice(by=chris)
    bidder = make.provider("Lead Charity")
    client = client_of(bidder)
    data = {
        "lot": str(process.lots.get().pk),
        "members": [str(partner_b.pk)],
        "contact_name": "Lee",
        "contact_email": "lee@example.je",
        "organisation_summary": "A charity.",
        "approach": "Carefully.",
        "price": "70000",
    }
    response = client.post(url("bid_create", process), data)
    bid = Bid.objects.get()
    assert response.status_code == 302 and bid.members.get().organisation == partner_b
    assert b"Carefully." in client.get(url("bid_detail", process, bid.pk)).content
    blank = client.post(url("bid_create", process), {})
    assert blank.status_code == 400 and Bid.objects.count() == 1


def test_admin_and_commissioner_cannot_read_a_bid_before_the_deadline(chris, admin, member_b):
    process = make.notice(by=chris)
    bid = make.bid(process, make.provider())
    for client in (admin.client, client_of(chris)):
        response = client.get(url("bid_detail", process, bid.pk))
        assert response.status_code == 403 and b"Carefully" not in response.content
        api = client.get(f"/api/v1/commissioning/bids/{bid.pk}")
        assert api.status_code == 403 and "sealed" in api.json()["message"]
    assert member_b.client.get(url("bid_detail", process, bid.pk)).status_code == 404
    assert AuditEntry.objects.filter(action="bid.sealed_read_refused").count() == 4


def test_the_commissioner_cannot_open_bids_early(chris):
    process = make.notice(by=chris)
    response = client_of(chris).post(url("bids_open", process))
    assert (
        response.status_code == 400 and b"sealed until the submission deadline" in response.content
    )
    process.refresh_from_db()
    assert process.bids_opened_at is None


def _opened(chris):
    start = timezone.now() - 20 * DAY
    process = make.notice(by=chris, start=start)
    first = make.bid(process, make.provider("Home Care One"), at=start + DAY)
    second = make.bid(process, make.provider("Home Care Two"), at=start + DAY)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    return process, first, second


def test_an_evaluator_declares_then_scores_and_sees_only_their_own_scores(chris):
    process, first, _second = _opened(chris)
    other = factories.person(organisation=chris.organisation)
    other_evaluator = services.appoint_evaluator(process=process, person=other, by=chris.user)
    services.declare_interests(evaluator=other_evaluator, has_conflict=False, by=other.user)
    services.score_bid(
        evaluator=other_evaluator, bid=first, scores=make.marks(process, 3, "Other's note"),
        by=other.user,
    )  # fmt: skip
    person = factories.person(organisation=chris.organisation)
    client_of(chris).post(url("evaluator_appoint", process), {"person": str(person.pk)})
    client = client_of(person)
    assert client.get(url("bid_score", process, first.pk)).status_code == 404  # not declared
    declared = client.post(url("evaluation", process), {"has_conflict": "no"})
    assert declared.status_code == 302
    page = client.get(url("bid_score", process, first.pk)).content.decode()
    assert "Other&#x27;s note" not in page and "Other's note" not in page
    data = {}
    for criterion in process.criteria.all():
        data[f"score_{criterion.pk}"] = "8"
        data[f"rationale_{criterion.pk}"] = "Strong."
    assert client.post(url("bid_score", process, first.pk), data).status_code == 302
    assert Score.objects.filter(evaluator__person=person).count() == 3


def test_a_conflicted_evaluator_is_refused_and_the_attempt_recorded(chris):
    process, first, _second = _opened(chris)
    person = factories.person(organisation=chris.organisation)
    evaluator = services.appoint_evaluator(process=process, person=person, by=chris.user)
    client = client_of(person)
    client.post(url("evaluation", process), {"has_conflict": "yes", "conflict": "My brother."})
    evaluator.refresh_from_db()
    assert evaluator.has_conflict
    response = client.get(url("bid_score", process, first.pk))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="evaluation.conflicted_scoring_refused").exists()


def test_moderation_and_award_through_the_pages(chris, anonymous):
    process, first, second = _opened(chris)
    for _number in range(3):
        person = factories.person(organisation=chris.organisation)
        evaluator = services.appoint_evaluator(process=process, person=person, by=chris.user)
        services.declare_interests(evaluator=evaluator, has_conflict=False, by=person.user)
        for bid, mark in ((first, 8), (second, 5)):
            services.score_bid(
                evaluator=evaluator, bid=bid, scores=make.marks(process, mark), by=person.user
            )
    client = client_of(chris)
    page = client.get(url("bid_moderate", process, first.pk)).content.decode()
    assert page.count("Well evidenced.") == 9  # every original score, with its rationale
    for bid, mark in ((first, "8"), (second, "5")):
        data = {}
        for criterion in process.criteria.all():
            data[f"score_{criterion.pk}"] = mark
            data[f"reason_{criterion.pk}"] = ""
        refused = client.post(url("bid_moderate", process, bid.pk), data)
        assert refused.status_code == 400
        data = {k: (v or "Agreed.") for k, v in data.items()}
        assert client.post(url("bid_moderate", process, bid.pk), data).status_code == 302
    lot = process.lots.get()
    award_url = url("lot_award", process, lot.pk)
    refused = client.post(award_url, {"bid": str(second.pk), "standstill_days": "10"})
    assert refused.status_code == 400 and b"highest moderated score" in refused.content
    assert (
        client.post(award_url, {"bid": str(first.pk), "standstill_days": "10"}).status_code == 302
    )
    award = process.awards.get()
    confirm = client.post(url("award_confirm", process, award.pk))
    assert confirm.status_code == 400 and b"standstill period runs until" in confirm.content
    public = anonymous.client.get(url("notice_detail", process)).content.decode()
    assert "Home Care One" in public and "Standstill" in public
    assert "Well evidenced" not in public and "Agreed." not in public  # scores never public


def test_the_api_lists_notices_and_their_questions_and_takes_a_partners_question(
    chris, member_a, anonymous
):
    process = make.notice(by=chris)
    make.notice(by=chris, title="Draft", publish=False)
    listed = anonymous.client.get("/api/v1/commissioning/notices").json()
    assert [n["slug"] for n in listed["items"]] == [process.slug]
    detail = anonymous.client.get(f"/api/v1/commissioning/notices/{process.slug}").json()
    assert [c["weight"] for c in detail["criteria"]] == [60, 10, 30]
    assert detail["bid_sections"] == ["organisation_summary", "approach"]
    path = f"/api/v1/commissioning/notices/{process.slug}/questions"
    assert (
        anonymous.client.post(path, {"text": "Hi"}, content_type="application/json").status_code
        == 401
    )
    asked = member_a.client.post(
        path, {"text": "Is parking paid?"}, content_type="application/json"
    )
    assert asked.status_code == 201
    assert anonymous.client.get(path).json() == []  # published once answered
    services.answer_question(question=Question.objects.get(), answer="No.", by=chris.user)
    assert [q["answer"] for q in anonymous.client.get(path).json()] == ["No."]
    late = make.notice(by=chris, start=timezone.now() - 3 * DAY, title="Late")
    refused = member_a.client.post(
        f"/api/v1/commissioning/notices/{late.slug}/questions", {"text": "Too late?"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422 and "clarification deadline" in refused.json()["message"]


def test_the_api_gives_the_bidder_their_own_bid(chris):
    process = make.notice(by=chris)
    bidder = make.provider()
    bid = make.bid(process, bidder)
    response = client_of(bidder).get(f"/api/v1/commissioning/bids/{bid.pk}")
    assert response.status_code == 200 and response.json()["approach"].startswith("Two carers")


def test_admin_site_has_no_back_door_to_bids():
    from django.contrib import admin

    assert Bid not in admin.site._registry
