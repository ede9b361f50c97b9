"""The standard monthly return: drafted and submitted by the project manager, statuses derived
from tolerances, exceptions escalated, attested by the named roles, immutable once submitted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from joinedup.governance.models import Escalation
from joinedup.programme import services
from joinedup.programme.choices import AttestedPart, Dimension
from joinedup.programme.models import DimensionStatus, ExceptionReport, MonthlyReturn
from tests import factories
from tests.programme import factories as prog

EXCEPTION = {
    "cause": "Agency staff rates rose after the tender.",
    "consequences": "The project will overspend by 8% this year.",
    "options": "Reduce scope; find savings; seek more funding.",
    "recommendation": "Agree an extra £8,000 from the pooled fund.",
}


def draft(delivery, **fields):
    fields = {"confidence": "amber", "confidence_narrative": "Recruitment is slow.", **fields}
    return services.save_return_draft(
        round=delivery.round, project=delivery.project, by=delivery.manager.user, **fields
    )


def test_a_return_on_plan_is_green_in_every_dimension(delivery):
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(), by=delivery.manager.user
    )
    assert submitted.overall_status == "green"
    assert set(submitted.dimensions.values_list("status", flat=True)) == {"green"}
    assert submitted.submitted_by == delivery.manager


def test_a_dimension_past_three_quarters_of_its_tolerance_turns_the_return_amber(delivery):
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(time=25), by=delivery.manager.user
    )
    assert submitted.dimensions.get(dimension=Dimension.TIME).status == "amber"
    assert submitted.overall_status == "amber"


def test_a_breach_of_cost_tolerance_needs_an_exception_report(delivery):
    monthly_return = draft(delivery)
    with pytest.raises(ValidationError, match="cost tolerance: complete the exception report"):
        services.submit_return(
            monthly_return=monthly_return, forecasts=prog.forecasts(cost=8),
            by=delivery.manager.user,
        )  # fmt: skip
    monthly_return.refresh_from_db()
    assert monthly_return.status == "draft"
    assert not DimensionStatus.objects.exists()
    assert not Escalation.objects.exists()


def test_an_exception_report_is_escalated_from_the_workstream_board_to_the_programme_board(
    delivery,
):
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(cost=Decimal("8")),
        exception=EXCEPTION, by=delivery.manager.user,
    )  # fmt: skip
    assert submitted.overall_status == "red"
    report = ExceptionReport.objects.get(monthly_return=submitted)
    assert report.escalation.from_body == delivery.workstream.board
    assert report.escalation.to_body == delivery.programme.board
    assert "cost" in report.escalation.subject
    assert report.escalation.decision_requested == EXCEPTION["recommendation"]


def test_a_project_tolerance_overrides_the_programmes(delivery):
    services.set_tolerance(
        programme=delivery.programme, project=delivery.project, dimension=Dimension.COST,
        limit=Decimal(10),
    )  # fmt: skip
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(cost=8), by=delivery.manager.user
    )
    assert submitted.dimensions.get(dimension=Dimension.COST).status == "amber"


def test_overriding_the_overall_status_needs_a_recorded_reason(delivery):
    with pytest.raises(ValidationError, match="give the reason"):
        services.submit_return(
            monthly_return=draft(delivery), forecasts=prog.forecasts(time=25),
            overall_status="green", by=delivery.manager.user,
        )  # fmt: skip
    reasoned = draft(delivery, overall_override_reason="The slip is in a non-critical task.")
    submitted = services.submit_return(
        monthly_return=reasoned, forecasts=prog.forecasts(time=25), overall_status="green",
        by=delivery.manager.user,
    )  # fmt: skip
    assert submitted.overall_status == "green"


def test_a_return_cannot_be_submitted_twice_for_one_month(delivery):
    monthly_return = draft(delivery)
    services.submit_return(
        monthly_return=monthly_return, forecasts=prog.forecasts(), by=delivery.manager.user
    )
    with pytest.raises(ValidationError, match="already been submitted"):
        services.submit_return(
            monthly_return=monthly_return, forecasts=prog.forecasts(), by=delivery.manager.user
        )
    with pytest.raises(ValidationError, match="already been submitted"):
        draft(delivery, achievements="Rewritten after the event")
    assert MonthlyReturn.objects.get().achievements == ""
    assert DimensionStatus.objects.count() == len(Dimension)


def test_only_the_project_manager_drafts_and_submits(delivery):
    with pytest.raises(ValidationError, match="Only the project's project manager"):
        services.save_return_draft(
            round=delivery.round, project=delivery.project, by=delivery.clinical_lead.user,
            confidence="green",
        )  # fmt: skip
    assert not MonthlyReturn.objects.exists()


def test_a_five_point_confidence_is_refused_on_a_three_point_programme(delivery):
    with pytest.raises(ValidationError, match="green, amber or red"):
        services.submit_return(
            monthly_return=draft(delivery, confidence="amber_green"),
            forecasts=prog.forecasts(), by=delivery.manager.user,
        )  # fmt: skip


def test_every_dimension_needs_a_forecast(delivery):
    forecasts = prog.forecasts()
    del forecasts[Dimension.BENEFITS]
    with pytest.raises(ValidationError, match="missing: Benefits"):
        services.submit_return(
            monthly_return=draft(delivery), forecasts=forecasts, by=delivery.manager.user
        )


def test_the_clinical_lead_and_finance_representative_attest_their_parts(delivery):
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(), by=delivery.manager.user
    )
    services.attest_return(
        monthly_return=submitted, part=AttestedPart.QUALITY, by=delivery.clinical_lead.user
    )
    services.attest_return(
        monthly_return=submitted, part=AttestedPart.FINANCE, by=delivery.finance_rep.user
    )
    assert {a.person for a in submitted.attestations.all()} == {
        delivery.clinical_lead,
        delivery.finance_rep,
    }


def test_an_attestation_by_someone_without_that_role_is_refused(delivery, partner_a):
    submitted = services.submit_return(
        monthly_return=draft(delivery), forecasts=prog.forecasts(), by=delivery.manager.user
    )
    outsider = factories.person("outsider", organisation=partner_a)
    for who in (outsider, delivery.clinical_lead):
        with pytest.raises(ValidationError, match="finance representative attests"):
            services.attest_return(monthly_return=submitted, part=AttestedPart.FINANCE, by=who.user)
    assert not submitted.attestations.exists()


def test_a_draft_cannot_be_attested(delivery):
    with pytest.raises(ValidationError, match="after it is submitted"):
        services.attest_return(
            monthly_return=draft(delivery), part=AttestedPart.QUALITY,
            by=delivery.clinical_lead.user,
        )  # fmt: skip


def test_a_round_is_issued_once_per_month(delivery):
    with pytest.raises(ValidationError, match="already been issued"):
        services.issue_return_round(
            programme=delivery.programme, month=delivery.round.month.replace(day=15),
            due_on=delivery.round.due_on,
        )  # fmt: skip
