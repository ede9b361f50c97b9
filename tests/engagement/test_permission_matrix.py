"""The engagement routes × every persona, as tests/engagement/matrix.py says."""

from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.engagement import services
from joinedup.engagement.choices import Audience
from joinedup.engagement.models import Answer, Consultation
from joinedup.governance.choices import BodyKind, DecisionPower
from tests.engagement import factories as eng
from tests.engagement.matrix import MATRIX
from tests.governance import factories as gov
from tests.matrix import row_id, walk
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partner_a, member_a, board_member):
    opened = eng.consultation(title="Open")
    closed = eng.consultation(title="Closed")
    eng.respond(closed, token="t1", text="Please listen to carers.")
    Consultation.objects.filter(pk=closed.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    closed.refresh_from_db()
    services.publish_results(consultation=closed, summary="Carers want a voice.")
    theme = services.create_theme(consultation=closed, name="Carers")
    suac = gov.body("Service User Advisory Council", power=DecisionPower.ASSURES,
                    kind=BodyKind.ADVISORY_GROUP)  # fmt: skip
    gov.seat(suac, member_a.person)
    board = gov.body("Partnership Board")
    gov.seat(board, member_a.person)
    gov.seat(board, board_member.person)
    today = timezone.localdate()
    assessment_round = services.open_round(
        name="Now", body=board, reported_to=suac, opens_on=today, closes_on=today
    )
    return {
        "open": opened,
        "open_question": eng.questions(opened)["text"],
        "closed": closed,
        "question": eng.questions(closed)["text"],
        "answer": Answer.objects.get(text="Please listen to carers."),
        "theme": theme,
        "partners": eng.consultation(title="Partners", audience=Audience.PARTNERS),
        "members": eng.consultation(title="Members", audience=Audience.BODY, body=board),
        "draft": eng.consultation(title="Draft", published=False),
        "project": prog.project(prog.workstream(prog.programme()), partner_a, name="Carers"),
        "round": assessment_round,
    }


@pytest.mark.parametrize("route, case, method, path_of, expected", MATRIX, ids=map(row_id, MATRIX))
def test_route_answers_each_persona_as_the_matrix_says(
    records, personas, route, case, method, path_of, expected
):
    answers = walk(personas, method, path_of(records), None)
    assert answers == expected
