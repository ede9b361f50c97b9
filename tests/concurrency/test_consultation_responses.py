"""Fifty people answer a consultation at once; one person's "Submit your answers" is pressed
fifty times at once. Each response is stored once, and audited once."""

from joinedup.engagement.choices import Audience, ResponseStatus
from joinedup.engagement.models import Answer, Response
from tests import factories
from tests.concurrency.racing import RACE, RACERS, audit_entries, race, verify_audit
from tests.engagement import factories as eng

pytestmark = RACE


def test_fifty_responses_submitted_at_once_are_all_stored_once():
    consultation = eng.consultation(audience=Audience.PUBLIC)
    answers = eng.values(consultation)

    outcome = race(lambda n: eng.services.save_response(
        consultation=consultation, values=answers, submit=True, token=f"browser-{n}"))  # fmt: skip

    assert outcome.failures == [] and outcome.refusals == []
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == RACERS
    assert Answer.objects.count() == RACERS * len(answers)
    assert audit_entries("response.submitted") == RACERS
    assert "no broken link" in verify_audit()


def test_one_response_submitted_fifty_times_at_once_is_stored_once_and_the_rest_refused():
    consultation = eng.consultation(audience=Audience.PARTNERS, identified=True)
    person = factories.person(organisation=factories.organisation())
    answers = eng.values(consultation)

    outcome = race(lambda n: eng.services.save_response(
        consultation=consultation, values=answers, submit=True, person=person))  # fmt: skip

    assert outcome.failures == []
    assert len(outcome.stored) == 1
    assert outcome.refusals == ["You have already answered this consultation"] * (RACERS - 1)
    assert Response.objects.get().person == person
    assert Answer.objects.count() == len(answers)
    assert audit_entries("response.submitted") == 1
    assert "no broken link" in verify_audit()
