"""Import of projects, milestones and risks from a CSV or XLSX file, as exported from Project
Online or kept in a spreadsheet.

The file is validated whole before anything is written: any bad row rejects the whole file,
with every problem named by its line (line 1 is the headings; in a workbook, line N is row N of
the first sheet). A good file is written through the programme's services in one transaction.
Re-importing the same file changes nothing: rows whose records already exist are compared with
them, and only what moves over time is updated — a project's status and project manager, a
milestone's forecast and actual dates, a risk's current likelihood, consequence and review date
(as a reassessment). Any other difference from an existing record is a problem to correct on the
record's page, where the change is seen and audited.

Headings are matched ignoring case, spaces and underscores; columns not listed are ignored, so a
full Project Online export can be imported as it is. Each heading may be given by its aliases.

Projects (one row a project)
    Reference*          (Project Reference, Project ID, ID) — unique, at most 20 characters
    Name*               (Project Name, Task Name, Title)
    Workstream*         the workstream's name or slug
    Lead organisation*  (Lead organization, Lead partner, Organisation, Organization) —
                        a partner's name, short name or slug
    Partners            (Partner organisations) — partners' names separated by ";"
    Status              (Project Status, Stage) — pipeline, initiation, delivery or closed
    Budget              (Budget Cost) — whole-life, in pounds: 1200000, £1,200,000.00
    Start               (Start Date, Project Start)
    Finish              (Finish Date, End, End Date, Project Finish)
    Project manager     (Project Owner, Owner) — a person's email address or username
    Visibility          public (the default) or partnership
    Description         (Notes)

Milestones (one row a milestone, found again by its project and title)
    Project*            (Project Reference, Project ID, Project Name) — reference or name
    Title*              (Name, Task Name, Milestone Name)
    Baseline*           (Baseline Finish, Baseline Date)
    Forecast            (Finish, Forecast Finish, Forecast Date) — the baseline if empty
    Actual              (Actual Finish, Actual Date) — not in the future
    Key                 (Key Milestone) — yes or no
    Milestone           yes or no: a Project Online task list's rows that are not milestones
                        are skipped

Risks (one row a risk; likelihood and consequence on the NHS 5 × 5 matrix, 1 to 5 — Project
Online's percentage probability and 1–10 impact must be converted first)
    Reference*          (Risk Reference, Risk ID, ID)
    Title*              (Risk Title, Name, Risk)
    Level               project, workstream or programme — by default project when a project
                        is given, else workstream when a workstream is, else programme
    Project             (Project Reference, Project ID) — reference or name
    Workstream          name or slug
    Cause*, Event* (Description), Effect*
    Category*           (Risk Category) — e.g. delivery, financial, "Clinical and patient safety"
    Owner*              (Risk Owner, Assigned To) — a person's email address or username
    Holders             (Held by, Organisations) — partners separated by ";"; by default the
                        owner's organisation
    Likelihood*         (Current Likelihood, Probability) — 1 rare … 5 almost certain
    Consequence*        (Current Consequence, Impact) — 1 negligible … 5 catastrophic
    Inherent likelihood, Inherent consequence, Target likelihood, Target consequence
                        — the current ones if empty
    Review date*        (Review On, Next Review, Due Date)
    Target date         (Target On) — the review date if empty
    Response            (Risk Response, Strategy) — avoid, reduce (the default), transfer,
                        accept or share
    Controls            (Mitigation, Mitigation Plan)
    Status              open (the default) or closed

Dates are ISO (2021-06-30) or day first (30/06/2021, 30/06/21, 30 June 2021, 30-Jun-2021),
with or without a weekday before them ("Wed 30/06/21") and a time after; "NA" is empty, as
Project Online writes an unset date. A workbook's date cells are read as dates.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from openpyxl import load_workbook

from joinedup.core import audit, uploads
from joinedup.core.choices import Visibility
from joinedup.core.models import Organisation, Person

from . import services
from .choices import (
    PROJECT_TRANSITIONS,
    ProjectRole,
    ProjectStatus,
    RaidStatus,
    RiskCategory,
    RiskLevel,
    RiskResponse,
)
from .models import Milestone, Programme, Project, Risk

KINDS = ("projects", "milestones", "risks")
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_PROBLEMS = 200
EMPTY = {"", "na", "n/a", "-", "—", "none"}


@dataclass(frozen=True)
class Column:
    field: str
    headings: tuple[str, ...]
    required: bool = False


def _columns(*specs) -> tuple[Column, ...]:
    return tuple(Column(name, tuple(headings), required) for name, headings, required in specs)


COLUMNS = {
    "projects": _columns(
        ("reference", ["Reference", "Project Reference", "Project ID", "ID"], True),
        ("name", ["Name", "Project Name", "Task Name", "Title"], True),
        ("workstream", ["Workstream"], True),
        ("lead_organisation", ["Lead organisation", "Lead organization", "Lead partner",
                               "Organisation", "Organization"], True),
        ("partners", ["Partners", "Partner organisations", "Partner organizations"], False),
        ("status", ["Status", "Project Status", "Stage"], False),
        ("budget", ["Budget", "Budget Cost"], False),
        ("starts_on", ["Start", "Start Date", "Project Start"], False),
        ("ends_on", ["Finish", "Finish Date", "End", "End Date", "Project Finish"], False),
        ("project_manager", ["Project manager", "Project Owner", "Owner"], False),
        ("visibility", ["Visibility"], False),
        ("description", ["Description", "Notes"], False),
    ),
    "milestones": _columns(
        ("project", ["Project", "Project Reference", "Project ID", "Project Name"], True),
        ("title", ["Title", "Name", "Task Name", "Milestone Name"], True),
        ("baseline_on", ["Baseline", "Baseline Finish", "Baseline Date"], True),
        ("forecast_on", ["Forecast", "Finish", "Forecast Finish", "Forecast Date"], False),
        ("actual_on", ["Actual", "Actual Finish", "Actual Date"], False),
        ("is_key", ["Key", "Key Milestone"], False),
        ("is_milestone", ["Milestone"], False),
    ),
    "risks": _columns(
        ("reference", ["Reference", "Risk Reference", "Risk ID", "ID"], True),
        ("title", ["Title", "Risk Title", "Name", "Risk"], True),
        ("level", ["Level"], False),
        ("project", ["Project", "Project Reference", "Project ID"], False),
        ("workstream", ["Workstream"], False),
        ("cause", ["Cause"], True),
        ("event", ["Event", "Description"], True),
        ("effect", ["Effect"], True),
        ("category", ["Category", "Risk Category"], True),
        ("owner", ["Owner", "Risk Owner", "Assigned To"], True),
        ("holders", ["Holders", "Held by", "Organisations"], False),
        ("current_likelihood", ["Likelihood", "Current Likelihood", "Probability"], True),
        ("current_consequence", ["Consequence", "Current Consequence", "Impact"], True),
        ("inherent_likelihood", ["Inherent likelihood"], False),
        ("inherent_consequence", ["Inherent consequence"], False),
        ("target_likelihood", ["Target likelihood"], False),
        ("target_consequence", ["Target consequence"], False),
        ("review_on", ["Review date", "Review On", "Next Review", "Due Date"], True),
        ("target_on", ["Target date", "Target On"], False),
        ("response", ["Response", "Risk Response", "Strategy"], False),
        ("controls", ["Controls", "Mitigation", "Mitigation Plan"], False),
        ("status", ["Status"], False),
    ),
}  # fmt: skip


@dataclass
class ImportResult:
    """What an import did: records created, updated, found unchanged, rows skipped."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        total = self.created + self.updated + self.unchanged
        summary = (
            f"{total} {self.kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        return summary + (f"; {self.skipped} rows skipped." if self.skipped else ".")


def _refuse(problems: list[str]):
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS} more."]
    raise ValidationError(problems)


