"""Fifty providers bid for the same lot in the last minute; one provider's submit button is
pressed fifty times at once. Each bid is stored once, and audited once."""

from datetime import timedelta

from django.utils import timezone

from joinedup.commissioning.models import Bid
from tests.commissioning import procurement_factories as make
from tests.concurrency.racing import RACE, RACERS, audit_entries, race, verify_audit

pytestmark = RACE


def _open_notice():
    return make.notice(by=make.commissioner(), start=timezone.now() - timedelta(days=1))


def test_fifty_bids_submitted_at_once_are_all_stored_once():
    process = _open_notice()
    bidders = [make.provider() for _ in range(RACERS)]

    outcome = race(lambda n: make.bid(process, bidders[n]))

    assert outcome.failures == [] and outcome.refusals == []
    assert Bid.objects.filter(process=process).count() == RACERS
    assert set(Bid.objects.values_list("lead", flat=True)) == {
        bidder.organisation_id for bidder in bidders
    }
    assert audit_entries("bid.submitted") == RACERS
    assert "no broken link" in verify_audit()


def test_one_bid_submitted_fifty_times_at_once_is_stored_once_and_the_rest_refused():
    process = _open_notice()
    bidder = make.provider()

    outcome = race(lambda n: make.bid(process, bidder))

    assert outcome.failures == []
    assert len(outcome.stored) == 1
    assert outcome.refusals == [
        "Your organisation already has a bid for this lot: withdraw it to bid again."
    ] * (RACERS - 1)
    assert Bid.objects.count() == 1
    assert audit_entries("bid.submitted") == 1
    assert "no broken link" in verify_audit()
