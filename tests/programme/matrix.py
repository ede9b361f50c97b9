"""The programme app's rows of the permission matrix, and the records they are walked over: a
public project of partner A whose project manager and risk owner is partner A's member, a
partnership-only project and a project restricted to partner A, each with a submitted return
and a risk; a published report and a draft one. Everything partnership-only carries
PARTNERSHIP-ONLY in its name and everything restricted RESTRICTED."""

from datetime import date

from joinedup.core.choices import Visibility
from joinedup.programme import reports, services
from joinedup.programme.choices import ProjectRole, ProjectStatus, ReportKind, ReportStatus
from tests.governance import factories as gov
from tests.matrix import ADMIN, ANON, PMO, A, B, everyone, signed_in
from tests.programme import factories as prog

MONTH = date(2021, 6, 1)
# The PMO keeps the programme: no other staff role (secretary, commissioner, analyst) does.
STAFF_ONLY = {**signed_in(403), PMO: 200, ADMIN: 200}
# Restricted to partner A: its people and admins; no staff role opens it.
RESTRICTED_TO_A = {**everyone(404), A: 200, ADMIN: 200}


def _delivering(workstream, lead, name, manager, visibility=Visibility.PUBLIC, restricted_to=()):
    project = prog.project(workstream, lead, name=name, visibility=visibility)
    if restricted_to:
        project.restricted_to.set(restricted_to)
    for status in (ProjectStatus.INITIATION, ProjectStatus.DELIVERY):
        services.move_project(project=project, to=status)
    people = prog.staff(project, lead)
    services.assign_project_role(project=project, role=ProjectRole.PROJECT_MANAGER, person=manager)
    people[ProjectRole.PROJECT_MANAGER] = manager
    return project, people


def _submitted(round, project, manager):
    draft = services.save_return_draft(
        round=round, project=project, by=manager.user, confidence="green",
        confidence_narrative=f"On track: {project.name}.",
    )  # fmt: skip
    return services.submit_return(monthly_return=draft, forecasts=prog.forecasts(), by=manager.user)


def build_programme_record(*, member, partner_a, partner_b=None) -> dict:
    programme = prog.programme()
    workstream = prog.workstream(programme, "Intermediate Care")
    june = services.issue_return_round(programme=programme, month=MONTH, due_on=date(2021, 7, 10))
    records = {"programme": programme, "round": june}
    for key, name, options in (
        ("public", "Rapid Response", {}),
        ("partnership", "PARTNERSHIP-ONLY Project", {"visibility": Visibility.PARTNERSHIP}),
        ("restricted", "RESTRICTED Project",
         {"visibility": Visibility.RESTRICTED, "restricted_to": [partner_a]}),
    ):  # fmt: skip
        project, _ = _delivering(workstream, partner_a, name, member, **options)
        records[f"{key}_project"] = project
        records[f"{key}_return"] = _submitted(june, project, member)
        records[f"{key}_risk"] = prog.risk(
            programme, member, [partner_a], project=project, title=f"{name} risk",
            visibility=options.get("visibility", Visibility.PUBLIC),
        )  # fmt: skip
        if options.get("restricted_to"):
            records[f"{key}_risk"].restricted_to.set(options["restricted_to"])
    records.update(_raid(programme, records, member, partner_a, partner_b))
    records["july"] = services.issue_return_round(
        programme=programme, month=date(2021, 7, 1), due_on=date(2021, 8, 10)
    )
    published = services.draft_report(
        programme=programme, kind=ReportKind.MONTHLY, month=MONTH, title="June 2021 report",
        asks_of_board="Agree the report.",
    )  # fmt: skip
    services.move_report(report=published, to=ReportStatus.CONSOLIDATED)
    services.move_report(
        report=published, to=ReportStatus.AGREED, meeting=gov.meeting(programme.reports_agreed_by)
    )
    records["published_report"] = reports.publish(report=published)
    records["draft_report"] = services.draft_report(
        programme=programme, kind=ReportKind.MONTHLY, month=date(2021, 7, 1),
        title="PARTNERSHIP-ONLY July draft", asks_of_board="Agree the report.",
    )  # fmt: skip
    return records


def _raid(programme, records, member, partner_a, partner_b) -> dict:
    """A dependency partner B gives partner A, an ask of partner A, a challenge to its project;
    and the same on the restricted project, which partner B must not see."""
    giver = partner_b or partner_a
    raid = {}
    for key in ("public", "restricted"):
        project = records[f"{key}_project"]
        raid[f"{key}_dependency"] = services.record_dependency(
            programme=programme, description=f"Access to records for {project.name}",
            giver=giver, receiver=partner_a, needed_by=date(2021, 9, 1),
            receiving_project=project,
        )  # fmt: skip
        raid[f"{key}_ask"] = services.ask_partner(
            programme=programme, project=project, to_organisation=partner_a,
            what=f"Two nurses for {project.name}", by_when=date(2021, 8, 1), by=member.user,
        )  # fmt: skip
        raid[f"{key}_challenge"] = services.challenge_project(
            project=project, text=f"Why is {project.name} late?", raised_on=date(2021, 7, 1)
        )
    return raid