# Reading the file ------------------------------------------------------------------------------


def _bytes_of(file) -> tuple[str, bytes]:
    """The file's name and content, from a path or a file object (an upload)."""
    if isinstance(file, str | Path):
        path = Path(file)
        if path.stat().st_size > MAX_BYTES:
            _refuse([f"The file is larger than {MAX_BYTES // 1024 // 1024} MB."])
        return path.name, path.read_bytes()
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _refuse([f"The file is larger than {MAX_BYTES // 1024 // 1024} MB."])
    return Path(getattr(file, "name", "") or "upload").name, data


NOT_A_TABLE = (
    "The file is neither CSV nor XLSX: save it from the spreadsheet or Project Online as "
    "CSV or as an Excel workbook (.xlsx)."
)


def _table(data: bytes | str) -> list[list]:
    """The file's rows of cells: an XLSX workbook's first sheet, or CSV text."""
    if isinstance(data, str):
        data = data.encode()
    if not data.strip():
        _refuse(["The file is empty."])
    if data.startswith(b"PK\x03\x04"):
        return _workbook_rows(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        _refuse(["The file is an old Excel workbook (.xls): save it as .xlsx or CSV."])
    if b"\x00" in data[:65536]:
        _refuse([NOT_A_TABLE])
    return _csv_rows(data)


def _workbook_rows(data: bytes) -> list[list]:
    try:  # before openpyxl opens it: how far it expands, and macros
        names = uploads.zip_names(io.BytesIO(data))
    except ValidationError as problem:
        _refuse(problem.messages)
    if not names:
        _refuse(["The file is not a readable XLSX workbook."])
    if "xl/workbook.xml" not in names:  # another kind of ZIP: a Word document, an archive
        _refuse([NOT_A_TABLE])
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        _refuse(["The file is not a readable XLSX workbook."])
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list]:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV" without UTF-8 is Windows-1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        _refuse(["The file is not text: save it as CSV (UTF-8) or as an Excel workbook."])
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as error:
        _refuse([f"Line {reader.line_num}: the CSV cannot be read ({error})."])


