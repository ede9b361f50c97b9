"""The programme report shows the service user advisory council's assurance of every project it
covers (issue #7): the latest view of each, and "not yet assured" for the rest."""

from datetime import date

import pytest

from joinedup.engagement import services as engagement
from joinedup.governance.choices import BodyKind, DecisionPower
from joinedup.programme import reports, services
from joinedup.programme.choices import ProjectStatus, ReportKind
from tests.governance import factories as gov
from tests.programme import factories as prog

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return gov.body("Service User Advisory Council", power=DecisionPower.ASSURES,
                    kind=BodyKind.ADVISORY_GROUP, short_name="SUAC")  # fmt: skip


@pytest.fixture
def report(delivery):
    return services.draft_report(
        programme=delivery.programme, kind=ReportKind.MONTHLY, month=date(2021, 6, 1),
        title="June 2021 progress report", asks_of_board="Agree it.",
    )  # fmt: skip


def test_the_report_shows_the_latest_assurance_of_every_project(delivery, partner_a, council,
                                                                 report):  # fmt: skip
    other = prog.project(delivery.workstream, partner_a, name="Carer Strategy")
    services.move_project(project=other, to=ProjectStatus.INITIATION)
    for level in ("not_sufficient", "partly"):
        engagement.record_assurance(
            project=delivery.project, body=council, level=level, evidence="Focus group.",
            reasons=f"Reason {level}.",
        )  # fmt: skip
    rows = {row["project"]: row for row in reports.assemble(report)["assurance"]}
    assert set(rows) == {delivery.project.reference, other.reference}
    assert rows[delivery.project.reference]["label"] == "Partly sufficient"
    assert rows[delivery.project.reference]["reasons"] == "Reason partly."
    assert rows[other.reference]["label"] == "Not yet assured"


def test_the_report_page_shows_the_assurance_section(delivery, council, report, pmo):
    engagement.record_assurance(project=delivery.project, body=council, level="sufficient",
                                evidence="Stories.", reasons="Carers were heard.")  # fmt: skip
    page = pmo.client.get(f"/reports/{report.pk}/").content.decode()
    assert "Service user assurance" in page
    assert "Carers were heard." in page
