"""Importing projects, milestones and risks from CSV or XLSX, as exported from Project Online or a
spreadsheet: validated whole, any bad row refusing the file with every problem named by line and
nothing written; a good file written through the services; the same file again changes nothing."""

import io
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from joinedup.core.models import AuditEntry
from joinedup.programme import services
from joinedup.programme.importing import import_programme_file
from joinedup.programme.models import Milestone, Project, Risk, RiskAssessment
from tests import factories

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "programme"
MILESTONE_HEADINGS = "Project,Title,Baseline,Forecast,Actual\n"
RISK_HEADINGS = (
    "Reference,Title,Project,Cause,Event,Effect,Category,Owner,Likelihood,Consequence,Review date\n"
)


@pytest.fixture
def managers(partner_a, partner_b):
    return (
        factories.person("pm.jones", organisation=partner_a),
        factories.person("pm.smith", organisation=partner_b),
    )


@pytest.fixture
def programme(delivery, managers):
    return delivery.programme


def _import(programme, kind, content, name="upload.csv", by=None):
    """Import a file given as text or bytes, as an upload would be."""
    data = content.encode() if isinstance(content, str) else content
    upload = io.BytesIO(data)
    upload.name = name
    return import_programme_file(programme=programme, kind=kind, file=upload, by=by)


def _refused(programme, kind, content, name="upload.csv") -> list[str]:
    with pytest.raises(ValidationError) as refusal:
        _import(programme, kind, content, name)
    return refusal.value.messages


def _fixture(programme, kind):
    return import_programme_file(programme=programme, kind=kind, file=FIXTURES / f"{kind}.csv")


def _snapshot() -> tuple:
    """Everything an import could change."""
    return (
        list(Project.objects.order_by("reference").values()),
        sorted(Project.partners.through.objects.values_list("project_id", "organisation_id")),
        list(Milestone.objects.order_by("project", "title").values()),
        list(Risk.objects.order_by("reference").values()),
        RiskAssessment.objects.count(),
        AuditEntry.objects.count(),
    )


# Good files


def test_it_imports_projects_as_exported_from_project_online(programme, managers, partner_b):
    result = _fixture(programme, "projects")
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert str(result) == "3 projects: 3 created, 0 updated, 0 unchanged."
    rapid = Project.objects.get(reference="JCM-IC-01")
    assert (rapid.status, rapid.budget, rapid.starts_on) == (
        "delivery", Decimal("1250000.00"), date(2021, 4, 1),
    )  # fmt: skip
    assert list(rapid.partners.all()) == [partner_b]
    assert rapid.roles.get(role="project_manager").person == managers[0]
    falls = Project.objects.get(reference="JCM-IC-03")
    assert (falls.status, falls.lead_organisation, falls.partners.count()) == (
        "pipeline", partner_b, 2,
    )  # fmt: skip
    assert AuditEntry.objects.filter(action="project.created").count() == 4  # with delivery's
    assert AuditEntry.objects.filter(action="programme.imported").count() == 1


def test_it_imports_milestones_skipping_tasks_that_are_not_milestones(programme):
    _fixture(programme, "projects")
    result = _fixture(programme, "milestones")
    assert (result.created, result.skipped) == (3, 1)
    recruited = Milestone.objects.get(title="Team recruited")
    assert (recruited.baseline_on, recruited.forecast_on, recruited.actual_on) == (
        date(2021, 6, 30), date(2021, 7, 14), date(2021, 7, 14),
    )  # fmt: skip
    assert Milestone.objects.get(title="Service live").actual_on is None


def test_it_imports_risks_with_their_scores_owner_and_holders(programme, managers, partner_a):
    _fixture(programme, "projects")
    result = _fixture(programme, "risks")
    assert result.created == 3
    staff = Risk.objects.get(reference="R-IC-01")
    assert (staff.current_score, staff.inherent_score, staff.target_score) == (12, 12, 12)
    assert (staff.level, staff.category, staff.owner) == ("project", "workforce", managers[0])
    assert staff.holders.count() == 2 and staff.controls == "Joint recruitment campaign"
    funding = Risk.objects.get(reference="R-P-01")
    assert (funding.level, funding.project, list(funding.holders.all())) == (
        "programme", None, [partner_a],
    )  # fmt: skip
    assert funding.assessments.get().note == "Recorded."


@pytest.mark.parametrize("kind", ["projects", "milestones", "risks"])
def test_importing_the_same_file_again_changes_nothing(programme, kind):
    if kind != "projects":
        _fixture(programme, "projects")
    _fixture(programme, kind)
    before = _snapshot()
    result = _fixture(programme, kind)
    assert (result.created, result.updated) == (0, 0) and result.unchanged >= 3
    assert _snapshot() == before