def _normal(heading) -> str:
    return " ".join(str(heading or "").replace("_", " ").lower().split())


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in EMPTY)


@dataclass
class _Sheet:
    headings: dict[str, str]  # field → the heading as the file writes it
    rows: list[tuple[int, dict]]  # (line, field → cell)


def _sheet(kind: str, table: list[list]) -> _Sheet:
    """Match the headings to the columns, and read the rows below them by field."""
    lines = [(number, row) for number, row in enumerate(table, 1) if any(map(_cell, row))]
    if not lines:
        _refuse(["The file is empty."])
    (heading_line, heading_row), body = lines[0], lines[1:]
    columns = {_normal(h): column for column in COLUMNS[kind] for h in column.headings}
    positions, headings, problems = {}, {}, []
    for position, heading in enumerate(heading_row):
        column = columns.get(_normal(heading))
        if column is None:
            continue
        if column.field in headings:
            problems.append(
                f"Line {heading_line}: the columns “{headings[column.field]}” and “{heading}” "
                "say the same thing: keep one."
            )
        positions[column.field], headings[column.field] = position, str(heading).strip()
    for column in COLUMNS[kind]:
        if column.required and column.field not in headings:
            also = f" (or {', '.join(column.headings[1:])})" if column.headings[1:] else ""
            problems.append(f"The file has no “{column.headings[0]}” column{also}.")
    if problems:
        _refuse(problems)
    if not body:
        _refuse(["The file has headings but no rows."])
    if len(body) > MAX_ROWS:
        _refuse([f"The file has more than {MAX_ROWS} rows: split it."])
    rows = [
        (line, {name: _at(row, position) for name, position in positions.items()})
        for line, row in body
    ]
    return _Sheet(headings, rows)


def _cell(value) -> bool:
    return value is not None and str(value).strip() != ""


def _at(row: list, position: int):
    value = row[position] if position < len(row) else None
    return value.strip() if isinstance(value, str) else value


# Reading values --------------------------------------------------------------------------------

_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?=\d)", re.I)
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?)$")
DATE_FORMATS = (
    "%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y",
    "%d-%b-%Y", "%d-%b-%y", "%d %B, %Y", "%B %d, %Y", "%b %d, %Y",
)  # fmt: skip
TRUE, FALSE = {"yes", "y", "true", "1", "x", "✓"}, {"no", "n", "false", "0"}


