"""Fifty project managers submit their monthly returns at once; one project manager's submit
button is pressed fifty times at once. Each return is stored once, and audited once."""

from datetime import date

from joinedup.programme import services
from joinedup.programme.choices import ProjectRole, ProjectStatus, ReturnStatus
from joinedup.programme.models import DimensionStatus, MonthlyReturn
from tests import factories
from tests.concurrency.racing import RACE, RACERS, audit_entries, race, verify_audit
from tests.programme import factories as prog

pytestmark = RACE

JUNE = date(2021, 6, 1)


def _projects_in_delivery(count: int):
    """`count` projects of one programme, each with its project manager, and June's return
    issued to them all."""
    partner = factories.organisation("Partner A Care")
    workstream = prog.workstream(prog.programme(), "Intermediate Care")
    managed = []
    for _ in range(count):
        project = prog.project(workstream, partner)
        services.move_project(project=project, to=ProjectStatus.INITIATION)
        services.move_project(project=project, to=ProjectStatus.DELIVERY)
        manager = factories.person(organisation=partner)
        services.assign_project_role(
            project=project, role=ProjectRole.PROJECT_MANAGER, person=manager
        )
        managed.append((project, manager))
    services.issue_return_round(
        programme=workstream.programme, month=JUNE, due_on=date(2021, 7, 10)
    )
    return managed


def _file(project, manager):
    return services.file_return(
        project=project, month=JUNE, forecasts=prog.forecasts(), by=manager.user,
        confidence="green", confidence_narrative="On track.",
    )  # fmt: skip


def test_fifty_returns_submitted_at_once_are_all_stored_once():
    managed = _projects_in_delivery(RACERS)

    outcome = race(lambda n: _file(*managed[n]))

    assert outcome.failures == [] and outcome.refusals == []
    assert MonthlyReturn.objects.filter(status=ReturnStatus.SUBMITTED).count() == RACERS
    assert DimensionStatus.objects.count() == RACERS * 5
    assert audit_entries("return.submitted") == RACERS
    assert audit_entries("return.drafted") == RACERS
    assert "no broken link" in verify_audit()


def test_one_return_submitted_fifty_times_at_once_is_stored_once_and_the_rest_refused():
    [(project, manager)] = _projects_in_delivery(1)

    outcome = race(lambda n: _file(project, manager))

    assert outcome.failures == []
    assert len(outcome.stored) == 1
    assert outcome.refusals == ["The return for June 2021 has already been submitted."] * (
        RACERS - 1
    )
    stored = MonthlyReturn.objects.get()
    assert stored.status == ReturnStatus.SUBMITTED
    assert stored.dimensions.count() == 5
    assert audit_entries("return.submitted") == 1
    assert audit_entries("return.drafted") == 1
    assert "no broken link" in verify_audit()