def test_a_later_export_moves_forecasts_and_flags_the_benefits_they_enable(programme, managers):
    _fixture(programme, "projects")
    _fixture(programme, "milestones")
    live = Milestone.objects.get(title="Service live")
    benefit = services.define_benefit(
        project=live.project, description="Fewer admissions", observable_outcome="Fewer.",
        measure="Admissions", baseline=Decimal(10), target=Decimal(8),
        target_on=date(2023, 3, 31), owner=managers[0], enabled_by=[live],
    )  # fmt: skip
    later = MILESTONE_HEADINGS + "JCM-IC-01,Service live,01/09/2021,01/12/2021,\n"
    result = _import(programme, "milestones", later)
    assert (result.updated, result.unchanged) == (1, 0)
    live.refresh_from_db()
    benefit.refresh_from_db()
    assert live.forecast_on == date(2021, 12, 1)
    assert benefit.needs_reforecast and "slipped" in benefit.reforecast_reason


def test_a_later_export_reassesses_a_risk_whose_score_moved(programme):
    _fixture(programme, "projects")
    _fixture(programme, "risks")
    text = (FIXTURES / "risks.csv").read_text().replace(",4,3,30/09/2030,", ",5,3,31/10/2030,")
    result = _import(programme, "risks", text, name="risks-october.csv")
    assert (result.updated, result.unchanged) == (1, 2)
    risk = Risk.objects.get(reference="R-IC-01")
    assert (risk.current_score, risk.review_on) == (15, date(2030, 10, 31))
    assert risk.assessments.last().note == "Reassessed by the import of risks-october.csv."


def test_a_later_export_moves_a_project_on_but_never_back(programme):
    _fixture(programme, "projects")
    text = (FIXTURES / "projects.csv").read_text()
    moved = _import(programme, "projects", text.replace("Initiation", "Delivery"))
    assert moved.updated == 1
    assert Project.objects.get(reference="JCM-IC-02").status == "delivery"
    messages = _refused(programme, "projects", text)
    assert messages == ["Line 3: JCM-IC-02 cannot move from Delivery to Initiation."]


def test_a_changed_name_or_baseline_is_changed_on_the_page_not_by_import(programme):
    _fixture(programme, "projects")
    _fixture(programme, "milestones")
    renamed = (FIXTURES / "projects.csv").read_text().replace("Step-down Beds", "Step-down")
    assert _refused(programme, "projects", renamed) == [
        "Line 3: The project JCM-IC-02 already exists with a different “Project Name”: change "
        "that on its page, not by import."
    ]
    rebaselined = MILESTONE_HEADINGS + "JCM-IC-01,Service live,01/08/2021,,\n"
    (message,) = _refused(programme, "milestones", rebaselined)
    assert message.startswith("Line 2: The milestone “Service live” already exists with a "
                              "different “Baseline”")  # fmt: skip


def test_an_xlsx_workbook_is_read_with_its_date_and_number_cells(programme, managers):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Reference", "Title", "Cause", "Event", "Effect", "Category", "Owner",
                  "Likelihood", "Consequence", "Review date", "Target date"])  # fmt: skip
    sheet.append(["R-X-01", "Data sharing agreement", "Lawyers are busy", "it is not signed",
                  "records cannot be shared", "Information and digital", "pm.smith", 3, 5.0,
                  datetime(2030, 6, 30), date(2031, 3, 31)])  # fmt: skip
    sheet.append([None] * 11)  # a spreadsheet's trailing empty rows
    content = io.BytesIO()
    workbook.save(content)
    result = _import(programme, "risks", content.getvalue(), name="risks.xlsx")
    assert result.created == 1
    risk = Risk.objects.get(reference="R-X-01")
    assert (risk.current_score, risk.category, risk.review_on, risk.target_on) == (
        15, "information", date(2030, 6, 30), date(2031, 3, 31),
    )  # fmt: skip
    assert list(risk.holders.all()) == [managers[1].organisation]


def test_an_xlsx_workbook_with_bad_rows_names_them_by_row(programme):
    workbook = Workbook()
    workbook.active.append(["Project", "Title", "Baseline"])
    workbook.active.append(["NOPE", "Go live", date(2021, 9, 1)])
    content = io.BytesIO()
    workbook.save(content)
    messages = _refused(programme, "milestones", content.getvalue(), name="m.xlsx")
    assert messages == ["Line 2: unknown project “NOPE” (not a project of Care Model Programme)."]


@pytest.mark.parametrize(
    "written",
    ["2021-06-30", "30/06/2021", "30/06/21", "Wed 30/06/21", "30 June 2021", "30 Jun 2021",
     "30-Jun-2021", "30/06/2021 17:00", "2021-06-30T08:00:00", "June 30, 2021"],
)  # fmt: skip
def test_dates_are_read_as_spreadsheets_and_project_online_write_them(programme, delivery, written):
    row = f'{delivery.project.reference},M,"{written}",,\n'
    _import(programme, "milestones", MILESTONE_HEADINGS + row)
    assert Milestone.objects.get(title="M").baseline_on == date(2021, 6, 30)