class _Bad(ValueError):
    """A cell that cannot be read as what its column holds."""


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return "" if _empty(value) else str(value).strip()


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _TIME.sub("", _WEEKDAY.sub("", str(value).strip())).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _Bad(f"“{value}” is not a date (write 2021-06-30 or 30/06/2021)")


def _score(value) -> int:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise _Bad(f"“{value}” is not a whole number from 1 to 5") from None
    if number != number.to_integral_value() or not 1 <= number <= 5:
        raise _Bad(f"{value} is outside the 5 × 5 matrix: give a whole number from 1 to 5")
    return int(number)


def _amount(value) -> Decimal:
    text = re.sub(r"[£,\s]", "", str(value))
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"“{value}” is not an amount of money") from None
    if not amount.is_finite():
        raise _Bad(f"“{value}” is not an amount of money")
    if amount < 0:
        raise _Bad(f"{value} is not an amount of money: it cannot be negative")
    return amount.quantize(Decimal("0.01"))


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE or text in FALSE or not text:
        return text in TRUE
    raise _Bad(f"“{value}” is neither yes nor no")


def _choice(choices) -> Callable:
    known = {}
    for value, label in choices.choices:
        known[_normal(value)] = known[_normal(label)] = value

    def read(value):
        found = known.get(_normal(value))
        if found is None:
            allowed = ", ".join(str(v) for v, _ in choices.choices)
            raise _Bad(f"“{value}” is not one of: {allowed}")
        return found

    return read


class _Row:
    """One row of the file, read field by field; every problem is kept with its line."""

    def __init__(self, line: int, cells: dict, headings: dict, problems: list[str]):
        self.line, self.cells, self.headings, self._problems = line, cells, headings, problems
        self.ok = True

    def problem(self, message: str) -> None:
        self._problems.append(f"Line {self.line}: {message}.")
        self.ok = False

    def given(self, name: str) -> bool:
        return not _empty(self.cells.get(name))

    def read(self, name: str, reader: Callable = _text, *, required=False, max_length=None):
        """The field's value; None when it is empty (a problem if it is required)."""
        if not self.given(name):
            if required:
                self.problem(f"“{self.headings[name]}” is empty")
            return None
        try:
            value = reader(self.cells[name])
        except _Bad as bad:
            self.problem(f"“{self.headings[name]}”: {bad}")
            return None
        if max_length and len(value) > max_length:
            self.problem(f"“{self.headings[name]}” is longer than {max_length} characters")
            return None
        return value


def _names(value) -> list[str]:
    return [name.strip() for name in re.split(r"[;\n]", _text(value)) if name.strip()]


# The records the rows refer to ------------------------------------------------------------------


class _Register:
    """The programme's workstreams and projects, the partners and the people a file names,
    each found by any of the names a spreadsheet might use for it."""

    def __init__(self, programme: Programme, rows: list[tuple[int, dict]]):
        self.programme = programme
        self.workstreams = {}
        for workstream in programme.workstreams.all():
            for key in (workstream.name.lower(), workstream.slug):
                self.workstreams[key] = workstream
        self.organisations = {}
        for organisation in Organisation.objects.all():
            for key in (organisation.name, organisation.short_name, organisation.slug):
                if key:
                    self.organisations[key.lower()] = organisation
        self.projects = {}
        for project in Project.objects.filter(workstream__programme=programme):
            self.projects[project.reference] = self.projects[project.name.lower()] = project
        named = {_text(cells.get(name)).lower() for _, cells in rows for name in PEOPLE_FIELDS}
        self.people = _people(named - {""})

    def workstream(self, row: _Row, *, required: bool):
        value = row.read("workstream", required=required)
        found = self.workstreams.get(value.lower()) if value else None
        if value and found is None:
            row.problem(f"unknown workstream “{value}” (not a workstream of {self.programme})")
        return found

    def project(self, row: _Row, *, required: bool):
        value = row.read("project", required=required)
        found = (self.projects.get(value) or self.projects.get(value.lower())) if value else None
        if value and found is None:
            row.problem(f"unknown project “{value}” (not a project of {self.programme})")
        return found

    def organisation(self, row: _Row, name: str, value: str) -> Organisation | None:
        found = self.organisations.get(value.lower())
        if found is None:
            row.problem(f"“{row.headings[name]}”: unknown organisation “{value}”")
        return found

    def organisations_in(self, row: _Row, name: str) -> set[Organisation]:
        """The organisations a cell names, separated by semicolons or on lines of their own."""
        return {self.organisation(row, name, value) for value in _names(row.cells.get(name))}

    def person(self, row: _Row, name: str, *, required: bool) -> Person | None:
        value = row.read(name, required=required)
        if value is None:
            return None
        found = self.people.get(value.lower(), [])
        if len(found) != 1:
            what = "more than one person is" if found else "unknown person"
            row.problem(f"“{row.headings[name]}”: {what} “{value}” (give an email or username)")
            return None
        if found[0].organisation_id is None:
            row.problem(f"“{row.headings[name]}”: {found[0]} is not of a partner organisation")
            return None
        return found[0]


