"""The programme demo: the Jersey Care Model programme with seed 002's workstreams and projects,
twelve months of returns with one late and one missing, an exception, an escalated risk, finance,
benefits and a published monthly report; synthetic data labelled; a second load adds nothing."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from joinedup.core import demo as core_demo
from joinedup.core.access import ANONYMOUS
from joinedup.core.audit import verify_chain
from joinedup.governance import demo as governance_demo
from joinedup.governance.models import Body
from joinedup.programme import access, demo, queries, services
from joinedup.programme.choices import (
    DependencyStatus,
    ProjectRole,
    ProjectStatus,
    ReportStatus,
    ReturnStatus,
)
from joinedup.programme.models import (
    Benefit,
    ExceptionReport,
    FinanceLine,
    MonthlyReturn,
    Programme,
    Project,
    Report,
    ReturnRound,
    Risk,
    Tolerance,
    TrancheTarget,
)

pytestmark = pytest.mark.django_db

SEED_PROJECTS = {
    "Workforce Strategy", "Digital Project X", "Inflight Digital Project Z",
    "Intermediate Care Programme", "Carer Strategy", "Out of Hours", "Project Y",
}  # fmt: skip


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the three demos once for the module, inside a transaction rolled back at the end."""
    tmp = tmp_path_factory.mktemp("demo")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp / "media", PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        core_demo.load(logins_file=tmp / "logins.txt")
        governance_demo.load()
        yield demo.load()
        transaction.set_rollback(True)


def _project(name) -> Project:
    return Project.objects.get(name=name)


def _latest() -> ReturnRound:
    return ReturnRound.objects.order_by("-month").first()


def test_the_programme_has_the_seeds_workstreams_and_projects(loaded):
    programme = Programme.objects.get(name="Jersey Care Model")
    assert programme.board.name == "JCM Programme Board"
    assert programme.reports_agreed_by.name == "Independent Oversight Board"
    boards = {w.name: w.board.name for w in programme.workstreams.all()}
    assert boards == {
        "Workforce": "Workforce Workstream Board", "Digital": "Digital Workstream Board",
        "Intermediate Care": "Intermediate Care Workstream Board",
    }  # fmt: skip
    projects = Project.objects.filter(workstream__programme=programme)
    assert set(projects.values_list("name", flat=True)) >= SEED_PROJECTS
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus)
    assert projects.filter(visibility="partnership").count() == 1
    assert all(p.roles.count() == len(ProjectRole) for p in projects)
    assert all(p.partners.exists() and p.objectives.exists() for p in projects)
    assert not projects.filter(roles__person__organisation__isnull=True).exists()
    assert Tolerance.objects.filter(programme=programme, project__isnull=True).count() == 5
    assert Tolerance.objects.filter(project__name="Digital Project X").exists()


def test_tranche_1_froze_when_it_started_and_one_target_was_rebaselined(loaded):
    first, second = Programme.objects.get().tranches.all()
    assert first.frozen_on == first.starts_on and second.frozen_on == second.starts_on
    assert any("seed 00" in t.measure for t in first.targets.all())
    (rebaselined,) = TrancheTarget.objects.filter(rebaselines__isnull=False)
    assert rebaselined.tranche == second
    assert "Tutela" in rebaselined.rebaselines.get().reason


def test_the_partner_personas_hold_project_roles(loaded):
    held = {
        (a.person.user.username, a.role)
        for project in Project.objects.filter(status__in=["initiation", "delivery"])
        for a in project.roles.select_related("person__user")
    }
    assert ("voluntary", ProjectRole.PROJECT_MANAGER) in held
    assert ("voluntary", ProjectRole.FINANCE_REPRESENTATIVE) in held
    assert ("provider", ProjectRole.CLINICAL_LEAD) in held
    assert ("provider", ProjectRole.PROJECT_MANAGER) in held


def test_every_delivery_project_has_twelve_returns_but_one_is_late_and_one_missing(loaded):
    assert ReturnRound.objects.count() == demo.MONTHS
    submitted = MonthlyReturn.objects.filter(status=ReturnStatus.SUBMITTED)
    counts = {
        p.name: submitted.filter(project=p).count()
        for p in Project.objects.filter(status=ProjectStatus.DELIVERY)
    }
    assert counts.pop("Carer Strategy") == demo.MONTHS - 1
    assert set(counts.values()) == {demo.MONTHS}
    latest = _latest()
    assert latest.due_on < timezone.localdate()
    states = {
        row.project.name: row.state
        for row in queries.return_tracker(latest, Project.objects.all(), timezone.localdate())
    }
    assert states.pop("Carer Strategy") == "overdue"
    assert states.pop("Out of Hours") == "submitted late"
    assert set(states.values()) == {"submitted"}
    statuses = list(submitted.values_list("overall_status", flat=True))
    assert statuses.count("green") > statuses.count("amber") > statuses.count("red") == 1
    assert submitted.filter(attestations__part="finance").count() == submitted.count() - 1


