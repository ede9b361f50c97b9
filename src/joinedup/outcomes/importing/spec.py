"""The spec of a saved import mapping: how to read figures from a file's columns.

A spec is JSON. Every key but `subject`, `period` and the measures is optional::

    {
      "subject": {"column": "org_code",          # or just "org_code"
                  "name_column": "org_name",     # names for subjects created by the import
                  "create_as": "provider",       # their kind (default "area")
                  "parent": "E92000001",         # their parent's code
                  "create_unknown": true},       # create unknown codes without being asked
      "period": {"column": "period",             # or just "period"
                 "type": "month"},               # else read from the text (a day needs it)
      "filter": "type != 'total'",               # rows every measure reads
      "measures": [
        {"indicator": "AE4H-T1",                 # or {"column": "indicator_code"}
         "numerator": "attendances - breaches",  # arithmetic over columns: + - * / ( )
         "denominator": "attendances",
         "filter": "type = 1"},                  # rows this measure reads
        {"indicator": "AE-ATT", "value": "attendances",
         "sum_rows": true}                       # add up rows with the same key
      ],
      "missing": "reject",                       # or "skip": leave out a row with an empty value
      "into": "observations",                    # or "plans"
      "synthetic": false,                        # figures generated, not measured
      "source": "NHS England A&E statistics",
      "sheet": "Data",                           # XLSX: the worksheet (default: the first)
      "delimiter": ","                           # CSV
    }

With one measure, its keys (`indicator`, `numerator`, `denominator`, `value`) may stand at the
top level instead of `measures`. A measure gives a numerator (with a denominator, or alone as a
count), or a value. Without `sum_rows`, two rows with the same indicator, subject and period
are a mistake in the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .. import periods
from ..choices import ImportTarget, SubjectKind
from .expressions import Arithmetic, Condition, ExpressionError, parse_arithmetic, parse_condition

TOP_KEYS = {
    "subject", "period", "filter", "measures", "missing", "into", "synthetic", "source", "sheet",
    "delimiter", "indicator", "numerator", "denominator", "value", "description",
}  # fmt: skip
MEASURE_KEYS = {"indicator", "numerator", "denominator", "value", "filter", "sum_rows"}
SUBJECT_KEYS = {"column", "name_column", "create_as", "parent", "create_unknown"}
PERIOD_KEYS = {"column", "type"}
MISSING = ("reject", "skip")
# An import creates areas; a partner organisation becomes a subject through the services.
CREATABLE = [kind for kind in SubjectKind.values if kind != SubjectKind.ORGANISATION]


@dataclass(frozen=True)
class Measure:
    """One figure that each row gives: for an indicator, its numerator, denominator or value."""

    indicator_code: str | None
    indicator_column: str | None
    numerator: Arithmetic | None
    denominator: Arithmetic | None
    value: Arithmetic | None
    filter: Condition | None
    sum_rows: bool

    @property
    def label(self) -> str:
        return self.indicator_code or f"the indicator in column '{self.indicator_column}'"

    @property
    def columns(self) -> tuple[str, ...]:
        parts = (self.numerator, self.denominator, self.value, self.filter)
        found = [c for part in parts if part is not None for c in part.columns]
        if self.indicator_column:
            found.append(self.indicator_column)
        return tuple(dict.fromkeys(found))

    @property
    def number_columns(self) -> tuple[str, ...]:
        parts = (self.numerator, self.denominator, self.value)
        return tuple(dict.fromkeys(c for p in parts if p is not None for c in p.columns))


@dataclass(frozen=True)
class MappingSpec:
    """A validated spec, ready to read a file with."""

    subject_column: str
    subject_name_column: str | None
    create_as: str
    parent_code: str | None
    create_unknown: bool
    period_column: str
    period_type: str | None
    filter: Condition | None
    measures: tuple[Measure, ...]
    missing: str
    into: str
    synthetic: bool
    source: str
    sheet: str | None
    delimiter: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the file must have."""
        found = [self.subject_column, self.period_column]
        if self.subject_name_column:
            found.append(self.subject_name_column)
        if self.filter is not None:
            found.extend(self.filter.columns)
        for measure in self.measures:
            found.extend(measure.columns)
        return tuple(dict.fromkeys(found))

    @property
    def fixed_indicator_codes(self) -> set[str]:
        return {m.indicator_code for m in self.measures if m.indicator_code}


class _Problems(list):
    def expression(self, where: str, text, parse):
        if text is None:
            return None
        try:
            return parse(text)
        except ExpressionError as error:
            self.append(f"{where}: {error}")
            return None


def _column_of(value, where: str, problems: list, keys: set) -> dict:
    """A `{"column": …}` object, written either in full or as the column's name alone."""
    if isinstance(value, str):
        value = {"column": value}
    if not isinstance(value, dict):
        problems.append(f"{where} should be a column name or an object with a 'column'")
        return {}
    for key in sorted(set(value) - keys):
        problems.append(f"{where} has an unknown key '{key}'")
    if not isinstance(value.get("column"), str) or not value.get("column", "").strip():
        problems.append(f"{where} needs the name of a column")
    return value


