"""A programme with one workstream and one project of partner A, fully staffed."""

from dataclasses import dataclass
from datetime import date

import pytest

from joinedup.programme import services
from joinedup.programme.choices import ProjectRole, ProjectStatus
from tests.programme import factories as prog


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Kept report PDFs go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class Delivery:
    programme: object
    workstream: object
    project: object
    manager: object
    clinical_lead: object
    finance_rep: object
    round: object


@pytest.fixture
def delivery(partner_a, partner_b) -> Delivery:
    programme = prog.programme()
    workstream = prog.workstream(programme, "Intermediate Care")
    project = prog.project(workstream, partner_a, name="Rapid Response", partners=[partner_b])
    services.move_project(project=project, to=ProjectStatus.INITIATION)
    services.move_project(project=project, to=ProjectStatus.DELIVERY)
    people = prog.staff(project, partner_a)
    round = services.issue_return_round(
        programme=programme, month=date(2021, 6, 1), due_on=date(2021, 7, 10)
    )
    return Delivery(
        programme, workstream, project, people[ProjectRole.PROJECT_MANAGER],
        people[ProjectRole.CLINICAL_LEAD], people[ProjectRole.FINANCE_REPRESENTATIVE], round,
    )  # fmt: skip