def test_a_red_return_has_an_exception_report_escalated_to_the_programme_board(loaded):
    (exception,) = ExceptionReport.objects.all()
    red = exception.monthly_return
    assert red.overall_status == "red" and red.round == _latest()
    assert red.project.name == "Intermediate Care Programme"
    assert exception.escalation.from_body.name == "Intermediate Care Workstream Board"
    assert exception.escalation.to_body == Body.objects.get(short_name="JCMPB")
    assert exception.escalation.response


def test_one_risk_is_escalated_by_a_partners_own_lower_appetite(loaded):
    risks = Risk.objects.all()
    assert 15 <= risks.count() <= 25
    assert risks.values("holders").distinct().count() >= 8
    assert {r.level for r in risks} == {"project", "workstream", "programme"}
    (escalated,) = risks.filter(escalation__isnull=False)
    assert escalated.current_score > services.tolerance_for(escalated)
    assert escalated.holders.filter(name="Mind Jersey").exists()
    assert escalated.assessments.count() > 1
    assert escalated.escalation.to_body == Body.objects.get(short_name="JCMPB")
    for risk in risks.exclude(pk=escalated.pk):
        assert risk.current_score <= services.tolerance_for(risk), risk
    assert risks.filter(review_on__lt=timezone.localdate()).count() == 1


def test_raid_finance_and_benefits_are_there(loaded):
    programme = Programme.objects.get()
    statuses = set(programme.dependencies.values_list("status", flat=True))
    assert DependencyStatus.BROKEN in statuses
    assert set(programme.asks.values_list("status", flat=True)) == {"agreed", "declined", "open"}
    challenge = Project.objects.get(name="Workforce Strategy").challenges.get()
    assert challenge.reply and challenge.meeting.body == programme.board
    assert set(programme.funding.values_list("arrangement", flat=True)) == {"pooled", "aligned"}
    months = FinanceLine.objects.filter(project__name="Out of Hours").values("month").distinct()
    assert months.count() == demo.MONTHS
    assert Benefit.objects.filter(indicator_code="AE-4H-ALL").exists()
    (flagged,) = Benefit.objects.filter(needs_reforecast=True)
    assert "slipped" in flagged.reforecast_reason
    assert all(b.profile.count() == demo.MONTHS for b in Benefit.objects.all())


def test_the_monthly_report_is_agreed_by_the_oversight_board_and_published(loaded):
    report = Report.objects.get()
    assert report.status == ReportStatus.PUBLISHED and report.month == _latest().month
    assert report.agreed_at_meeting.body.short_name == "IOB"
    assert report.content["exceptions"]
    names = {p["name"] for w in report.public_content["workstreams"] for p in w["projects"]}
    assert "Digital Project X" not in names and "Out of Hours" in names
    assert access.visible_reports(ANONYMOUS).filter(pk=report.pk).exists()


def test_synthetic_data_is_labelled(loaded):
    assert not Project.objects.filter(synthetic=False).exists()
    assert not Risk.objects.filter(synthetic=False).exists()
    for monthly_return in MonthlyReturn.objects.all():
        assert demo.SYNTHETIC in monthly_return.confidence_narrative
        assert demo.SYNTHETIC in monthly_return.progress


def test_the_demo_is_audited_and_a_second_load_adds_nothing(loaded):
    assert loaded["MonthlyReturn"] == 5 * demo.MONTHS - 1 + 2 * 3
    assert loaded["Risk"] == len(demo.RISKS) and loaded["Report"] == 1
    before = demo._counts()
    again = demo.load()
    assert set(again.values()) == {0}
    assert demo._counts() == before
    assert verify_chain().ok


def _pdf_text(response) -> str:
    import io

    from pypdf import PdfReader

    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_published_reports_figures_are_the_same_on_the_page_in_the_pdf_and_in_the_api(
    loaded, client
):
    report = Report.objects.get(status=ReportStatus.PUBLISHED)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    pdf = _pdf_text(client.get(f"/reports/{report.pk}/report.pdf"))
    api = client.get(f"/api/v1/reports/{report.pk}").json()
    content = report.public_content
    assert api["rendering"] == "public" and api["content"] == content
    assert content["finance"]["projects"], "the demo's report has finance to compare"
    for row in content["finance"]["projects"]:
        for key in ("year_budget", "year_actual", "year_forecast", "life_budget"):
            shown = f"£{Decimal(row[key]):,.2f}"
            assert shown in page and shown in pdf, (row["project"], key, shown)
    for risk in content["risks"]["top"]:
        assert risk["reference"] in page and risk["reference"] in pdf
    for workstream in content["workstreams"]:
        for project in workstream["projects"]:
            assert project["name"] in page and project["name"] in pdf
    assert "Digital Project X" not in page + pdf, "a partnership-only project stays out"
