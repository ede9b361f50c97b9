"""Risks on the NHS matrix with appetite and escalation; dependencies, asks and challenges."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from joinedup.governance.models import Escalation
from joinedup.programme import services
from joinedup.programme.choices import RiskCategory, RiskLevel
from joinedup.programme.models import Risk
from tests import factories
from tests.programme import factories as prog


def test_a_risk_is_scored_inherent_current_and_target(delivery, partner_a):
    risk = prog.risk(delivery.programme, delivery.manager, [partner_a], project=delivery.project)
    assert (risk.inherent_score, risk.current_score, risk.target_score) == (16, 9, 2)
    assert risk.assessments.get().score == 9


@pytest.mark.parametrize("field", ["current_likelihood", "target_consequence"])
@pytest.mark.parametrize("bad", [0, 6])
def test_a_likelihood_or_consequence_outside_the_matrix_is_refused(delivery, partner_a, field, bad):
    with pytest.raises(ValidationError, match="from 1 to 5"):
        prog.risk(
            delivery.programme, delivery.manager, [partner_a], project=delivery.project,
            **{field: bad} if field != "current_likelihood" else {"current": (bad, 3)},
        )  # fmt: skip
    assert not Risk.objects.exists()


def test_a_risk_needs_a_holding_organisation(delivery):
    with pytest.raises(ValidationError, match="hold or share"):
        prog.risk(delivery.programme, delivery.manager, [], project=delivery.project)


def test_a_project_risk_names_its_project(delivery, partner_a):
    with pytest.raises(ValidationError, match="names its project"):
        prog.risk(delivery.programme, delivery.manager, [partner_a], level=RiskLevel.PROJECT)


def test_a_risk_scored_beyond_its_levels_tolerance_escalates_to_the_programme_board(
    delivery, partner_a
):
    services.set_appetite(
        programme=delivery.programme, category=RiskCategory.DELIVERY, level=RiskLevel.PROJECT,
        tolerance_score=12,
    )  # fmt: skip
    risk = prog.risk(delivery.programme, delivery.manager, [partner_a], project=delivery.project)
    assert risk.escalation is None
    services.reassess_risk(risk=risk, likelihood=4, consequence=4, note="Supplier withdrew.")
    risk.refresh_from_db()
    assert risk.current_score == 16
    assert risk.escalation.from_body == delivery.workstream.board
    assert risk.escalation.to_body == delivery.programme.board
    services.reassess_risk(risk=risk, likelihood=5, consequence=4)
    assert Escalation.objects.count() == 1, "one escalation per breach, not one per review"
    assert list(risk.assessments.values_list("score", flat=True)) == [9, 16, 20]


def test_a_holding_partners_lower_appetite_applies(delivery, partner_a, partner_b):
    for organisation, score in ((None, 15), (partner_b, 8)):
        services.set_appetite(
            programme=delivery.programme, category=RiskCategory.DELIVERY,
            level=RiskLevel.PROJECT, organisation=organisation, tolerance_score=score,
        )  # fmt: skip
    only_a = prog.risk(delivery.programme, delivery.manager, [partner_a], project=delivery.project)
    shared = prog.risk(
        delivery.programme, delivery.manager, [partner_a, partner_b], project=delivery.project
    )
    assert services.tolerance_for(only_a) == 15 and only_a.escalation is None
    assert services.tolerance_for(shared) == 8 and shared.escalation is not None


def test_a_reassessment_outside_the_matrix_is_refused(delivery, partner_a):
    risk = prog.risk(delivery.programme, delivery.manager, [partner_a], project=delivery.project)
    with pytest.raises(ValidationError, match="from 1 to 5"):
        services.reassess_risk(risk=risk, likelihood=6, consequence=5)
    risk.refresh_from_db()
    assert risk.current_score == 9 and risk.assessments.count() == 1


def test_an_appetite_outside_one_to_twenty_five_is_refused(delivery):
    with pytest.raises(ValidationError, match="1 to 25"):
        services.set_appetite(
            programme=delivery.programme, category=RiskCategory.DELIVERY,
            level=RiskLevel.PROJECT, tolerance_score=30,
        )  # fmt: skip


def test_only_the_giving_partner_confirms_a_dependency(delivery, partner_a, partner_b):
    dependency = services.record_dependency(
        programme=delivery.programme, description="Shared care record access",
        giver=partner_b, receiver=partner_a, needed_by=date(2021, 9, 1),
        receiving_project=delivery.project,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Only someone of Partner B"):
        services.confirm_dependency(
            dependency=dependency, committed_by=date(2021, 8, 15), by=delivery.manager.user
        )
    giver = factories.person("giver", organisation=partner_b)
    services.confirm_dependency(
        dependency=dependency, committed_by=date(2021, 8, 15), by=giver.user
    )
    dependency.refresh_from_db()
    assert (dependency.status, dependency.confirmed_by) == ("confirmed", giver)


def test_a_partner_answers_an_ask_once(delivery, partner_b):
    ask = services.ask_partner(
        programme=delivery.programme, to_organisation=partner_b, what="Second two nurses",
        by_when=date(2021, 8, 1), by=delivery.manager.user,
    )  # fmt: skip
    answerer = factories.person("answerer", organisation=partner_b)
    services.answer_ask(ask=ask, agreed=True, response="Yes, from September.",
                        on=date(2021, 7, 20), by=answerer.user)  # fmt: skip
    with pytest.raises(ValidationError, match="already been answered"):
        services.answer_ask(ask=ask, agreed=False, response="No.", on=date(2021, 7, 21),
                            by=answerer.user)  # fmt: skip


def test_the_programme_board_challenges_at_its_own_meetings(delivery):
    from tests.governance import factories as gov

    other_meeting = gov.meeting(delivery.workstream.board)
    with pytest.raises(ValidationError, match="meeting of the programme board"):
        services.challenge_project(
            project=delivery.project, text="Why is recruitment late?",
            raised_on=date(2021, 7, 1), meeting=other_meeting,
        )  # fmt: skip
    challenge = services.challenge_project(
        project=delivery.project, text="Why is recruitment late?", raised_on=date(2021, 7, 1),
        meeting=gov.meeting(delivery.programme.board),
    )  # fmt: skip
    services.reply_to_challenge(
        challenge=challenge, reply="Agency market; plan attached.", on=date(2021, 7, 8),
        by=delivery.manager.user,
    )  # fmt: skip
    assert challenge.replied_on == date(2021, 7, 8)