# Bad files: refused whole, every problem named by line, nothing written


def _milestones(*rows) -> str:
    return MILESTONE_HEADINGS + "".join(f"{row}\n" for row in rows)


def _risks(*rows) -> str:
    return RISK_HEADINGS + "".join(f"{row}\n" for row in rows)


def _risk_row(delivery, reference="R-1", likelihood="3", consequence="3", owner="pm.jones"):
    return (
        f"{reference},A risk,{delivery.project.reference},cause,event,effect,delivery,{owner},"
        f"{likelihood},{consequence},31/12/2030"
    )


GOOD_MILESTONE = "{project},Go live,01/09/2021,,"
FUTURE = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    "kind, rows, problems",
    [
        ("milestones", ["ZZ-UNKNOWN,Go live,01/09/2021,,"],
         ["Line 3: unknown project “ZZ-UNKNOWN” (not a project of Care Model Programme)."]),
        ("milestones", ["{project},Launch,31/02/2021,,"],
         ["Line 3: “Baseline”: “31/02/2021” is not a date (write 2021-06-30 or 30/06/2021)."]),
        ("milestones", ["{project},Launch,01/09/2021,,{future}"],
         ["Line 3: “Actual” {future_long} is in the future: a milestone cannot have been met "
          "yet."]),
        ("milestones", ["{project},,01/09/2021,,"], ["Line 3: “Title” is empty."]),
        ("milestones", [GOOD_MILESTONE],
         ["Line 3: The milestone “Go live” of {project} is also on line 2."]),
        ("risks", ["{risk_6_3}"],
         ["Line 3: “Likelihood”: 6 is outside the 5 × 5 matrix: give a whole number from 1 to "
          "5."]),
        ("risks", ["{risk_3_0}"],
         ["Line 3: “Consequence”: 0 is outside the 5 × 5 matrix: give a whole number from 1 "
          "to 5."]),
        ("risks", ["{risk_unknown_owner}"],
         ["Line 3: “Owner”: unknown person “nobody@example.je” (give an email or username)."]),
        ("risks", ["{risk_duplicate}"], ["Line 3: R-1 is also on line 2."]),
    ],
)  # fmt: skip
def test_a_bad_row_refuses_the_whole_file(programme, delivery, kind, rows, problems):
    project = delivery.project.reference
    values = {
        "project": project,
        "future": FUTURE,
        "future_long": f"{timezone.localdate() + timedelta(days=1):%d %B %Y}",
        "risk_6_3": _risk_row(delivery, "R-2", likelihood="6"),
        "risk_3_0": _risk_row(delivery, "R-2", consequence="0"),
        "risk_unknown_owner": _risk_row(delivery, "R-2", owner="nobody@example.je"),
        "risk_duplicate": _risk_row(delivery, "R-1"),
    }
    good = GOOD_MILESTONE.format(**values) if kind == "milestones" else _risk_row(delivery)
    build = _milestones if kind == "milestones" else _risks
    content = build(good, *(row.format(**values) for row in rows))
    before = _snapshot()
    assert _refused(programme, kind, content) == [p.format(**values) for p in problems]
    assert _snapshot() == before


def test_every_problem_is_named_by_its_line(programme, delivery):
    project = delivery.project.reference
    content = _milestones(
        f"{project},Recruited,01/06/2021,,",
        "ZZ-UNKNOWN,Go live,someday,,",
        f"{project},Recruited,01/06/2021,,",
        f"{project},Evaluated,01/06/2022,,01/01/2099",
    )
    assert _refused(programme, "milestones", content) == [
        "Line 3: unknown project “ZZ-UNKNOWN” (not a project of Care Model Programme).",
        "Line 3: “Baseline”: “someday” is not a date (write 2021-06-30 or 30/06/2021).",
        f"Line 4: The milestone “Recruited” of {project} is also on line 2.",
        "Line 5: “Actual” 01 January 2099 is in the future: a milestone cannot have been met yet.",
    ]
    assert not Milestone.objects.exists()


def test_an_unknown_workstream_or_organisation_is_named(programme):
    content = (
        (FIXTURES / "projects.csv")
        .read_text()
        .replace(
            "Step-down Beds,Intermediate Care,Partner B Trust", "Step-down Beds,Digital,Partner Z"
        )
    )
    before = _snapshot()
    assert _refused(programme, "projects", content) == [
        "Line 3: unknown workstream “Digital” (not a workstream of Care Model Programme).",
        "Line 3: “Lead Organisation”: unknown organisation “Partner Z”.",
    ]
    assert _snapshot() == before


