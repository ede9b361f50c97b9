"""The engagement lists take a bounded number of queries, however many records they show."""

import pytest

from joinedup.engagement import services
from tests.engagement import factories as eng
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(partner_a):
    workstream = prog.workstream(prog.programme())
    council = gov.body("Council", power="assures", kind="advisory_group")
    theme = services.create_theme(name="Home care")
    for n in range(12):
        project = prog.project(workstream, partner_a, name=f"Project {n}")
        services.record_assurance(project=project, body=council, level="partly", evidence="E",
                                  reasons="R")  # fmt: skip
        services.record_story(title=f"Story {n}", story="S", consent=True, projects=[project],
                              themes=[theme], publish=True)  # fmt: skip
        consultation = eng.consultation(title=f"Consultation {n}")
        outcome_theme = services.create_theme(consultation=consultation, name=f"Theme {n}")
        services.record_you_said_we_did(theme=outcome_theme, you_said="Said", we_did="Did",
                                        publish=True)  # fmt: skip


PATHS = ["/consultations/", "/you-said-we-did/", "/experience/", "/assurance/",
         "/api/v1/consultations", "/api/v1/assurance"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_each_list_takes_a_bounded_number_of_queries(many, anonymous, path,
                                                     django_assert_max_num_queries):  # fmt: skip
    with django_assert_max_num_queries(12):
        response = anonymous.client.get(path)
    assert response.status_code == 200