def _measure(raw, where: str, problems: _Problems) -> Measure | None:
    if not isinstance(raw, dict):
        problems.append(f"{where} should be an object")
        return None
    for key in sorted(set(raw) - MEASURE_KEYS):
        problems.append(f"{where} has an unknown key '{key}'")
    indicator = raw.get("indicator")
    code = column = None
    if isinstance(indicator, str) and indicator.strip():
        code = indicator.strip()
    elif isinstance(indicator, dict):
        column = _column_of(indicator, f"{where}'s indicator", problems, {"column"}).get("column")
    else:
        problems.append(f'{where} needs an indicator: its code, or {{"column": …}}')
    numerator = problems.expression(f"{where}'s numerator", raw.get("numerator"), parse_arithmetic)
    denominator = problems.expression(
        f"{where}'s denominator", raw.get("denominator"), parse_arithmetic
    )
    value = problems.expression(f"{where}'s value", raw.get("value"), parse_arithmetic)
    condition = problems.expression(f"{where}'s filter", raw.get("filter"), parse_condition)
    given = {k for k in ("numerator", "denominator", "value") if raw.get(k) is not None}
    if not given & {"numerator", "value"}:
        problems.append(f"{where} needs a numerator or a value")
    if "denominator" in given and "numerator" not in given:
        problems.append(f"{where} has a denominator without a numerator")
    if not isinstance(raw.get("sum_rows", False), bool):
        problems.append(f"{where}'s sum_rows should be true or false")
    return Measure(
        code, column, numerator, denominator, value, condition, raw.get("sum_rows") is True
    )


def _choice(raw: dict, key: str, allowed, default, problems: list):
    value = raw.get(key, default)
    if value not in allowed:
        problems.append(f"'{key}' should be one of {', '.join(map(str, allowed))}, not {value!r}")
        return default
    return value


def parse_spec(raw) -> MappingSpec:
    """Check a spec and return it parsed; raise ValidationError naming every problem."""
    problems = _Problems()
    if not isinstance(raw, dict):
        raise ValidationError(["the mapping's spec should be a JSON object"])
    for key in sorted(set(raw) - TOP_KEYS):
        problems.append(f"the spec has an unknown key '{key}'")
    subject = _column_of(raw.get("subject"), "'subject'", problems, SUBJECT_KEYS)
    period = _column_of(raw.get("period"), "'period'", problems, PERIOD_KEYS)
    period_type = period.get("type")
    if period_type is not None and period_type not in periods.PERIOD_TYPES:
        problems.append(
            f"the period type should be one of {', '.join(periods.PERIOD_TYPES)}, not "
            f"{period_type!r}"
        )
    create_as = subject.get("create_as", SubjectKind.AREA)
    if create_as not in CREATABLE:
        problems.append(f"subjects can be created as {', '.join(CREATABLE)}, not {create_as!r}")
    if "measures" in raw and raw.keys() & {"indicator", "numerator", "denominator", "value"}:
        problems.append("give either 'measures' or one measure's keys at the top level, not both")
    raw_measures = raw.get("measures")
    if raw_measures is None:
        raw_measures = [{k: raw[k] for k in MEASURE_KEYS - {"filter"} if k in raw}]
    if not isinstance(raw_measures, list) or not raw_measures:
        problems.append("'measures' should be a list of at least one measure")
        raw_measures = []
    measures = [_measure(m, f"measure {i}", problems) for i, m in enumerate(raw_measures, 1)]
    condition = problems.expression("the filter", raw.get("filter"), parse_condition)
    delimiter = raw.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        problems.append("the delimiter should be one character")
    for key in ("synthetic",):
        if not isinstance(raw.get(key, False), bool):
            problems.append(f"'{key}' should be true or false")
    if not isinstance(subject.get("create_unknown", False), bool):
        problems.append("'create_unknown' should be true or false")
    for key, where in (
        ("source", raw),
        ("sheet", raw),
        ("parent", subject),
        ("name_column", subject),
    ):
        if where.get(key) is not None and not isinstance(where.get(key), str):
            problems.append(f"'{key}' should be text")
    missing = _choice(raw, "missing", MISSING, "reject", problems)
    into = _choice(raw, "into", ImportTarget.values, ImportTarget.OBSERVATIONS, problems)
    if problems:
        raise ValidationError(list(problems))
    return MappingSpec(
        subject_column=subject["column"].strip(),
        subject_name_column=subject.get("name_column"),
        create_as=create_as,
        parent_code=subject.get("parent"),
        create_unknown=subject.get("create_unknown", False),
        period_column=period["column"].strip(),
        period_type=period_type,
        filter=condition,
        measures=tuple(measures),
        missing=missing,
        into=into,
        synthetic=raw.get("synthetic", False),
        source=raw.get("source") or "",
        sheet=raw.get("sheet"),
        delimiter=delimiter,
    )