PEOPLE_FIELDS = ("project_manager", "owner")


def _people(keys: set[str]) -> dict[str, list[Person]]:
    """The people with these email addresses or usernames, by each (ignoring case)."""
    people = (
        Person.objects.select_related("user", "organisation")
        .annotate(email_key=Lower("user__email"), username_key=Lower("user__username"))
        .filter(Q(email_key__in=keys) | Q(username_key__in=keys))
    )
    found: dict[str, list[Person]] = {}
    for person in people:
        for key in {person.email_key, person.username_key} & keys:
            found.setdefault(key, []).append(person)
    return found


# Plans: what each good row will do ----------------------------------------------------------


Step = Callable[[], object]


@dataclass
class _Plan:
    """The writes a file will make, in order, each with its line; and the tally."""

    result: ImportResult
    file_name: str
    steps: list[tuple[int, Step]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, line: int, *steps: Step, created: bool = False) -> None:
        """Plan a row's writes; a row with none leaves its record unchanged."""
        self.steps += [(line, step) for step in steps]
        if created:
            self.result.created += 1
        elif steps:
            self.result.updated += 1
        else:
            self.result.unchanged += 1


def _first_seen(row: _Row, key, seen: dict, what: str) -> None:
    if key in seen:
        row.problem(f"{what} is also on line {seen[key]}")
    else:
        seen[key] = row.line


def _refuse_differences(row: _Row, what: str, wanted: dict, current: Callable) -> None:
    """A problem naming the given columns whose values differ from the existing record."""
    differing = [
        f"“{row.headings[name]}”"
        for name, value in wanted.items()
        if row.given(name) and value != current(name)
    ]
    if differing:
        row.problem(
            f"{what} already exists with a different {', '.join(differing)}: change that on "
            "its page, not by import"
        )


def _existing(model, sheet: _Sheet, related=()) -> dict:
    references = {_text(cells.get("reference")) for _, cells in sheet.rows}
    found = model.objects.filter(reference__in=references)
    return {record.reference: record for record in found.prefetch_related(*related)}


# Projects


STATUS_ORDER = [ProjectStatus.PIPELINE, ProjectStatus.INITIATION, ProjectStatus.DELIVERY]


def _status_path(current: str, target: str) -> list[str] | None:
    """The moves that take a project from one status to another, or None if none can."""
    if current == target:
        return []
    if target == ProjectStatus.CLOSED:
        return [target] if target in PROJECT_TRANSITIONS[current] else None
    if current == ProjectStatus.CLOSED or STATUS_ORDER.index(target) < STATUS_ORDER.index(current):
        return None
    return STATUS_ORDER[STATUS_ORDER.index(current) + 1 : STATUS_ORDER.index(target) + 1]


