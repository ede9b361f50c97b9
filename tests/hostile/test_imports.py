"""Hostile imports, generated: files of figures mixing good rows with bad ones of every kind,
as CSV and as XLSX, and files of arbitrary bytes. Each file is refused whole, naming every bad
line and no good one, or imported exactly; nothing is ever half-stored, and nothing but a
refusal is raised (through the browser: a 400, never a 500)."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.outcomes import services
from joinedup.outcomes.models import ImportBatch, Observation
from joinedup.programme.importing import import_programme_file
from joinedup.programme.models import Milestone, Project, Risk
from tests.hostile import documents
from tests.hostile.conftest import BOUNDED
from tests.programme import factories as programme_factories

pytestmark = pytest.mark.django_db
HEADER = ("code", "period", "num", "den")
MONTHS = [f"{m} {y}" for y in (2020, 2021, 2022, 2023) for m in ("Jan", "Apr", "Jul", "Oct")]
# Cell text with no control characters (a NUL makes the whole file "not text", named by no line).
TEXT = st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=30)


def _bad_row(kind: str, junk: str, index: int) -> tuple:
    """A row that is wrong in one way; its period (in 2000-2019) is one no good row uses."""
    period = f"{MONTHS[index % 4].split()[0]} {2000 + index // 4}"
    return {
        "number is words": ("A", period, f"x{junk}", "10"),
        "negative numerator": ("A", period, "-3", "10"),
        "numerator above denominator": ("B", period, "11", "10"),
        "period is words": ("A", f"x{junk}", "1", "10"),
        "month out of range": ("A", f"{2000 + index}-13", "1", "10"),
        "year zero": ("B", "Apr 0000", "1", "10"),
        "unknown subject": (f"Z{index}-{junk[:5]}", period, "1", "10"),
        "no subject": ("", period, "1", "10"),
        "too few fields": ("A", period, "1"),
        "formula": ("A", period, f'=HYPERLINK("{junk}")', "10"),
    }[kind]


BAD_KINDS = [
    "number is words", "negative numerator", "numerator above denominator", "period is words",
    "month out of range", "year zero", "unknown subject", "no subject", "too few fields",
    "formula",
]  # fmt: skip


@st.composite
def figure_files(draw):
    """(rows in file order, the line numbers of the bad rows, the good figures by key)."""
    keys = draw(
        st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(MONTHS)), min_size=1,
                 max_size=8, unique=True)
    )  # fmt: skip
    good = {}
    for key in keys:
        den = draw(st.integers(1, 10_000))
        good[key] = (draw(st.integers(0, den)), den)
    bad = [
        _bad_row(kind, junk, index)
        for index, (kind, junk) in enumerate(
            draw(st.lists(st.tuples(st.sampled_from(BAD_KINDS), TEXT), max_size=6))
        )
    ]
    rows = [(code, period, str(num), str(den)) for (code, period), (num, den) in good.items()]
    rows = draw(st.permutations(rows + bad))
    bad_lines = {line for line, row in enumerate(rows, 2) if row in bad}
    return rows, bad_lines, good


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([HEADER, *rows])
    return out.getvalue().encode()


def _xlsx(rows) -> bytes:
    return documents.xlsx([HEADER, *rows])


def _named_lines(refusal: ValidationError) -> set[int]:
    return {int(m[1]) for text in refusal.messages if (m := re.match(r"line (\d+):", text))}


def _stored_figures() -> dict:
    return {
        (o.subject.code, o.period_start.strftime("%b %Y")): (o.numerator, o.denominator)
        for o in Observation.objects.select_related("subject")
    }


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_generated_file_is_refused_naming_every_bad_line_or_imported_exactly(setting, kind):
    @BOUNDED
    @given(figure_files())
    def check(file):
        rows, bad_lines, good = file
        content = _csv(rows) if kind == "csv" else _xlsx(rows)
        with transaction.atomic():
            try:
                services.import_observations(
                    file=SimpleUploadedFile(f"figures.{kind}", content), mapping="test-mapping"
                )
                refusal = None
            except ValidationError as error:
                refusal = error
            stored, batches = _stored_figures(), ImportBatch.objects.count()
            transaction.set_rollback(True)
        if bad_lines:
            assert refusal is not None, "a file with bad lines was imported"
            assert _named_lines(refusal) == bad_lines, refusal.messages
            assert (stored, batches) == ({}, 0)
        else:
            assert refusal is None, refusal.messages
            assert stored == {key: (float(n), float(d)) for key, (n, d) in good.items()}
            assert batches == 1

    check()


def test_arbitrary_bytes_are_refused_or_imported_never_half_stored(setting):
    header = b"code,period,num,den\n"

    @BOUNDED
    @given(st.booleans(), st.binary(max_size=400))
    def check(with_header, junk):
        content = (header if with_header else b"") + junk
        with transaction.atomic():
            try:
                services.import_observations(file=io.BytesIO(content), mapping="test-mapping")
                refused = False
            except ValidationError as refusal:
                refused = True
                assert refusal.messages and all(m.strip() for m in refusal.messages)
            counts = (ImportBatch.objects.count(), Observation.objects.count())
            transaction.set_rollback(True)
        assert counts == ((0, 0) if refused else (1, counts[1]))

    check()


def test_a_generated_file_through_the_browser_is_a_400_or_a_redirect_never_a_500(analyst, setting):
    @settings(BOUNDED, max_examples=25)
    @given(figure_files())
    def check(file):
        rows, bad_lines, good = file
        with transaction.atomic():
            upload = SimpleUploadedFile("figures.csv", _csv(rows))
            response = analyst.client.post(
                "/imports/new/", {"file": upload, "mapping": "test-mapping"}
            )
            stored = Observation.objects.count()
            transaction.set_rollback(True)
        if bad_lines:
            assert response.status_code == 400
            assert response.context["form"].errors["file"]
            assert stored == 0
        else:
            assert response.status_code == 302
            assert stored == len(good)

    check()


def test_the_command_refuses_a_zip_bomb_and_a_workbook_with_macros(setting, tmp_path):
    for name, content in [
        ("bomb.xlsx", documents.zip_bomb(documents.xlsx(), "xl/worksheets/sheet2.xml")),
        ("macros.xlsx", documents.xlsm()),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        err = io.StringIO()
        with pytest.raises(CommandError, match="refused"):
            call_command("import_observations", str(path), "--mapping", "test-mapping", stderr=err)
        assert "zip bomb" in err.getvalue() or "macros" in err.getvalue()
    assert (ImportBatch.objects.count(), Observation.objects.count()) == (0, 0)


# The programme's import of projects, milestones and risks ---------------------------------------


@pytest.fixture
def programme(db):
    return programme_factories.programme()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (documents.zip_bomb(documents.xlsx(), "xl/worksheets/sheet2.xml"), "zip bomb"),
        (documents.xlsm(), "macros"),
        (documents.docx(), "neither CSV nor XLSX"),
        (documents.EXE, "neither CSV nor XLSX"),
    ],
    ids=["zip bomb", "macros", "a Word document", "an executable"],
)
def test_the_programme_import_refuses_hostile_files(programme, content, says):
    with pytest.raises(ValidationError) as refusal:
        import_programme_file(programme=programme, kind="projects", file=io.BytesIO(content))
    assert says in " ".join(refusal.value.messages)
    assert (Project.objects.count(), Milestone.objects.count(), Risk.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize("kind", ["projects", "milestones", "risks"])
def test_the_programme_import_refuses_arbitrary_bytes_and_writes_nothing(programme, kind):
    @BOUNDED
    @given(st.binary(max_size=400))
    def check(junk):
        with pytest.raises(ValidationError) as refusal:
            import_programme_file(programme=programme, kind=kind, file=io.BytesIO(junk))
        assert all(m.strip() for m in refusal.value.messages)
        assert (Project.objects.count(), Milestone.objects.count(), Risk.objects.count()) == (
            0, 0, 0,
        )  # fmt: skip

    check()
