"""The rules of a procurement, through its services: the notice and its weights, the derived
status, questions and the deadline they hold, proportionate and sealed bids, conflicts of
interest, moderation, award and standstill."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from joinedup.commissioning.models import (
    AwardCriterion,
    Bid,
    ContractingProcess,
    ModeratedScore,
    ProcessStatus,
    Score,
)
from joinedup.commissioning.queries import procurement as queries
from joinedup.commissioning.services import procurement as services
from joinedup.core.access import viewer_of_person
from joinedup.core.choices import SizeBand, StaffRole
from joinedup.core.models import AuditEntry
from tests import factories
from tests.commissioning import procurement_factories as make

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


@pytest.fixture
def chris():
    return make.commissioner()


def _viewer(person):
    person.refresh_from_db()
    return viewer_of_person(person)


def test_it_gives_each_process_an_ocid_with_our_prefix(chris):
    one, two = make.notice(by=chris), make.notice(by=chris)
    assert one.ocid.startswith("ocds-jnup01-") and two.ocid.startswith("ocds-jnup01-")
    assert one.ocid != two.ocid


def test_weights_that_do_not_sum_to_100_are_refused_and_nothing_is_created(chris):
    with pytest.raises(ValidationError) as refused:
        make.notice(by=chris, criteria=[("Quality", 60, ""), ("Price", 30, "")])
    assert "add up to 100; they add up to 90" in str(refused.value)
    assert refused.value.message_dict.keys() == {"criteria"}
    assert not ContractingProcess.objects.exists() and not AwardCriterion.objects.exists()


def test_criteria_are_frozen_once_the_notice_is_published(chris):
    process = make.notice(by=chris)
    with pytest.raises(ValidationError, match="cannot change"):
        services.set_criteria(process=process, criteria=[("Quality", 100, "")], by=chris.user)
    assert [c.weight for c in process.criteria.all()] == [60, 10, 30]


def test_a_timetable_out_of_order_is_refused_beside_its_field(chris):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        make.notice(by=chris, start=now, submission_deadline=now + DAY)  # before clarification
    assert "submission_deadline" in refused.value.message_dict


def test_the_status_is_derived_from_the_timestamps(chris):
    start = timezone.now() - 30 * DAY
    process = make.notice(by=chris, start=start, publish=False)
    assert process.status() == ProcessStatus.DRAFT
    services.publish_notice(process=process, by=chris.user, at=start)
    assert process.status(start + DAY) == ProcessStatus.OPEN_FOR_QUESTIONS
    assert process.status(start + 3 * DAY) == ProcessStatus.OPEN_FOR_BIDS
    assert process.status() == ProcessStatus.EVALUATION


def test_a_question_after_the_clarification_deadline_is_refused(chris):
    process = make.notice(by=chris, start=timezone.now() - 3 * DAY)
    asker = make.provider()
    with pytest.raises(ValidationError, match="clarification deadline has passed"):
        services.ask_question(process=process, text="May we bid for nights only?", person=asker)


def test_an_unanswered_question_holds_the_deadline(chris):
    start = timezone.now() - 6 * DAY
    process = make.notice(by=chris, start=start)
    asker = make.provider()
    question = services.ask_question(
        process=process, text="Is travel time paid?", person=asker, at=start + DAY
    )
    # The submission deadline (start + 5 days) has arrived, but the question is unanswered.
    assert not process.deadline_passed()
    assert process.status() == ProcessStatus.OPEN_FOR_BIDS
    with pytest.raises(ValidationError, match="A question is unanswered"):
        services.open_bids(process=process, by=chris.user)
    with pytest.raises(ValidationError, match="set a new submission deadline first"):
        services.answer_question(question=question, answer="Yes.", by=chris.user)
    with pytest.raises(ValidationError, match="into the past while a question is unanswered"):
        services.amend_timetable(
            process=process, submission_deadline=timezone.now() - DAY, reason="x", by=chris.user
        )
    services.amend_timetable(
        process=process, submission_deadline=timezone.now() + 5 * DAY,
        reason="A question came late.", by=chris.user,
    )  # fmt: skip
    services.answer_question(question=question, answer="Yes, at the Jersey rate.", by=chris.user)
    assert list(queries.public_questions(process)) == [question]


def test_a_published_deadline_only_moves_later(chris):
    process = make.notice(by=chris)
    with pytest.raises(ValidationError, match="only move later"):
        services.amend_timetable(
            process=process, submission_deadline=process.submission_deadline - timedelta(hours=1),
            reason="Sooner", by=chris.user,
        )  # fmt: skip


def test_a_bid_after_the_deadline_is_refused(chris):
    process = make.notice(by=chris, start=timezone.now() - 6 * DAY)
    with pytest.raises(ValidationError, match="submission deadline has passed"):
        make.bid(process, make.provider())
    assert not Bid.objects.exists()


def test_what_a_bid_must_say_is_proportionate_to_the_value(chris):
    small = make.notice(by=chris, value=Decimal("50000"))
    large = make.notice(by=chris, value=Decimal("2500000"), title="Home care, whole island")
    person = make.provider()
    assert services.value_band(small.estimated_value).sections == services.BASIC
    make.bid(small, person)  # no quality, safeguarding or finance sections needed
    with pytest.raises(ValidationError) as refused:
        make.bid(large, person)
    assert "quality_and_safeguarding" in refused.value.message_dict


def test_a_consortium_bid_lists_its_members_but_not_its_lead(chris):
    process = make.notice(by=chris)
    lead = make.provider("Lead Charity")
    member = factories.organisation("Member Charity", size_band=SizeBand.MICRO)
    bid = make.bid(process, lead, members=[member])
    assert [m.organisation for m in bid.members.all()] == [member]
    with pytest.raises(ValidationError, match="not also a member"):
        make.bid(process, lead, members=[lead.organisation], lot=None)


def test_no_one_but_the_bidder_can_read_a_bid_before_the_deadline(chris):
    process = make.notice(by=chris)
    bidder = make.provider()
    bid = make.bid(process, bidder)
    admin = factories.person("admin1", roles=[StaffRole.ADMIN])
    assert queries.bid_content(_viewer(bidder), bid.pk) == bid
    for person in (admin, chris):
        with pytest.raises(queries.BidSealed):
            queries.bid_content(_viewer(person), bid.pk)
    refusals = AuditEntry.objects.filter(action="bid.sealed_read_refused")
    assert sorted(e.actor_id for e in refusals) == sorted([admin.user.pk, chris.user.pk])
    with pytest.raises(Http404):
        queries.bid_content(_viewer(make.provider()), bid.pk)


def test_the_commissioner_cannot_open_bids_before_the_deadline_and_the_attempt_is_recorded(chris):
    process = make.notice(by=chris)
    with pytest.raises(ValidationError, match="sealed until the submission deadline"):
        services.open_bids(process=process, by=chris.user)
    process.refresh_from_db()
    assert process.bids_opened_at is None
    assert AuditEntry.objects.filter(action="tender.bids_open_refused").count() == 1


def _closed_with_bids(chris, days_ago=20):
    start = timezone.now() - days_ago * DAY
    process = make.notice(by=chris, start=start)
    first = make.bid(process, make.provider("Home Care One"), at=start + DAY)
    second = make.bid(process, make.provider("Home Care Two"), at=start + DAY)
    return process, start, first, second


def test_once_opened_the_commissioner_reads_the_bids(chris):
    process, start, first, _second = _closed_with_bids(chris)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    assert queries.bid_content(_viewer(chris), first.pk) == first


def test_an_evaluator_with_a_declared_conflict_cannot_score_and_the_attempt_is_recorded(chris):
    process, start, first, _second = _closed_with_bids(chris)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    person = factories.person(organisation=chris.organisation)
    evaluator = services.appoint_evaluator(process=process, person=person, by=chris.user)
    services.declare_interests(
        evaluator=evaluator, has_conflict=True, conflict="My sister runs Home Care One.",
        by=person.user,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="conflict of interest"):
        services.score_bid(
            evaluator=evaluator, bid=first, scores=make.marks(process, 8), by=person.user
        )
    assert not Score.objects.exists()
    assert AuditEntry.objects.filter(action="evaluation.conflicted_scoring_refused").exists()
    with pytest.raises(ValidationError, match="stands"):
        services.declare_interests(evaluator=evaluator, has_conflict=False, by=person.user)


def test_an_evaluator_must_declare_before_scoring(chris):
    process, start, first, _second = _closed_with_bids(chris)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    person = factories.person(organisation=chris.organisation)
    evaluator = services.appoint_evaluator(process=process, person=person, by=chris.user)
    with pytest.raises(ValidationError, match="Declare your interests"):
        services.score_bid(
            evaluator=evaluator, bid=first, scores=make.marks(process, 8), by=person.user
        )


def test_moderation_keeps_the_original_scores_and_the_reason(chris):
    process, start, first, second = _closed_with_bids(chris)
    make.evaluated(process, chris, [first, second], at=start + 7 * DAY, scores=[8, 5])
    assert Score.objects.filter(bid=first).count() == 3 * 3
    assert sorted({s.score for s in Score.objects.filter(bid=first)}) == [8, 9]
    moderated = ModeratedScore.objects.filter(bid=first)
    assert {m.score for m in moderated} == {8}
    assert {m.reason for m in moderated} == {"Agreed at moderation."}
    assert services.weighted_total(first) == 80.0 and services.weighted_total(second) == 50.0


def test_moderation_waits_for_every_evaluator(chris):
    process, start, first, _second = _closed_with_bids(chris)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    for _ in range(2):
        person = factories.person(organisation=chris.organisation)
        evaluator = services.appoint_evaluator(process=process, person=person, by=chris.user)
        services.declare_interests(evaluator=evaluator, has_conflict=False, by=person.user)
    services.score_bid(
        evaluator=evaluator, bid=first, scores=make.marks(process, 6), by=person.user
    )
    with pytest.raises(ValidationError, match="Every evaluator must score"):
        services.moderate_bid(bid=first, marks=make.marks(process, 6), by=chris.user)


def test_an_award_before_the_evaluation_is_complete_is_refused(chris):
    process, start, first, _second = _closed_with_bids(chris)
    services.open_bids(process=process, by=chris.user, at=start + 6 * DAY)
    with pytest.raises(ValidationError, match="evaluation is not complete"):
        services.award_lot(process=process, lot=first.lot, bid=first, by=chris.user)


def test_the_award_goes_to_the_best_bid_and_nothing_changes_in_standstill(chris):
    process, start, first, second = _closed_with_bids(chris)
    make.evaluated(process, chris, [first, second], at=start + 7 * DAY, scores=[8, 5])
    with pytest.raises(ValidationError, match="highest moderated score"):
        services.award_lot(process=process, lot=second.lot, bid=second, by=chris.user)
    award = services.award_lot(process=process, lot=first.lot, bid=first, by=chris.user)
    assert process.status() == ProcessStatus.STANDSTILL
    assert award.value == first.price and award.standstill_ends_at > timezone.now()
    for change in (
        lambda: services.award_lot(process=process, lot=second.lot, bid=second, by=chris.user),
        lambda: services.moderate_bid(bid=second, marks=make.marks(process, 9), by=chris.user),
        lambda: services.confirm_award(award=award, by=chris.user),
    ):
        with pytest.raises(ValidationError, match="standstill"):
            change()
    assert not award.is_final


def test_after_the_standstill_the_award_is_final_with_the_consortium_as_suppliers(chris):
    start = timezone.now() - 40 * DAY
    process = make.notice(by=chris, start=start)
    lead = make.provider("Small Partners Lead")
    member = factories.organisation("Small Partner Member", size_band=SizeBand.MICRO)
    first = make.bid(process, lead, members=[member], at=start + DAY)
    second = make.bid(process, make.provider("Big Provider"), at=start + DAY)
    make.evaluated(process, chris, [first, second], at=start + 7 * DAY, scores=[9, 6])
    award = services.award_lot(
        process=process, lot=first.lot, bid=first, by=chris.user, at=start + 10 * DAY
    )
    services.confirm_award(award=award, by=chris.user)
    assert award.is_final and process.status() == ProcessStatus.AWARDED
    assert set(award.suppliers.all()) == {lead.organisation, member}


def test_the_bidder_can_withdraw_before_the_deadline_only(chris):
    process = make.notice(by=chris)
    bidder = make.provider()
    bid = make.bid(process, bidder)
    with pytest.raises(ValidationError, match="Only the lead"):
        services.withdraw_bid(bid=bid, person=make.provider())
    services.withdraw_bid(bid=bid, person=bidder)
    assert queries.live_bid_count(process) == 0
    make.bid(process, bidder)  # may bid again


def test_a_document_must_be_a_real_pdf_docx_or_xlsx_or_a_link(chris):
    from django.core.files.uploadedfile import SimpleUploadedFile

    process = make.notice(by=chris)
    fake = SimpleUploadedFile("specification.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.add_document(process=process, title="Specification", uploaded=fake)
    with pytest.raises(ValidationError, match="not both"):
        services.add_document(process=process, title="Nothing")
    doc = services.add_document(
        process=process, title="Specification", url="https://www.gov.je/spec"
    )
    assert list(process.documents.all()) == [doc]


def test_the_buyer_cannot_bid_for_its_own_contract(chris):
    process = make.notice(by=chris)
    with pytest.raises(ValidationError, match="buyer cannot bid"):
        make.bid(process, chris)


def test_a_cancelled_process_says_so_and_takes_no_more_bids(chris):
    process = make.notice(by=chris)
    with pytest.raises(ValidationError, match="reason"):
        services.cancel_process(process=process, reason=" ", by=chris.user)
    services.cancel_process(process=process, reason="The service moves in-house.", by=chris.user)
    assert process.status() == ProcessStatus.CANCELLED
    with pytest.raises(ValidationError, match="published notice"):
        make.bid(process, make.provider())


def test_a_question_is_published_without_who_asked(chris):
    process = make.notice(by=chris)
    question = services.ask_question(process=process, text="Hours?", person=make.provider())
    services.answer_question(question=question, answer="Nights.", by=chris.user)
    published = queries.public_questions(process).get()
    assert published.get_deferred_fields() >= {"asked_by_id", "organisation_id"}
