"""The programme API's rows of the permission matrix, and the records they are walked over.

Rows are (route name, case, method, how to build the path from the records, expected status by
persona), as in tests/core/matrix.py. POST rows send the JSON that POST_DATA builds. The records:
a programme with a public project of partner A (partner B delivers it too), a partnership-only
project, and a project restricted to partner A. The member of partner A is the project manager
and clinical lead of the public and restricted projects, each of which has a submitted June
return, a July return to submit, a risk owned by the member of partner A and a benefit. There
is a published monthly report and a draft one.
"""

from datetime import date
from decimal import Decimal

from joinedup.core.choices import Visibility
from joinedup.programme import services
from joinedup.programme.choices import ProjectRole, ReportKind, ReportStatus
from tests.governance import factories as gov
from tests.matrix import ADMIN, ANON, PMO, A, everyone, signed_in
from tests.programme import factories as prog

JUNE, JULY = date(2021, 6, 1), date(2021, 7, 1)
HIDDEN = signed_in(200, anonymous=404)  # partnership-only records
# Restricted to partner A: its people and admins; no staff role opens it.
ONLY_A = {**everyone(404), A: 200, ADMIN: 200}


def name_roles(project, person) -> None:
    for role in (ProjectRole.PROJECT_MANAGER, ProjectRole.CLINICAL_LEAD):
        services.assign_project_role(project=project, role=role, person=person)


def submitted_return(project, round, manager):
    draft = services.save_return_draft(
        round=round, project=project, by=manager.user, confidence="green",
        confidence_narrative="On track.",
    )  # fmt: skip
    return services.submit_return(monthly_return=draft, forecasts=prog.forecasts(), by=manager.user)


def benefit(project, owner, **fields):
    return services.define_benefit(
        project=project, description=fields.pop("description", "Fewer admissions"),
        observable_outcome="Admissions of over-65s fall.", measure="Admissions a month",
        baseline=Decimal(120), target=Decimal(100), target_on=date(2023, 3, 31), owner=owner,
        **fields,
    )  # fmt: skip


def report(programme, *, month, published=False):
    drafted = services.draft_report(
        programme=programme, kind=ReportKind.MONTHLY, title=f"Report for {month:%B %Y}",
        asks_of_board="Agree the report.", month=month,
    )  # fmt: skip
    if not published:
        return drafted
    meeting = gov.meeting(programme.reports_agreed_by)
    services.move_report(report=drafted, to=ReportStatus.CONSOLIDATED)
    services.move_report(report=drafted, to=ReportStatus.AGREED, meeting=meeting)
    return services.move_report(
        report=drafted, to=ReportStatus.PUBLISHED,
        content={"projects": ["Public", "Restricted"]}, public_content={"projects": ["Public"]},
    )  # fmt: skip


def build_records(member_a, partner_a, partner_b) -> dict:
    programme = prog.programme()
    workstream = prog.workstream(programme, "Intermediate Care")
    public = prog.project(workstream, partner_a, name="Rapid Response", partners=[partner_b])
    partnership = prog.project(
        workstream, partner_b, name="Carer Support", visibility=Visibility.PARTNERSHIP
    )
    restricted = prog.project(
        workstream, partner_a, name="Care Home Contract", visibility=Visibility.RESTRICTED
    )
    restricted.restricted_to.set([partner_a])
    june = services.issue_return_round(programme=programme, month=JUNE, due_on=date(2021, 7, 10))
    services.issue_return_round(programme=programme, month=JULY, due_on=date(2021, 8, 10))
    person = member_a.person
    for project in (public, restricted):
        name_roles(project, person)
    return {
        "programme": programme,
        "project": public,
        "partnership_project": partnership,
        "restricted_project": restricted,
        "return": submitted_return(public, june, person),
        "restricted_return": submitted_return(restricted, june, person),
        "risk": prog.risk(programme, person, [partner_a], project=public),
        "restricted_risk": prog.risk(programme, person, [partner_a], project=restricted),
        "benefit": benefit(public, person),
        "restricted_benefit": benefit(restricted, person, description="Fewer placements"),
        "published_report": report(programme, month=JUNE, published=True),
        "draft_report": report(programme, month=JULY),
    }