def _plan_projects(sheet: _Sheet, register: _Register, plan: _Plan, by) -> None:
    existing = _existing(Project, sheet, related=("partners", "roles"))
    references: dict = {}
    for line, cells in sheet.rows:
        row = _Row(line, cells, sheet.headings, plan.problems)
        values = _project_values(row, register)
        if values["reference"]:
            _first_seen(row, values["reference"], references, f"{values['reference']}")
        if not row.ok:
            continue
        project = existing.get(values["reference"])
        if project is None:
            plan.add(line, *_create_project(values, by), created=True)
        else:
            _update_project(row, project, values, register, plan, by)


def _project_values(row: _Row, register: _Register) -> dict:
    lead = row.read("lead_organisation", required=True)
    values = {
        "reference": row.read("reference", required=True, max_length=20),
        "name": row.read("name", required=True, max_length=200),
        "workstream": register.workstream(row, required=True),
        "lead_organisation": register.organisation(row, "lead_organisation", lead)
        if lead
        else None,
        "partners": register.organisations_in(row, "partners"),
        "status": row.read("status", _choice(ProjectStatus)) or ProjectStatus.PIPELINE,
        "budget": row.read("budget", _amount) or Decimal(0),
        "starts_on": row.read("starts_on", _date),
        "ends_on": row.read("ends_on", _date),
        "project_manager": register.person(row, "project_manager", required=False),
        "visibility": row.read("visibility", _choice(Visibility)) or Visibility.PUBLIC,
        "description": row.read("description") or "",
    }
    if values["visibility"] == Visibility.RESTRICTED:
        row.problem("a project restricted to named partners is set up on its page, not imported")
    if values["starts_on"] and values["ends_on"] and values["ends_on"] <= values["starts_on"]:
        row.problem(f"“{row.headings['ends_on']}” is not after “{row.headings['starts_on']}”")
    return values


def _create_project(values: dict, by) -> list[Step]:
    made = {}

    def create():
        made["project"] = services.create_project(
            workstream=values["workstream"], name=values["name"], reference=values["reference"],
            lead_organisation=values["lead_organisation"], partners=values["partners"],
            budget=values["budget"], starts_on=values["starts_on"], ends_on=values["ends_on"],
            description=values["description"], visibility=values["visibility"], by=by,
        )  # fmt: skip

    def move(to):
        return lambda: services.move_project(project=made["project"], to=to, by=by)

    steps = [create, *map(move, _status_path(ProjectStatus.PIPELINE, values["status"]))]
    if manager := values["project_manager"]:
        steps.append(lambda: services.assign_project_role(
            project=made["project"], role=ProjectRole.PROJECT_MANAGER, person=manager, by=by
        ))  # fmt: skip
    return steps


PROJECT_FIELDS = (
    "name", "workstream", "lead_organisation", "budget", "starts_on", "ends_on", "description",
    "visibility",
)  # fmt: skip


def _update_project(row: _Row, project, values: dict, register: _Register, plan, by) -> None:
    """An existing project: only its status moves and its project manager changes."""
    if register.projects.get(project.reference) != project:
        row.problem(f"{project.reference} is a project of another programme")
        return
    wanted = {name: values[name] for name in (*PROJECT_FIELDS, "partners")}
    _refuse_differences(
        row, f"The project {project.reference}", wanted,
        lambda name: set(project.partners.all()) if name == "partners" else getattr(project, name),
    )  # fmt: skip
    path = _status_path(project.status, values["status"]) if row.given("status") else []
    if path is None:
        row.problem(
            f"{project.reference} cannot move from {project.get_status_display()} to "
            f"{ProjectStatus(values['status']).label}"
        )
    if not row.ok:
        return
    steps = [partial(services.move_project, project=project, to=to, by=by) for to in path]
    manager = values["project_manager"]
    roles = {assignment.role: assignment.person_id for assignment in project.roles.all()}
    if manager and roles.get(ProjectRole.PROJECT_MANAGER) != manager.pk:
        steps.append(partial(
            services.assign_project_role, project=project, role=ProjectRole.PROJECT_MANAGER,
            person=manager, by=by,
        ))  # fmt: skip
    plan.add(row.line, *steps)


# Milestones


