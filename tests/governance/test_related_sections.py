"""A recommendation's page shows the consultations that informed it (provided by the engagement
app through core.related, so governance imports nothing of engagement), to those who may see
them; with "you said, we did" where it is published."""

import pytest

from joinedup.engagement import services as engagement
from joinedup.engagement.choices import Audience
from joinedup.governance import services
from joinedup.governance.choices import ReachedBy
from tests.engagement import factories as consultations

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(board):
    return services.issue_recommendation(
        item=board.item, title="Joint commissioning", text="Commission jointly.",
        reached_by=ReachedBy.CONSENSUS, addressed_to=[board.partner_c],
    )  # fmt: skip


def test_a_public_consultation_that_informed_a_recommendation_is_on_its_page(
    anonymous, recommendation
):
    survey = consultations.consultation(title="Have your say on joint commissioning")
    consultations.respond(survey)
    engagement.link(record=recommendation, consultation=survey)
    page = anonymous.client.get(recommendation.get_absolute_url()).content.decode()
    assert "What people told us" in page
    assert "Have your say on joint commissioning" in page


def test_a_partners_only_consultation_is_not_shown_to_the_public(
    anonymous, member_a, recommendation
):
    survey = consultations.consultation(
        title="Partners' views on joint commissioning", audience=Audience.PARTNERS
    )
    engagement.link(record=recommendation, consultation=survey)
    public = anonymous.client.get(recommendation.get_absolute_url()).content.decode()
    assert "Partners' views on joint commissioning" not in public
    assert "What people told us" not in public
    partner = member_a.client.get(recommendation.get_absolute_url()).content.decode()
    assert "Partners&#x27; views on joint commissioning" in partner


def test_a_recommendation_informed_by_nothing_has_no_such_section(anonymous, recommendation):
    page = anonymous.client.get(recommendation.get_absolute_url()).content.decode()
    assert "What people told us" not in page
