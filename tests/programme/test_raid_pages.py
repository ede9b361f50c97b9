"""The RAID log's forms: the giving partner confirms a dependency, the partner asked answers,
the project replies to the programme board's challenge; refusals beside the field."""

from datetime import date

import pytest

from joinedup.programme import services
from tests.conftest import _signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dependency(delivery, partner_a, partner_b):
    return services.record_dependency(
        programme=delivery.programme, description="Shared care record access", giver=partner_b,
        receiver=partner_a, needed_by=date(2021, 9, 1), receiving_project=delivery.project,
    )  # fmt: skip


def test_the_giving_partner_confirms_from_the_raid_log(delivery, dependency, member_b):
    log = member_b.client.get(f"/programmes/{delivery.programme.slug}/raid/").content.decode()
    assert f"/dependencies/{dependency.pk}/confirm/" in log
    response = member_b.client.post(
        f"/dependencies/{dependency.pk}/confirm/", {"committed_by": "2021-08-20"}
    )
    dependency.refresh_from_db()
    assert response.status_code == 302
    assert (dependency.status, dependency.committed_by) == ("confirmed", date(2021, 8, 20))


def test_a_confirmation_without_a_date_is_refused_beside_the_field(dependency, member_b):
    response = member_b.client.post(f"/dependencies/{dependency.pk}/confirm/", {})
    assert response.status_code == 400
    assert 'id="id_committed_by-error"' in response.content.decode()
    dependency.refresh_from_db()
    assert dependency.status == "requested"


def test_the_partner_asked_answers_once(delivery, member_b, partner_b):
    ask = services.ask_partner(
        programme=delivery.programme, to_organisation=partner_b, what="Two nurses",
        by_when=date(2021, 8, 1), by=delivery.manager.user,
    )  # fmt: skip
    answer = {"agreed": "yes", "response": "From September.", "on": "2021-07-20"}
    assert member_b.client.post(f"/asks/{ask.pk}/answer/", answer).status_code == 302
    again = member_b.client.post(f"/asks/{ask.pk}/answer/", answer)
    assert again.status_code == 400 and "already been answered" in again.content.decode()
    ask.refresh_from_db()
    assert (ask.status, ask.response) == ("agreed", "From September.")


def test_the_project_manager_replies_to_a_challenge(delivery):
    challenge = services.challenge_project(
        project=delivery.project, text="Why is recruitment late?", raised_on=date(2021, 7, 1)
    )
    client = _signed_in(delivery.manager)
    too_early = client.post(
        f"/challenges/{challenge.pk}/reply/", {"reply": "Agency market.", "on": "2021-06-01"}
    )
    assert too_early.status_code == 400
    assert "cannot come before the challenge" in too_early.content.decode()
    client.post(
        f"/challenges/{challenge.pk}/reply/", {"reply": "Agency market.", "on": "2021-07-08"}
    )
    challenge.refresh_from_db()
    assert challenge.reply == "Agency market."
