"""The programme's structure: tranches with frozen targets, milestones, benefits, reports."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.programme import services
from joinedup.programme.choices import ProjectStatus, ReportKind, ReportStatus
from joinedup.programme.models import Rebaseline
from tests.governance import factories as gov


@pytest.fixture
def tranche(delivery):
    tranche = services.add_tranche(
        programme=delivery.programme, number=1, name="Foundations",
        starts_on=date(2021, 1, 1), ends_on=date(2022, 3, 31),
    )  # fmt: skip
    services.add_tranche_target(
        tranche=tranche, description="Rapid response live island-wide", measure="Parishes",
        target_value=Decimal(12), unit="parishes", due_on=date(2022, 3, 31),
    )  # fmt: skip
    return tranche


def test_a_frozen_tranche_target_changes_only_by_a_reasoned_rebaseline(tranche):
    target = tranche.targets.get()
    services.freeze_tranche(tranche=tranche, on=date(2021, 1, 1))
    with pytest.raises(ValidationError, match="give the reason"):
        services.change_tranche_target(target=target, target_value=Decimal(8))
    services.change_tranche_target(
        target=target, target_value=Decimal(8), reason="Two parishes joined a pilot instead."
    )
    rebaseline = Rebaseline.objects.get()
    assert rebaseline.previous == {"target_value": "12.00"}
    assert rebaseline.new == {"target_value": "8"}


def test_a_frozen_tranche_takes_no_new_targets(tranche):
    services.freeze_tranche(tranche=tranche, on=date(2021, 1, 1))
    with pytest.raises(ValidationError, match="frozen"):
        services.add_tranche_target(
            tranche=tranche, description="More", measure="x", target_value=1,
            due_on=date(2022, 1, 1),
        )  # fmt: skip


def test_a_milestone_cannot_be_met_in_the_future(delivery):
    milestone = services.add_milestone(
        project=delivery.project, title="Service live", baseline_on=date(2021, 9, 1)
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="in the future"):
        services.update_milestone(milestone=milestone, actual_on=tomorrow)
    milestone.refresh_from_db()
    assert milestone.actual_on is None


def test_a_slipping_milestone_flags_the_benefits_it_enables(delivery):
    milestone = services.add_milestone(
        project=delivery.project, title="Service live", baseline_on=date(2021, 9, 1)
    )
    benefit = services.define_benefit(
        project=delivery.project, description="Fewer admissions of over-75s",
        observable_outcome="Emergency admissions fall", measure="Admissions a month",
        baseline=Decimal(120), target=Decimal(100), target_on=date(2022, 9, 1),
        owner=delivery.manager, enabled_by=[milestone],
    )  # fmt: skip
    services.update_milestone(milestone=milestone, forecast_on=date(2021, 11, 1))
    benefit.refresh_from_db()
    assert benefit.needs_reforecast
    assert "slipped to 01 November 2021" in benefit.reforecast_reason


def test_a_project_moves_only_forward(delivery):
    services.move_project(project=delivery.project, to=ProjectStatus.CLOSED)
    with pytest.raises(ValidationError, match="cannot move from Closed"):
        services.move_project(project=delivery.project, to=ProjectStatus.DELIVERY)


def test_a_report_is_agreed_at_a_meeting_of_its_agreeing_body_then_frozen(delivery):
    report = services.draft_report(
        programme=delivery.programme, kind=ReportKind.MONTHLY, month=date(2021, 6, 1),
        title="June 2021", asks_of_board="Agree the report for publication.",
    )  # fmt: skip
    services.move_report(report=report, to=ReportStatus.CONSOLIDATED)
    with pytest.raises(ValidationError, match="agreed at a meeting of Oversight Board"):
        services.move_report(
            report=report, to=ReportStatus.AGREED, meeting=gov.meeting(delivery.programme.board)
        )
    services.move_report(
        report=report, to=ReportStatus.AGREED,
        meeting=gov.meeting(delivery.programme.reports_agreed_by),
    )  # fmt: skip
    services.move_report(
        report=report, to=ReportStatus.PUBLISHED, content={"a": 1}, public_content={"a": 1}
    )
    with pytest.raises(ValidationError, match="published cannot become"):
        services.move_report(report=report, to=ReportStatus.DRAFT)
    report.refresh_from_db()
    assert report.status == "published" and report.content == {"a": 1}