def _plan_milestones(sheet: _Sheet, register: _Register, plan: _Plan, by) -> None:
    existing: dict = {}
    for milestone in Milestone.objects.filter(project__workstream__programme=register.programme):
        existing.setdefault((milestone.project_id, milestone.title.lower()), []).append(milestone)
    titles: dict = {}
    for line, cells in sheet.rows:
        row = _Row(line, cells, sheet.headings, plan.problems)
        if row.given("is_milestone") and row.read("is_milestone", _flag) is False:
            plan.result.skipped += 1
            continue
        values = _milestone_values(row, register)
        project, title = values["project"], values["title"]
        if project and title:
            what = f"The milestone “{title}” of {project.reference}"
            _first_seen(row, (project.pk, title.lower()), titles, what)
        if not row.ok:
            continue
        found = existing.get((project.pk, title.lower()), [])
        if len(found) > 1:
            row.problem(f"{project.reference} has more than one milestone called “{title}”")
        elif found:
            _update_milestone(row, found[0], values, plan, by)
        else:
            plan.add(line, *_create_milestone(values, by), created=True)


def _milestone_values(row: _Row, register: _Register) -> dict:
    values = {
        "project": register.project(row, required=True),
        "title": row.read("title", required=True, max_length=200),
        "baseline_on": row.read("baseline_on", _date, required=True),
        "forecast_on": row.read("forecast_on", _date),
        "actual_on": row.read("actual_on", _date),
        "is_key": bool(row.read("is_key", _flag)),
    }
    if values["actual_on"] and values["actual_on"] > timezone.localdate():
        row.problem(
            f"“{row.headings['actual_on']}” {values['actual_on']:%d %B %Y} is in the future: "
            "a milestone cannot have been met yet"
        )
    return values


def _create_milestone(values: dict, by) -> list[Step]:
    made = {}

    def create():
        made["milestone"] = services.add_milestone(
            project=values["project"], title=values["title"], baseline_on=values["baseline_on"],
            forecast_on=values["forecast_on"], is_key=values["is_key"], by=by,
        )  # fmt: skip

    if values["actual_on"] is None:
        return [create]
    return [create, lambda: services.update_milestone(
        milestone=made["milestone"], actual_on=values["actual_on"], by=by
    )]  # fmt: skip


def _update_milestone(row: _Row, milestone, values: dict, plan: _Plan, by) -> None:
    """An existing milestone: only its forecast and actual dates move."""
    wanted = {"baseline_on": values["baseline_on"], "is_key": values["is_key"]}
    what = f"The milestone “{milestone.title}”"
    _refuse_differences(row, what, wanted, lambda name: getattr(milestone, name))
    if not row.ok:
        return
    moved = {
        name: values[name]
        for name in ("forecast_on", "actual_on")
        if values[name] and values[name] != getattr(milestone, name)
    }
    steps = [partial(services.update_milestone, milestone=milestone, **moved, by=by)]
    plan.add(row.line, *(steps if moved else []))


# Risks


REASSESSED = ("current_likelihood", "current_consequence", "review_on")


def _plan_risks(sheet: _Sheet, register: _Register, plan: _Plan, by) -> None:
    existing = _existing(Risk, sheet, related=("holders",))
    references: dict = {}
    for line, cells in sheet.rows:
        row = _Row(line, cells, sheet.headings, plan.problems)
        reference = row.read("reference", required=True, max_length=20)
        values = _risk_values(row, register)
        if reference:
            _first_seen(row, reference, references, reference)
        if not row.ok:
            continue
        risk = existing.get(reference)
        if risk is None:
            holders = values.pop("holders")
            plan.add(line, partial(
                services.record_risk, programme=register.programme, reference=reference,
                holders=holders, by=by, **values,
            ), created=True)  # fmt: skip
        else:
            _update_risk(row, risk, values, register, plan, by)