MATRIX = [
    ("programme:programme_list", "", "get", lambda r: "/programmes/", everyone(200)),
    ("programme:programme_detail", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/", everyone(200)),
    ("programme:project_detail", "public", "get",
     lambda r: f"/projects/{r['public_project'].slug}/", everyone(200)),
    ("programme:project_detail", "partnership", "get",
     lambda r: f"/projects/{r['partnership_project'].slug}/", signed_in(200, anonymous=404)),
    ("programme:project_detail", "restricted", "get",
     lambda r: f"/projects/{r['restricted_project'].slug}/", RESTRICTED_TO_A),
    ("programme:return_tracker", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/returns/", signed_in(200)),
    ("programme:return_remind", "", "post",
     lambda r: f"/programmes/{r['programme'].slug}/returns/remind/",
     {**signed_in(403), PMO: 302, ADMIN: 302}),
    ("programme:exception_list", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/exceptions/", signed_in(200)),
    ("programme:risk_list", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/risks/", everyone(200)),
    ("programme:report_create", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/reports/new/", STAFF_ONLY),
    ("programme:return_edit", "the project manager's next return", "get",
     lambda r: f"/projects/{r['public_project'].slug}/returns/2021-07/",
     {**signed_in(403), A: 200}),
    ("programme:return_edit", "restricted project", "get",
     lambda r: f"/projects/{r['restricted_project'].slug}/returns/2021-07/",
     {**RESTRICTED_TO_A, ANON: 302, ADMIN: 403}),
    ("programme:return_detail", "public", "get",
     lambda r: f"/returns/{r['public_return'].pk}/", signed_in(200)),
    ("programme:return_detail", "partnership", "get",
     lambda r: f"/returns/{r['partnership_return'].pk}/", signed_in(200)),
    ("programme:return_detail", "restricted", "get",
     lambda r: f"/returns/{r['restricted_return'].pk}/", {**RESTRICTED_TO_A, ANON: 302}),
    ("programme:return_attest", "restricted", "post",
     lambda r: f"/returns/{r['restricted_return'].pk}/attest/",
     {**RESTRICTED_TO_A, ANON: 302, A: 302, ADMIN: 302}),
    ("programme:risk_detail", "public", "get",
     lambda r: f"/risks/{r['public_risk'].reference}/", everyone(200)),
    ("programme:risk_detail", "partnership", "get",
     lambda r: f"/risks/{r['partnership_risk'].reference}/", signed_in(200, anonymous=404)),
    ("programme:risk_detail", "restricted", "get",
     lambda r: f"/risks/{r['restricted_risk'].reference}/", RESTRICTED_TO_A),
    ("programme:risk_detail", "rescoring with nothing filled in", "post",
     lambda r: f"/risks/{r['public_risk'].reference}/",
     {**everyone(403), A: 400, PMO: 400, ADMIN: 400}),
    ("programme:report_list", "", "get", lambda r: "/reports/", everyone(200)),
    ("programme:report_detail", "published", "get",
     lambda r: f"/reports/{r['published_report'].pk}/", everyone(200)),
    ("programme:report_detail", "draft", "get",
     lambda r: f"/reports/{r['draft_report'].pk}/", signed_in(200, anonymous=404)),
    ("programme:report_pdf", "published", "get",
     lambda r: f"/reports/{r['published_report'].pk}/report.pdf", everyone(200)),
    ("programme:report_pdf", "draft", "get",
     lambda r: f"/reports/{r['draft_report'].pk}/report.pdf", signed_in(200, anonymous=404)),
    ("programme:raid_log", "", "get",
     lambda r: f"/programmes/{r['programme'].slug}/raid/", signed_in(200)),
    ("programme:dependency_confirm", "partner B gives", "get",
     lambda r: f"/dependencies/{r['public_dependency'].pk}/confirm/",
     {**signed_in(403), B: 200}),
    ("programme:dependency_confirm", "restricted project", "get",
     lambda r: f"/dependencies/{r['restricted_dependency'].pk}/confirm/",
     {**RESTRICTED_TO_A, ANON: 302, A: 403, ADMIN: 403}),
    ("programme:ask_answer", "asked of partner A", "get",
     lambda r: f"/asks/{r['public_ask'].pk}/answer/",
     {**signed_in(403), A: 200}),
    ("programme:ask_answer", "restricted project", "get",
     lambda r: f"/asks/{r['restricted_ask'].pk}/answer/",
     {**RESTRICTED_TO_A, ANON: 302, ADMIN: 403}),
    ("programme:challenge_reply", "partner A manages the project", "get",
     lambda r: f"/challenges/{r['public_challenge'].pk}/reply/",
     {**signed_in(403), A: 200, PMO: 200, ADMIN: 200}),
    ("programme:challenge_reply", "restricted project", "get",
     lambda r: f"/challenges/{r['restricted_challenge'].pk}/reply/",
     {**RESTRICTED_TO_A, ANON: 302}),
    ("programme:report_move", "draft to consolidated", "post",
     lambda r: f"/reports/{r['draft_report'].pk}/status/",
     {**signed_in(403), PMO: 302, ADMIN: 302}),
]  # fmt: skip
