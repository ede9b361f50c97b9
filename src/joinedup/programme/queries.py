"""Reads that a QuerySet method cannot express: the state of a return round."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .choices import ProjectRole, ProjectStatus
from .models import MonthlyReturn, Project, ProjectRoleAssignment, ReturnRound


@dataclass(frozen=True)
class ReturnState:
    """Where one project's return for a round stands."""

    project: Project
    monthly_return: MonthlyReturn | None
    manager: object | None
    state: str  # submitted, submitted late, draft, due, overdue

    @property
    def needs_reminder(self) -> bool:
        return self.state in {"draft", "overdue"}


def _state(monthly_return, round: ReturnRound, today: date) -> str:
    if monthly_return is not None and monthly_return.is_submitted:
        return "submitted late" if monthly_return.is_late else "submitted"
    if today > round.due_on:
        return "overdue"
    return "draft" if monthly_return is not None else "due"


def return_tracker(round: ReturnRound, projects, today: date) -> list[ReturnState]:
    """Every project in initiation or delivery, with its return for the round (or none): who is
    late and who is missing, in three queries whatever the number of projects."""
    returns = {r.project_id: r for r in MonthlyReturn.objects.filter(round=round)}
    managers = Prefetch(
        "roles",
        queryset=ProjectRoleAssignment.objects.filter(
            role=ProjectRole.PROJECT_MANAGER
        ).select_related("person__user"),
        to_attr="manager_roles",
    )
    expected = (
        projects.filter(
            workstream__programme=round.programme,
            status__in=[ProjectStatus.INITIATION, ProjectStatus.DELIVERY],
        )
        .select_related("workstream", "lead_organisation")
        .prefetch_related(managers)
        .order_by("workstream__name", "reference")
    )
    rows = []
    for project in expected:
        monthly_return = returns.get(project.pk)
        if monthly_return is not None:
            monthly_return.round = round
        manager = project.manager_roles[0].person if project.manager_roles else None
        rows.append(
            ReturnState(project, monthly_return, manager, _state(monthly_return, round, today))
        )
    return rows