def test_duplicate_project_references_are_named(programme):
    content = (FIXTURES / "projects.csv").read_text().replace("JCM-IC-03", "JCM-IC-01")
    assert _refused(programme, "projects", content) == ["Line 4: JCM-IC-01 is also on line 2."]
    assert not Project.objects.filter(reference__startswith="JCM").exists()


def test_a_project_risk_without_its_project_is_refused(programme):
    content = (
        _risks("R-1,A risk,,c,e,e,delivery,pm.jones,3,3,31/12/2030")
        .replace("Review date\n", "Review date,Level\n")
        .replace("31/12/2030\n", "31/12/2030,project\n")
    )
    assert _refused(programme, "risks", content) == ["Line 2: a project risk names its project."]


def _zip(name: str) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr(name, "<xml/>")
    return content.getvalue()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.csv", "The file is empty."),
        (b"\n\n ,, \n", "blank.csv", "The file is empty."),
        (MILESTONE_HEADINGS.encode(), "headings.csv", "The file has headings but no rows."),
        (b"%PDF-1.4\x00\x01binary", "report.pdf", "The file is neither CSV nor XLSX"),
        (_zip("word/document.xml"), "letter.docx", "The file is neither CSV nor XLSX"),
        (_zip("xl/workbook.xml"), "broken.xlsx", "The file is not a readable XLSX workbook."),
        (b"PK\x03\x04 truncated", "short.xlsx", "The file is not a readable XLSX workbook."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old.xls", "The file is an old Excel workbook"),
        (b"Project,Name\nP1,Go live\n", "m.csv",
         "The file has no “Baseline” column (or Baseline Finish, Baseline Date)."),
        (b"Project,Title,Name,Baseline\n", "m.csv",
         "Line 1: the columns “Title” and “Name” say the same thing: keep one."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_table_of_milestones_is_refused(programme, content, name, message):
    before = _snapshot()
    (refusal,) = _refused(programme, "milestones", content, name=name)
    assert refusal.startswith(message)
    assert _snapshot() == before


def test_a_file_saved_by_excel_in_windows_1252_is_read(programme, managers):
    text = (FIXTURES / "projects.csv").read_text()
    result = _import(programme, "projects", text.encode("cp1252"))
    assert result.created == 3
    assert Project.objects.get(reference="JCM-IC-01").budget == Decimal("1250000.00")


def test_a_semicolon_separated_file_is_read(programme, delivery):
    content = f"Project;Title;Baseline\n{delivery.project.reference};Go live;01/09/2021\n"
    assert _import(programme, "milestones", content).created == 1


def test_an_unknown_kind_is_refused(programme):
    assert _refused(programme, "issues", "x") == [
        "An import is of projects, milestones, risks, not “issues”."
    ]


# The command


def test_the_command_imports_a_file_and_says_what_it_did(programme, capsys):
    call_command(
        "import_programme", "--programme", programme.slug, "--kind", "projects",
        str(FIXTURES / "projects.csv"),
    )  # fmt: skip
    assert "Imported 3 projects: 3 created, 0 updated, 0 unchanged." in capsys.readouterr().out


def test_the_command_names_every_problem_and_imports_nothing(programme, tmp_path):
    bad = tmp_path / "milestones.csv"
    bad.write_text(MILESTONE_HEADINGS + "ZZ-UNKNOWN,Go live,someday,,\n")
    with pytest.raises(CommandError) as refusal:
        call_command(
            "import_programme", "--programme", programme.slug, "--kind", "milestones", str(bad)
        )
    assert str(refusal.value).splitlines() == [
        "Nothing was imported:",
        "  Line 2: unknown project “ZZ-UNKNOWN” (not a project of Care Model Programme).",
        "  Line 2: “Baseline”: “someday” is not a date (write 2021-06-30 or 30/06/2021).",
    ]
    assert not Milestone.objects.exists()


def test_the_command_records_who_imported(programme, managers):
    call_command(
        "import_programme", "--programme", programme.slug, "--kind", "projects",
        "--by", "pm.jones", str(FIXTURES / "projects.csv"),
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="programme.imported")
    assert entry.actor_label == "pm.jones"


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--programme", "nope", "--kind", "projects", "x.csv"], "There is no programme “nope”."),
        (["--kind", "projects", "missing.csv"], "There is no file missing.csv."),
        (["--kind", "projects", "--by", "ghost", "x.csv"], "There is no user “ghost”."),
    ],
)
def test_the_command_explains_what_it_cannot_find(programme, arguments, message):
    if "--programme" not in arguments:
        arguments = ["--programme", programme.slug, *arguments]
    with pytest.raises(CommandError, match=message):
        call_command("import_programme", *arguments)
