"""Importing figures from CSV and XLSX files: the whole file checked first, every problem named
by line and nothing written; then every row loaded once, and a second import changing nothing."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.core.models import AuditEntry
from joinedup.outcomes import periods, queries, services
from joinedup.outcomes.choices import SubjectKind, ValueType
from joinedup.outcomes.models import ImportBatch, ImportMapping, Observation, Plan, Subject
from tests.outcomes import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parents[2] / "src" / "joinedup" / "outcomes" / "data"
GOOD = [("A", "Apr 2022", 90, 100), ("B", "Apr 2022", 45, 50), ("A", "May 2022", 80, 100)]


def _counts():
    return (
        Observation.objects.count(),
        Plan.objects.count(),
        ImportBatch.objects.count(),
        Subject.objects.count(),
        AuditEntry.objects.count(),
    )


def _refused(file, mapping="test-mapping", **options) -> list[str]:
    """Import, expecting a refusal that changes nothing; return the problems."""
    before = _counts()
    with pytest.raises(ValidationError) as refusal:
        services.import_observations(file=file, mapping=mapping, **options)
    assert _counts() == before
    return refusal.value.messages


def _import(file, mapping="test-mapping", **options):
    return services.import_observations(file=file, mapping=mapping, **options)


def test_it_loads_every_row_with_its_value_computed_from_numerator_and_denominator(
    setting, tmp_path
):
    result = _import(factories.csv_file(tmp_path, GOOD))
    assert (result.rows_read, result.new, result.changed, result.unchanged) == (3, 3, 0, 0)
    figure = Observation.objects.get(subject=setting.b, period_start=date(2022, 4, 1))
    assert (figure.numerator, figure.denominator, figure.value) == (45, 50, 90.0)
    assert figure.period_type == "month" and figure.period_end == date(2022, 4, 30)
    assert figure.batch == result.batch and not figure.synthetic


def test_it_records_one_batch_and_one_audit_entry_per_import_not_per_row(setting, tmp_path):
    audit_before = AuditEntry.objects.count()
    result = _import(factories.csv_file(tmp_path, GOOD))
    batch = ImportBatch.objects.get()
    assert batch == result.batch
    assert (batch.file_name, batch.rows_read, batch.figures_new) == ("figures.csv", 3, 3)
    assert batch.mapping == setting.mapping and batch.mapping_spec == setting.mapping.spec
    assert len(batch.sha256) == 64 and batch.finished_at is not None
    assert AuditEntry.objects.count() == audit_before + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == "observations.imported" and entry.object_id == str(batch.pk)


def test_reimporting_the_same_file_changes_nothing(setting, tmp_path):
    path = factories.csv_file(tmp_path, GOOD)
    first = _import(path)
    values = list(Observation.objects.values_list("id", "value", "batch_id"))
    again = _import(path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    assert again.imported_before and not first.imported_before
    assert "0 new, 0 changed, 3 unchanged" in again.summary()
    assert list(Observation.objects.values_list("id", "value", "batch_id")) == values


def test_a_corrected_file_changes_only_the_figures_that_differ(setting, tmp_path):
    _import(factories.csv_file(tmp_path, GOOD))
    corrected = [*GOOD[:2], ("A", "May 2022", 85, 100), ("B", "May 2022", 40, 50)]
    result = _import(factories.csv_file(tmp_path, corrected, name="corrected.csv"))
    assert (result.new, result.changed, result.unchanged) == (1, 1, 2)
    figure = Observation.objects.get(subject=setting.a, period_start=date(2022, 5, 1))
    assert figure.value == 85.0 and figure.batch == result.batch


def test_it_imports_an_xlsx_workbook_with_real_dates_and_numbers(setting, tmp_path):
    rows = [("A", date(2022, 4, 1), 90, 100), ("B", "Apr-22", 45.0, 50)]
    result = _import(factories.xlsx_file(tmp_path, rows))
    assert (result.rows_read, result.new) == (2, 2)
    assert set(Observation.objects.values_list("value", flat=True)) == {90.0}


def test_it_reads_a_file_object_such_as_an_upload(setting):
    upload = SimpleUploadedFile("upload.csv", factories.csv_bytes(GOOD), "text/csv")
    result = _import(upload)
    assert result.new == 3 and result.batch.file_name == "upload.csv"


def test_it_tells_a_file_by_its_content_not_its_name(setting, tmp_path):
    path = tmp_path / "really-a-csv.xlsx"
    path.write_bytes(factories.csv_bytes(GOOD))
    assert _import(path).new == 3


def test_it_rejects_a_file_with_a_numerator_above_its_denominator(setting, tmp_path):
    problems = _refused(factories.csv_file(tmp_path, [*GOOD, ("B", "May 2022", 60, 50)]))
    assert problems == [
        "line 5: the numerator of IND, 60, is above its denominator, 50: a proportion cannot be"
    ]


def test_it_rejects_a_file_with_non_numeric_values(setting, tmp_path):
    rows = [("A", "Apr 2022", "ninety", 100), ("B", "Apr 2022", 45, "5O")]
    problems = _refused(factories.csv_file(tmp_path, rows))
    assert problems == [
        "line 2: 'ninety' in column 'num' is not a number",
        "line 3: '5O' in column 'den' is not a number",
    ]


def test_it_rejects_negative_counts(setting, tmp_path):
    count = factories.indicator("CNT", value_type=ValueType.COUNT)
    factories.mapping("counts", indicator=count.code, numerator=None, denominator=None,
                      value="num")  # fmt: skip
    rows = [("A", "Apr 2022", -3, ""), ("B", "Apr 2022", 4, "")]
    assert _refused(factories.csv_file(tmp_path, rows), "counts") == [
        "line 2: the value of CNT is negative, -3: a count cannot be"
    ]
    problems = _refused(factories.csv_file(tmp_path, [("A", "Apr 2022", -3, 10)]))
    assert problems == ["line 2: the numerator of IND (num) is negative: -3"]


def test_it_rejects_unknown_and_unreadable_periods(setting, tmp_path):
    rows = [("A", "Smarch 2022", 1, 2), ("B", "2022/23", 1, 2), ("A", "", 1, 2)]
    assert _refused(factories.csv_file(tmp_path, rows)) == [
        "line 2: 'smarch 2022' names no month",
        "line 3: '2022/23' is a financial year, not a month",
        "line 4: no period in column 'period'",
    ]


def test_it_rejects_duplicate_keys_within_the_file(setting, tmp_path):
    rows = [*GOOD, ("B", "2022-04-01", 1, 2)]
    assert _refused(factories.csv_file(tmp_path, rows)) == [
        "line 5: a second figure for IND, subject 'B', Apr 2022 (the first is on line 3)"
    ]


def test_it_rejects_an_empty_file_and_a_file_with_only_a_header(setting, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _refused(empty) == ["the file is empty"]
    assert _refused(factories.csv_file(tmp_path, [])) == ["the file has a header but no rows"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither CSV nor XLSX: it is not text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel (.xls) workbook"),
        (b"code,period\n\xff\xfe caf\xe9\n", "it is not UTF-8 text"),
    ],
)
def test_it_rejects_a_file_that_is_neither_csv_nor_xlsx(setting, tmp_path, content, problem):
    path = tmp_path / "figures.csv"
    path.write_bytes(content)
    assert problem in _refused(path)[0]


def test_it_rejects_a_zip_archive_that_is_not_a_workbook(setting, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("figures.csv", factories.csv_bytes(GOOD))
    path = tmp_path / "figures.xlsx"
    path.write_bytes(buffer.getvalue())
    assert _refused(path) == ["the file is neither CSV nor XLSX: it is a ZIP archive"]


class _Huge(io.BytesIO):
    """A file object that says it is large and must not be read."""

    size = 300 * 1024 * 1024
    name = "huge.csv"

    def read(self, *args):
        raise AssertionError("the file was read before its size was checked")


def test_it_rejects_a_file_over_the_size_limit_before_reading_it(setting, settings, tmp_path):
    assert _refused(_Huge()) == ["the file is 300.0 MB, over the limit of 200.0 MB"]
    settings.JOINEDUP_IMPORT_MAX_BYTES = 50
    assert _refused(factories.csv_file(tmp_path, GOOD)) == [
        "the file is 0.0 MB, over the limit of 0.0 MB"
    ]


def test_it_names_every_problem_of_every_line_at_once(setting, tmp_path):
    rows = [
        ("A", "Apr 2022", 90, 100),
        ("B", "Apr 2022", 60, 50),
        ("C", "Apr 2022", 1, 2),
        ("A", "someday", 1, 2),
        ("A", "May 2022", "x", 2),
        ("A", "Apr 2022", 1, 2),
    ]
    assert _refused(factories.csv_file(tmp_path, rows)) == [
        "line 3: the numerator of IND, 60, is above its denominator, 50: a proportion cannot be",
        "line 4: 'C' in column 'code' is not the code of a known subject (import with "
        "--create-subjects to create it as an area)",
        "line 5: cannot read 'someday' as a period",
        "line 6: 'x' in column 'num' is not a number",
        "line 7: a second figure for IND, subject 'A', Apr 2022 (the first is on line 2)",
    ]


def test_past_a_thousand_problems_it_lists_the_first_and_counts_the_rest(
    setting, tmp_path, monkeypatch
):
    from joinedup.outcomes import importing

    monkeypatch.setattr(importing, "MAX_PROBLEMS", 3)
    rows = [("A", f"{2000 + n}-04", 3, 2) for n in range(5)]
    problems = _refused(factories.csv_file(tmp_path, rows))
    assert [p.split(":")[0] for p in problems[:3]] == ["line 2", "line 3", "line 4"]
    assert problems[3] == "… and 2 more problems (the first 3 are listed)"


def test_it_imports_an_uploaded_workbook(setting, tmp_path):
    path = factories.xlsx_file(tmp_path, GOOD)
    upload = SimpleUploadedFile("figures.xlsx", path.read_bytes())
    assert _import(upload).new == 3


def test_it_lists_unknown_subjects_and_creates_them_as_areas_when_asked(setting, tmp_path):
    rows = [*GOOD, ("NEW1", "Apr 2022", 1, 2), ("NEW2", "Apr 2022", 1, 2)]
    problems = _refused(factories.csv_file(tmp_path, rows))
    assert [p.split(":")[0] for p in problems] == ["line 5", "line 6"]
    assert "'NEW1' in column 'code' is not the code of a known subject" in problems[0]
    result = _import(factories.csv_file(tmp_path, rows), create_subjects=True)
    assert result.subjects_created == ("NEW1", "NEW2") and result.new == 5
    created = Subject.objects.get(code="NEW1")
    assert (created.kind, created.parent, created.name) == (SubjectKind.AREA, None, "NEW1")
    assert result.batch.subjects_created == ["NEW1", "NEW2"]


def test_a_mapping_can_create_unknown_subjects_under_a_parent_with_their_names(setting, tmp_path):
    factories.mapping(
        "named",
        subject={"column": "code", "name_column": "name", "create_as": "provider",
                 "parent": "SYS", "create_unknown": True},
    )  # fmt: skip
    header = ("code", "name", "period", "num", "den")
    path = factories.csv_file(tmp_path, [("RX1", "Royal Example", "Apr 2022", 1, 2)], header)
    _import(path, "named")
    created = Subject.objects.get(code="RX1")
    assert (created.name, created.kind, created.parent) == (
        "Royal Example", SubjectKind.PROVIDER, setting.system
    )  # fmt: skip


def test_it_rejects_a_file_that_lacks_a_column_the_mapping_reads(setting, tmp_path):
    path = factories.csv_file(tmp_path, [("A", "Apr 2022", 1)], ("code", "period", "num"))
    assert _refused(path) == [
        "the file has no column 'den' (its columns are 'code', 'period', 'num')"
    ]


def test_it_rejects_rows_with_too_few_fields(setting, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("code,period,num,den\nA,Apr 2022,1,2\nB,Apr 2022,1\n")
    assert _refused(path) == ["line 3: it has 3 fields, but the header has 4"]


@pytest.mark.parametrize(
    ("content", "plain"),
    [
        (b"code,period,num,den\nA,Apr 2022,90,100\n\nB,Apr 2022,45\n,,,\nB,May 2022,1,2,,\n", True),
        (b'code,period,num,den\n"A","Apr 2022",90,100\n\nB,Apr 2022,45\n,,,\nB,May 2022,1,2,,\n',
         False),
        (b"code,period,num,den\r\nA,Apr 2022,90,100\r\n\r\nB,Apr 2022,45\r\n,,,\r\n"
         b"B,May 2022,1,2,,", True),
        (b"\xef\xbb\xbfcode,period,num,den\nA,Apr 2022,90,100\n\nB,Apr 2022,45\n,,,\n"
         b"B,May 2022,1,2,,\n", True),
    ],
)  # fmt: skip
def test_plain_and_quoted_csv_files_read_the_same_rows_on_the_same_lines(
    setting, tmp_path, content, plain
):
    from joinedup.outcomes.importing.reading import open_import_file

    path = tmp_path / "figures.csv"
    path.write_bytes(content)
    assert open_import_file(path, max_bytes=1000).plain is plain
    assert _refused(path) == ["line 4: it has 3 fields, but the header has 4"]
    path.write_bytes(content.replace(b"B,Apr 2022,45", b"B,Apr 2022,45,50"))
    assert _import(path).new == 3


def test_a_quoted_field_over_two_lines_keeps_the_line_numbers_right(setting, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text('code,period,num,den\nA,"Apr\n2022",1,2\nB,Apr 2022,3,2\n')
    assert _refused(path) == [
        "line 4: the numerator of IND, 3, is above its denominator, 2: a proportion cannot be"
    ]


def test_it_rejects_missing_values_unless_the_mapping_skips_them(setting, tmp_path):
    rows = [("A", "Apr 2022", 90, 100), ("B", "Apr 2022", "", 50), ("A", "May 2022", "NA", 1)]
    path = factories.csv_file(tmp_path, rows)
    problems = _refused(path)
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4"]
    assert "no value in column 'num' for IND" in problems[0]
    factories.mapping("skipping", missing="skip")
    result = _import(path, "skipping")
    assert (result.new, result.rows_skipped) == (1, 2)


def test_a_measure_filter_keeps_only_its_rows(setting, tmp_path):
    factories.mapping("only-type-1", measures=[
        {"indicator": "IND", "numerator": "num", "denominator": "den", "filter": "type = 1"}
    ], indicator=None, numerator=None, denominator=None)  # fmt: skip
    header = ("code", "period", "type", "num", "den")
    rows = [("A", "Apr 2022", "1", 9, 10), ("A", "Apr 2022", "other", 1, 10)]
    result = _import(factories.csv_file(tmp_path, rows, header), "only-type-1")
    assert (result.new, result.rows_skipped) == (1, 1)
    assert Observation.objects.get().value == 90.0


def test_sum_rows_adds_numerators_and_denominators_never_averages_values(setting, tmp_path):
    factories.mapping("summed", measures=[
        {"indicator": "IND", "numerator": "num", "denominator": "den", "sum_rows": True}
    ], indicator=None, numerator=None, denominator=None)  # fmt: skip
    rows = [("A", "Apr 2022", 1, 10), ("A", "Apr 2022", 90, 90)]
    _import(factories.csv_file(tmp_path, rows), "summed")
    figure = Observation.objects.get()
    assert (figure.numerator, figure.denominator, figure.value) == (91, 100, 91.0)


def test_arithmetic_between_columns_gives_the_numerator(setting, tmp_path):
    factories.mapping("arithmetic", numerator="attendances - breaches", denominator="attendances")
    header = ("code", "period", "attendances", "breaches")
    _import(factories.csv_file(tmp_path, [("A", "Apr 2022", 200, 30)], header), "arithmetic")
    assert Observation.objects.get().numerator == 170


def test_the_indicator_can_come_from_a_column(setting, tmp_path):
    other = factories.indicator("OTHER", value_type=ValueType.RATE, multiplier=1000)
    factories.mapping("by-column", indicator={"column": "indicator"})
    header = ("indicator", "code", "period", "num", "den")
    rows = [("IND", "A", "Apr 2022", 1, 2), ("OTHER", "A", "Apr 2022", 3, 4000),
            ("NOPE", "A", "Apr 2022", 1, 2)]  # fmt: skip
    path = factories.csv_file(tmp_path, rows, header)
    assert _refused(path, "by-column") == [
        "line 4: 'NOPE' in column 'indicator' is not the code of an indicator"
    ]
    _import(factories.csv_file(tmp_path, rows[:2], header), "by-column")
    assert Observation.objects.get(indicator=other).value == 0.75


def test_a_mapping_can_load_plans_and_mark_figures_synthetic(setting, tmp_path):
    factories.mapping("plans", into="plans", synthetic=True, source="Trajectory 2022")
    result = _import(factories.csv_file(tmp_path, GOOD), "plans")
    assert result.new == 3 and not Observation.objects.exists()
    plan = Plan.objects.get(subject=setting.b)
    assert (plan.value, plan.synthetic, plan.source) == (90.0, True, "Trajectory 2022")
    assert AuditEntry.objects.latest("seq").action == "plans.imported"


def test_saving_a_mapping_refuses_a_spec_that_cannot_work(setting):
    before = (ImportMapping.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refusal:
        services.save_import_mapping(
            name="broken",
            spec={
                "subject": {"column": "code", "create_as": "castle"},
                "period": {"column": "period", "type": "fortnight"},
                "measures": [
                    {"indicator": "NOPE", "numerator": "a ** 2"},
                    {"indicator": "IND", "denominator": "d", "filter": "import os"},
                    {"numerator": "n"},
                ],
                "missing": "ignore",
                "colour": "blue",
            },
        )
    assert refusal.value.messages == [
        "the spec has an unknown key 'colour'",
        "the period type should be one of week, month, quarter, financial_year, "
        "calendar_year, not 'fortnight'",
        "subjects can be created as nation, region, system, place, neighbourhood, provider, "
        "area, not 'castle'",
        "measure 1's numerator: 'a ** 2' may use only column names, numbers, + - * / and "
        "parentheses",
        "measure 2's filter: it is not a well-formed expression",
        "measure 2 needs a numerator or a value",
        "measure 2 has a denominator without a numerator",
        'measure 3 needs an indicator: its code, or {"column": …}',
        "'missing' should be one of reject, skip, not 'ignore'",
    ]
    with pytest.raises(ValidationError, match="names an indicator 'NOPE' that does not exist"):
        factories.mapping("unknown-indicator", indicator="NOPE")
    assert (ImportMapping.objects.count(), AuditEntry.objects.count()) == before


def test_the_command_prints_a_summary(setting, tmp_path, capsys):
    call_command("import_observations", str(factories.csv_file(tmp_path, GOOD)),
                 "--mapping", "test-mapping")  # fmt: skip
    assert "3 rows read; 3 new, 0 changed, 0 unchanged observations" in capsys.readouterr().out


def test_the_command_fails_naming_every_problem_and_changes_nothing(setting, tmp_path, capsys):
    rows = [("A", "Apr 2022", 60, 50), ("NEW", "Apr 2022", 1, 2)]
    before = _counts()
    with pytest.raises(CommandError, match="refused"):
        call_command("import_observations", str(factories.csv_file(tmp_path, rows)),
                     "--mapping", "test-mapping")  # fmt: skip
    err = capsys.readouterr().err
    assert "2 problem(s), nothing changed" in err
    assert "line 2: the numerator of IND, 60" in err and "line 3: 'NEW'" in err
    assert _counts() == before
    call_command("import_observations", str(factories.csv_file(tmp_path, rows[1:])),
                 "--mapping", "test-mapping", "--create-subjects")  # fmt: skip
    assert Subject.objects.filter(code="NEW").exists()


def test_the_command_names_the_saved_mappings_when_the_mapping_is_unknown(setting, tmp_path):
    with pytest.raises(CommandError, match="no import mapping 'nope' .*test-mapping"):
        call_command("import_observations", "x.csv", "--mapping", "nope")


def test_the_standard_mappings_and_their_indicators_are_created_once(db):
    first = services.ensure_standard_mappings()
    entries = AuditEntry.objects.count()
    again = services.ensure_standard_mappings()
    assert [m.name for m in first] == ["ae-four-hour", "ae-icb", "ae-trust", "bed-occupancy"]
    assert first == again and AuditEntry.objects.count() == entries


REAL_AE = DATA / "ae_attendances.csv"


@pytest.mark.skipif(not REAL_AE.exists(), reason=f"the real A&E data is not at {REAL_AE}")
def test_the_real_ae_file_loads_every_row_and_gives_englands_four_hour_performance(db, capsys):
    services.ensure_standard_mappings()
    call_command("import_observations", str(REAL_AE), "--mapping", "ae-four-hour")
    assert "12,765 rows read; 21,528 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    batch = ImportBatch.objects.get()
    assert (batch.rows_read, batch.rows_skipped) == (12_765, 0)
    # Every (provider, month) of the file has an all-types figure, and each type 1 row one.
    assert Observation.objects.filter(indicator__code="AE-4H-ALL").count() == 8_298
    assert Observation.objects.filter(indicator__code="AE-4H-T1").count() == 4_932
    # England, type 1, March 2017, summed by hand (awk) from the file's 139 type 1 rows of that
    # month: attendances 1,309,507, breaches 195,626, so (1,309,507 − 195,626) / 1,309,507.
    england = Subject.objects.get(code="E92000001")
    march = periods.parse_period("2017-03-01", "month")
    type_1 = queries.aggregate_members(
        services_indicator("AE-4H-T1"), england, period_type="month", since=march.start,
        until=march.start,
    )  # fmt: skip
    assert len(type_1) == 1
    assert (type_1[0].numerator, type_1[0].denominator) == (1_113_881, 1_309_507)
    assert (type_1[0].members, round(type_1[0].value, 2)) == (139, 85.06)
    call_command("import_observations", str(REAL_AE), "--mapping", "ae-four-hour")
    assert "0 new, 0 changed, 21,528 unchanged" in capsys.readouterr().out


def services_indicator(code):
    from joinedup.outcomes.models import Indicator

    return Indicator.objects.get(code=code)


def test_a_first_import_inserts_every_figure_with_its_batch_and_source(setting, tmp_path):
    # The first import of an indicator takes the fast path (no figure to compare with).
    result = _import(factories.csv_file(tmp_path, GOOD))
    figures = Observation.objects.filter(indicator=setting.indicator)
    assert (result.new, result.changed, result.unchanged) == (3, 0, 0)
    assert {(f.batch_id, f.source, f.synthetic) for f in figures} == {
        (result.batch.pk, result.batch.mapping_spec.get("source", ""), False)
    }
    assert len({f.pk for f in figures}) == 3


def test_after_a_first_import_the_next_compares_and_counts_changes(setting, tmp_path):
    _import(factories.csv_file(tmp_path, GOOD))
    corrected = [("A", "Apr 2022", 91, 100), *GOOD[1:], ("B", "May 2022", 40, 50)]
    result = _import(factories.csv_file(tmp_path, corrected, name="corrected.csv"))
    assert (result.new, result.changed, result.unchanged) == (1, 1, 2)


def test_a_file_too_large_to_keep_is_read_again_with_the_same_figures(
    setting, tmp_path, monkeypatch
):
    from joinedup.outcomes import importing

    kept = _import(factories.csv_file(tmp_path, GOOD))
    first = sorted(Observation.objects.values_list("subject__code", "period_start", "value"))
    Observation.objects.all().delete()
    monkeypatch.setattr(importing, "KEEP_BYTES", 0)  # nothing kept: the file is read again
    again = _import(factories.csv_file(tmp_path, GOOD, name="again.csv"))
    assert (kept.new, again.new) == (3, 3)
    assert (
        sorted(Observation.objects.values_list("subject__code", "period_start", "value")) == first
    )
