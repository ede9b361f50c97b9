"""Who may see and do what in the programme.

Projects and risks carry their own visibility (public, partnership, restricted). Monthly returns,
exception reports, dependencies and asks are partnership business: signed-in partners and staff
see those of the projects they may see. A report is partnership business until it is published;
the public then sees its public content, from which non-public projects and risks were left out
when it was frozen. The PMO keeps the structure and runs the returns and reports; the named
project roles draft, submit and attest returns.
"""

from django.db.models import Q
from django.http import Http404

from joinedup.core.access import Viewer
from joinedup.core.choices import StaffRole

from .choices import ProjectRole, ReportStatus
from .models import (
    Ask,
    Benefit,
    Challenge,
    Dependency,
    MonthlyReturn,
    Programme,
    Project,
    Report,
    Risk,
)


def is_pmo(viewer: Viewer) -> bool:
    return viewer.has_role(StaffRole.PMO)


def visible_projects(viewer: Viewer):
    return Project.objects.visible_to(viewer)


def visible_risks(viewer: Viewer):
    # A risk of a project the viewer may not see stays hidden whatever its own visibility.
    of_visible_project = Q(project__isnull=True) | Q(
        project__in=visible_projects(viewer).values("pk")
    )
    return Risk.objects.visible_to(viewer).filter(of_visible_project)


def visible_returns(viewer: Viewer):
    if not viewer.is_partner:
        return MonthlyReturn.objects.none()
    return MonthlyReturn.objects.filter(project__in=visible_projects(viewer).values("pk"))


def visible_reports(viewer: Viewer):
    if viewer.is_partner:
        return Report.objects.all()
    return Report.objects.published()


def access_programme(viewer: Viewer, *, slug: str) -> Programme:
    programme = Programme.objects.filter(slug=slug).select_related("board").first()
    if programme is None:
        raise Http404("No such programme.")
    return programme


def access_project(viewer: Viewer, *, slug: str) -> Project:
    project = (
        visible_projects(viewer)
        .filter(slug=slug)
        .select_related("workstream__programme", "lead_organisation")
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return project


def access_risk(viewer: Viewer, *, reference: str) -> Risk:
    risk = visible_risks(viewer).filter(reference=reference).first()
    if risk is None:
        raise Http404("No such risk.")
    return risk


def access_return(viewer: Viewer, *, return_id) -> MonthlyReturn:
    found = (
        visible_returns(viewer)
        .filter(pk=return_id)
        .select_related("project__workstream__programme", "round")
        .first()
    )
    if found is None:
        raise Http404("No such return.")
    return found


def access_report(viewer: Viewer, *, report_id) -> Report:
    report = visible_reports(viewer).filter(pk=report_id).select_related("programme").first()
    if report is None:
        raise Http404("No such report.")
    return report


def sees_full_report(viewer: Viewer, report: Report) -> bool:
    """Partners see the whole report; the public the public content of a published one."""
    return viewer.is_partner or report.status != ReportStatus.PUBLISHED


def holds_role(viewer: Viewer, project: Project, role: ProjectRole) -> bool:
    return (
        viewer.person_id is not None
        and project.roles.filter(role=role, person_id=viewer.person_id).exists()
    )


def can_update_risk(viewer: Viewer, risk: Risk) -> bool:
    return is_pmo(viewer) or (viewer.person_id is not None and risk.owner_id == viewer.person_id)


def _of_visible_projects(viewer: Viewer, *fields: str) -> Q:
    """Q for records whose projects (each optional) are all ones the viewer may see."""
    projects = visible_projects(viewer).values("pk")
    condition = Q()
    for field in fields:
        condition &= Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": projects})
    return condition


def visible_dependencies(viewer: Viewer, programme=None):
    if not viewer.is_partner:
        return Dependency.objects.none()
    found = Dependency.objects.filter(
        _of_visible_projects(viewer, "giving_project", "receiving_project")
    )
    return found.filter(programme=programme) if programme else found


def visible_asks(viewer: Viewer, programme=None):
    if not viewer.is_partner:
        return Ask.objects.none()
    found = Ask.objects.filter(_of_visible_projects(viewer, "project"))
    return found.filter(programme=programme) if programme else found


def _found(queryset, what: str, **lookup):
    record = queryset.filter(**lookup).first()
    if record is None:
        raise Http404(f"No such {what}.")
    return record


def access_dependency(viewer: Viewer, *, dependency_id) -> Dependency:
    return _found(
        visible_dependencies(viewer).select_related("programme", "giver", "receiver"),
        "dependency", pk=dependency_id,
    )  # fmt: skip


def access_ask(viewer: Viewer, *, ask_id) -> Ask:
    return _found(
        visible_asks(viewer).select_related("programme", "to_organisation"), "ask", pk=ask_id
    )


def access_challenge(viewer: Viewer, *, challenge_id) -> Challenge:
    if not viewer.is_partner:
        raise Http404("No such challenge.")
    challenges = Challenge.objects.filter(project__in=visible_projects(viewer).values("pk"))
    return _found(
        challenges.select_related("project__workstream__programme"), "challenge", pk=challenge_id
    )


ANSWERING_ROLES = (ProjectRole.SPONSOR, ProjectRole.SRO, ProjectRole.PROJECT_MANAGER)


def answers_for_project(viewer: Viewer, project: Project) -> bool:
    """The project's sponsor, senior responsible owner or manager (or the PMO) answers for it."""
    return is_pmo(viewer) or any(holds_role(viewer, project, role) for role in ANSWERING_ROLES)


# For the API (added with programme/api.py) ---------------------------------------------------


def visible_benefits(viewer: Viewer):
    """A benefit is seen by whoever may see its project."""
    return Benefit.objects.filter(project__in=visible_projects(viewer).values("pk"))


def access_benefit(viewer: Viewer, *, benefit_id) -> Benefit:
    benefit = visible_benefits(viewer).filter(pk=benefit_id).first()
    if benefit is None:
        raise Http404("No such benefit.")
    return benefit