def _risk_values(row: _Row, register: _Register) -> dict:
    project = register.project(row, required=False)
    workstream = register.workstream(row, required=False)
    level = row.read("level", _choice(RiskLevel))
    level = level or (
        RiskLevel.PROJECT
        if project
        else RiskLevel.WORKSTREAM
        if workstream
        else RiskLevel.PROGRAMME
    )
    values = {
        "title": row.read("title", required=True, max_length=200),
        "level": level,
        "project": project,
        "workstream": workstream,
        "cause": row.read("cause", required=True),
        "event": row.read("event", required=True),
        "effect": row.read("effect", required=True),
        "category": row.read("category", _choice(RiskCategory), required=True),
        "owner": register.person(row, "owner", required=True),
        "holders": register.organisations_in(row, "holders"),
        "review_on": row.read("review_on", _date, required=True),
        "target_on": row.read("target_on", _date),
        "response": row.read("response", _choice(RiskResponse)) or RiskResponse.REDUCE,
        "controls": row.read("controls") or "",
        "status": row.read("status", _choice(RaidStatus)) or RaidStatus.OPEN,
    }
    for axis in ("likelihood", "consequence"):
        current = values[f"current_{axis}"] = row.read(f"current_{axis}", _score, required=True)
        for kind in ("inherent", "target"):
            values[f"{kind}_{axis}"] = row.read(f"{kind}_{axis}", _score) or current
    values["target_on"] = values["target_on"] or values["review_on"]
    if not values["holders"] and values["owner"]:
        values["holders"] = {values["owner"].organisation}
    if level == RiskLevel.PROJECT and not project and row.ok:
        row.problem("a project risk names its project")
    if level == RiskLevel.WORKSTREAM and not workstream and row.ok:
        row.problem("a workstream risk names its workstream")
    return values


def _default_level(project, workstream) -> RiskLevel:
    if project:
        return RiskLevel.PROJECT
    return RiskLevel.WORKSTREAM if workstream else RiskLevel.PROGRAMME


def _update_risk(row: _Row, risk, values: dict, register: _Register, plan: _Plan, by) -> None:
    """An existing risk: only its current score and review date move, as a reassessment."""
    if risk.programme_id != register.programme.pk:
        row.problem(f"{risk.reference} is a risk of another programme")
        return
    wanted = {name: value for name, value in values.items() if name not in REASSESSED}
    _refuse_differences(
        row, f"The risk {risk.reference}", wanted,
        lambda name: set(risk.holders.all()) if name == "holders" else getattr(risk, name),
    )  # fmt: skip
    if not row.ok:
        return
    if all(values[name] == getattr(risk, name) for name in REASSESSED):
        plan.add(row.line)
        return
    plan.add(row.line, partial(
        services.reassess_risk, risk=risk, likelihood=values["current_likelihood"],
        consequence=values["current_consequence"], review_on=values["review_on"],
        note=f"Reassessed by the import of {plan.file_name}.", by=by,
    ))  # fmt: skip


PLANNERS = {"projects": _plan_projects, "milestones": _plan_milestones, "risks": _plan_risks}


# The import -----------------------------------------------------------------------------------


def import_programme_file(*, programme: Programme, kind: str, file, by=None) -> ImportResult:
    """Import projects, milestones or risks into the programme from a CSV or XLSX file (a path
    or a file object), all or nothing: any problem refuses the whole file, naming every bad
    row by its line, and nothing is written. `by` is the importing user."""
    if kind not in KINDS:
        _refuse([f"An import is of {', '.join(KINDS)}, not “{kind}”."])
    name, data = _bytes_of(file)
    sheet = _sheet(kind, _table(data))
    plan = _Plan(ImportResult(kind), file_name=name)
    PLANNERS[kind](sheet, _Register(programme, sheet.rows), plan, by)
    if plan.problems:
        _refuse(plan.problems)
    _write(programme, plan, by)
    return plan.result


@transaction.atomic
def _write(programme: Programme, plan: _Plan, by) -> None:
    for line, step in plan.steps:
        try:
            step()
        except ValidationError as error:
            raise ValidationError([f"Line {line}: {m}" for m in error.messages]) from None
    if plan.steps:
        audit.record(
            action="programme.imported", by=by, obj=programme,
            data={"kind": plan.result.kind, "file": plan.file_name,
                  "created": plan.result.created, "updated": plan.result.updated},
        )  # fmt: skip