def _api(path: str):
    return lambda r: f"/api/v1/{path}"


def _on(key: str, attribute: str, path: str):
    return lambda r: f"/api/v1/{path.format(getattr(r[key], attribute))}"


SUBMIT = {**everyone(422), ANON: 401, A: 201}  # the project manager only
ATTEST = SUBMIT  # the clinical lead only
SUBMIT_RESTRICTED = {**ONLY_A, ANON: 401, A: 201, ADMIN: 422}
REASSESS = {**everyone(403), ANON: 401, A: 201, PMO: 201, ADMIN: 201}  # the owner or the PMO
REASSESS_RESTRICTED = {**ONLY_A, ANON: 401, A: 201, ADMIN: 201}

# (route name, case, method, how to build the path from the records, expected status by persona)
MATRIX = [
    ("api:list_programmes", "", "get", _api("programmes"), everyone(200)),
    ("api:get_programme", "", "get", _on("programme", "slug", "programmes/{}"), everyone(200)),
    ("api:list_projects", "", "get", _api("projects"), everyone(200)),
    ("api:get_project", "public", "get", _on("project", "reference", "projects/{}"),
     everyone(200)),
    ("api:get_project", "partnership", "get",
     _on("partnership_project", "reference", "projects/{}"), HIDDEN),
    ("api:get_project", "restricted to A", "get",
     _on("restricted_project", "reference", "projects/{}"), ONLY_A),
    ("api:list_returns", "", "get", _api("returns"), everyone(200)),
    ("api:get_return", "public project", "get", _on("return", "pk", "returns/{}"), HIDDEN),
    ("api:get_return", "restricted to A", "get",
     _on("restricted_return", "pk", "returns/{}"), ONLY_A),
    ("api:submit_return", "public project", "post",
     _on("project", "reference", "projects/{}/returns"), SUBMIT),
    ("api:submit_return", "restricted to A", "post",
     _on("restricted_project", "reference", "projects/{}/returns"), SUBMIT_RESTRICTED),
    ("api:attest_return", "public project", "post",
     _on("return", "pk", "returns/{}/attestations"), ATTEST),
    ("api:attest_return", "restricted to A", "post",
     _on("restricted_return", "pk", "returns/{}/attestations"), SUBMIT_RESTRICTED),
    ("api:list_risks", "", "get", _api("risks"), everyone(200)),
    ("api:get_risk", "public project", "get", _on("risk", "reference", "risks/{}"),
     everyone(200)),
    ("api:get_risk", "restricted to A", "get",
     _on("restricted_risk", "reference", "risks/{}"), ONLY_A),
    ("api:reassess_risk", "public project", "post",
     _on("risk", "reference", "risks/{}/assessments"), REASSESS),
    ("api:reassess_risk", "restricted to A", "post",
     _on("restricted_risk", "reference", "risks/{}/assessments"), REASSESS_RESTRICTED),
    ("api:list_benefits", "", "get", _api("benefits"), everyone(200)),
    ("api:get_benefit", "public project", "get", _on("benefit", "pk", "benefits/{}"),
     everyone(200)),
    ("api:get_benefit", "restricted to A", "get",
     _on("restricted_benefit", "pk", "benefits/{}"), ONLY_A),
    ("api:list_reports", "", "get", _api("reports"), everyone(200)),
    ("api:get_report", "published", "get", _on("published_report", "pk", "reports/{}"),
     everyone(200)),
    ("api:get_report", "draft", "get", _on("draft_report", "pk", "reports/{}"), HIDDEN),
]  # fmt: skip

ON_PLAN = {"deviation": "0"}
A_RETURN = {
    "month": JULY.isoformat(),
    "confidence": "green",
    "confidence_narrative": "On track.",
    "forecasts": dict.fromkeys(("time", "cost", "scope_quality", "benefits", "risk"), ON_PLAN),
}
AN_ATTESTATION = {"part": "quality", "statement": "Clinically safe."}
AN_ASSESSMENT = {"likelihood": 2, "consequence": 3, "note": "Controls are working."}

# JSON bodies for the POST rows, by route name.
POST_DATA = {
    "api:submit_return": A_RETURN,
    "api:attest_return": AN_ATTESTATION,
    "api:reassess_risk": AN_ASSESSMENT,
}
