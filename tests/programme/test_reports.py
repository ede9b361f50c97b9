"""The monthly report: every section from the records, the same figures for the web, the PDF
and the API, the public version without what is not public, and queries that do not grow with
the number of projects."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.core.choices import Visibility
from joinedup.programme import reports, services
from joinedup.programme.choices import ProjectStatus, ReportKind, ReportStatus
from joinedup.programme.models import FundingSource
from tests.governance import factories as gov
from tests.programme import factories as prog

MONTH = date(2021, 6, 1)
SECTIONS = {
    "asks_of_board", "workstreams", "milestones", "finance", "benefits", "risks",
    "dependencies", "exceptions", "decisions_required", "decisions_taken", "escalations",
    "recommendations", "path_to_green", "trend_months", "summary",
}  # fmt: skip


def delivering_project(delivery, lead, *, visibility=Visibility.PUBLIC, cost=0, name=None):
    project = prog.project(delivery.workstream, lead, name=name, visibility=visibility)
    for status in (ProjectStatus.INITIATION, ProjectStatus.DELIVERY):
        services.move_project(project=project, to=status)
    people = prog.staff(project, lead)
    manager = people["project_manager"]
    monthly_return = services.save_return_draft(
        round=delivery.round, project=project, by=manager.user, confidence="amber",
        confidence_narrative="Recovering by September.", decisions_needed="Agree extra posts.",
    )  # fmt: skip
    services.submit_return(
        monthly_return=monthly_return, forecasts=prog.forecasts(cost=cost), by=manager.user
    )
    services.add_milestone(
        project=project, title=f"{project.name} live", baseline_on=date(2021, 7, 1), is_key=True
    )
    source = FundingSource.objects.first() or services.add_funding_source(
        programme=delivery.programme, name="Health Insurance Fund", provided_by=lead,
        held_by=lead, arrangement="pooled",
    )  # fmt: skip
    services.record_finance(
        project=project, month=MONTH, source=source, budget=Decimal(1000),
        forecast=Decimal(1040), actual=Decimal(1010),
    )  # fmt: skip
    prog.risk(delivery.programme, manager, [lead], project=project, current=(4, 4))
    return project


@pytest.fixture
def report(delivery):
    return services.draft_report(
        programme=delivery.programme, kind=ReportKind.MONTHLY, month=MONTH,
        title="June 2021 progress report", asks_of_board="Agree the report for publication.",
    )  # fmt: skip


def test_the_monthly_report_has_every_section(delivery, partner_a, report):
    delivering_project(delivery, partner_a, cost=4, name="Home First")
    content = reports.assemble(report)
    assert set(content) >= SECTIONS
    (project,) = [p for p in content["workstreams"][0]["projects"] if p["name"] == "Home First"]
    assert project["latest"]["overall"] == "amber"
    assert len(project["trend"]) == 6
    assert content["finance"]["projects"][0]["year_variance"] == {
        "amount": "40.00", "percent": "4.0", "direction": "overspend"
    }  # fmt: skip
    assert content["risks"]["top"][0]["grade"] == "extreme"
    assert content["path_to_green"]
    assert content["decisions_required"][0]["decision"] == "Agree extra posts."


def test_the_public_version_leaves_out_partnership_only_projects_and_their_risks(
    delivery, partner_a, report
):
    delivering_project(delivery, partner_a, name="Open Project")
    delivering_project(delivery, partner_a, visibility=Visibility.PARTNERSHIP, name="Quiet One")
    services.move_report(report=report, to=ReportStatus.CONSOLIDATED)
    services.move_report(
        report=report, to=ReportStatus.AGREED,
        meeting=gov.meeting(delivery.programme.reports_agreed_by),
    )  # fmt: skip
    published = reports.publish(report=report)
    full = str(published.content)
    public = str(published.public_content)
    assert "Quiet One" in full and "Quiet One" not in public
    assert "Open Project" in public
    assert len(published.public_content["risks"]["top"]) < len(published.content["risks"]["top"])


def _queries(report) -> int:
    with CaptureQueriesContext(connection) as captured:
        reports.assemble(report)
    return len(captured)


def test_assembling_the_report_takes_the_same_queries_for_two_projects_or_ten(
    delivery, partner_a, report
):
    for _ in range(2):
        delivering_project(delivery, partner_a)
    few = _queries(report)
    for _ in range(8):
        delivering_project(delivery, partner_a)
    assert _queries(report) == few


def test_finance_totals_sum_the_projects_with_the_sign_of_the_variance_stated(
    delivery, partner_a, report
):
    for name in ("One", "Two"):
        delivering_project(delivery, partner_a, name=name)
    totals = reports.assemble(report)["finance"]["totals"]
    assert totals["year_budget"] == "2000.00" and totals["year_forecast"] == "2080.00"
    assert totals["year_variance"] == {
        "amount": "80.00",
        "percent": "4.0",
        "direction": "overspend",
    }


def test_the_tranche_report_measures_against_the_frozen_targets_and_shows_rebaselines(
    delivery, pmo
):
    tranche = services.add_tranche(
        programme=delivery.programme, number=1, name="Foundations",
        starts_on=date(2021, 1, 1), ends_on=date(2022, 3, 31),
    )  # fmt: skip
    target = services.add_tranche_target(
        tranche=tranche, description="Rapid response in every parish", measure="Parishes",
        target_value=Decimal(12), unit="parishes", due_on=date(2022, 3, 31),
        achieved_value=Decimal(9), narrative="Three parishes start in Tranche 2.",
    )  # fmt: skip
    services.freeze_tranche(tranche=tranche, on=date(2021, 1, 1))
    services.change_tranche_target(
        target=target, target_value=Decimal(10), reason="Two parishes joined a pilot."
    )
    report = services.draft_report(
        programme=delivery.programme, kind=ReportKind.TRANCHE, tranche=tranche,
        title="Tranche 1 report", asks_of_board="Agree the analysis for publication.",
    )  # fmt: skip
    (row,) = reports.assemble(report)["targets"]
    assert (row["target"], row["achieved"], row["variance"]) == ("10.00", "9.00", "-1.00")
    assert row["rebaselines"][0]["reason"] == "Two parishes joined a pilot."
    page = pmo.client.get(f"/reports/{report.pk}/").content.decode()
    assert "Two parishes joined a pilot." in page and "Three parishes start" in page
    pdf = pmo.client.get(f"/reports/{report.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
