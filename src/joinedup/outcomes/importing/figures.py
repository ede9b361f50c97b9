"""From a chunk of rows to figures, measure by measure: the filter, the indicator, the subject,
the period and the numbers, with every problem of every row found on the way.

The same code reads the file twice: to find problems, then to load. Problems are found with
whole-column operations; only the rows that have one are visited one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from .. import periods
from ..choices import NEVER_NEGATIVE, ValueType
from .reading import LINE
from .spec import MappingSpec, Measure

MISSING_MARKERS = ["", "NA", "N/A", "n/a", "na", "NULL", "null"]
SUBJECT, INDICATOR_ID, INDICATOR = "subject_code", "indicator_id", "__indicator"
PERIOD_TYPE, PERIOD_START, PERIOD_END = "period_type", "period_start", "period_end"
NUMBERS = ("numerator", "denominator", "value")
KEY = [INDICATOR, SUBJECT, PERIOD_TYPE, PERIOD_START]
MULTIPLIER, VALUE_TYPE, SUBJECT_NAME = "__multiplier", "__value_type", "__subject_name"
FIGURE_COLUMNS = [
    INDICATOR, INDICATOR_ID, SUBJECT, SUBJECT_NAME, PERIOD_TYPE, PERIOD_START, PERIOD_END,
    *NUMBERS, MULTIPLIER, LINE,
]  # fmt: skip


@dataclass(frozen=True)
class IndicatorInfo:
    """What reading figures needs to know of an indicator."""

    index: int
    id_hex: str
    code: str
    value_type: str
    multiplier: float


class Problems:
    """Every problem found, as (line, text), once each; past `limit`, only counted."""

    def __init__(self, limit: int):
        self.limit = limit
        self.found: set[tuple[int, str]] = set()
        self.more = 0

    def add(self, line: int, text: str) -> None:
        if len(self.found) < self.limit:
            self.found.add((line, text))
        elif (line, text) not in self.found:
            self.more += 1

    def add_rows(self, rows: pl.DataFrame, describe) -> None:
        """One problem for each row, described from the row (a dict of its columns)."""
        room = max(self.limit - len(self.found), 0)
        for row in rows.head(room).iter_rows(named=True):
            self.add(row[LINE], describe(row))
        self.more += max(rows.height - room, 0)

    def __bool__(self) -> bool:
        return bool(self.found) or self.more > 0

    def messages(self) -> list[str]:
        listed = [f"line {line}: {text}" if line else text for line, text in sorted(self.found)]
        if self.more:
            listed.append(
                f"… and {self.more:,} more problems (the first {self.limit:,} are listed)"
            )
        return listed


@dataclass
class Context:
    """What every chunk is read with: the spec, the indicators by code, and the periods read
    so far (text to period, or to the reason it is not one)."""

    spec: MappingSpec
    indicators: dict[str, IndicatorInfo]
    period_cache: dict[str, periods.Period | str] = field(default_factory=dict)

    @property
    def indicator_frame(self) -> pl.DataFrame:
        infos = list(self.indicators.values())
        return pl.DataFrame(
            {
                "__code": [i.code for i in infos],
                INDICATOR: pl.Series([i.index for i in infos], dtype=pl.UInt32),
                INDICATOR_ID: [i.id_hex for i in infos],
                VALUE_TYPE: [i.value_type for i in infos],
                MULTIPLIER: pl.Series([i.multiplier for i in infos], dtype=pl.Float64),
            },
            schema_overrides={"__code": pl.String, INDICATOR_ID: pl.String, VALUE_TYPE: pl.String},
        )


def normalise(chunk: pl.DataFrame) -> pl.DataFrame:
    """Each cell trimmed, and empty cells and markers of a missing value (NA, null) as null."""
    return chunk.with_columns(
        pl.when(pl.col(c).str.strip_chars().is_in(MISSING_MARKERS))
        .then(None)
        .otherwise(pl.col(c).str.strip_chars())
        .alias(c)
        for c in chunk.columns
        if c != LINE
    )


def _number(column: str) -> pl.Expr:
    """A column as a finite number, or null."""
    number = pl.col(column).cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number).otherwise(None)


def _fmt(value: float) -> str:
    return f"{value:,.10g}".replace(",", "")


def _with_indicator(rows: pl.DataFrame, measure: Measure, ctx: Context, problems):
    if measure.indicator_code is not None:
        info = ctx.indicators[measure.indicator_code]
        return rows.with_columns(
            pl.lit(info.index, dtype=pl.UInt32).alias(INDICATOR),
            pl.lit(info.id_hex).alias(INDICATOR_ID),
            pl.lit(info.value_type).alias(VALUE_TYPE),
            pl.lit(info.multiplier, dtype=pl.Float64).alias(MULTIPLIER),
        )
    column = measure.indicator_column
    joined = rows.join(ctx.indicator_frame, left_on=column, right_on="__code", how="left")
    if problems is not None:
        problems.add_rows(
            joined.filter(pl.col(INDICATOR).is_null()),
            lambda r: (
                f"no indicator in column '{column}'"
                if r[column] is None
                else f"'{r[column]}' in column '{column}' is not the code of an indicator"
            ),
        )
    return joined.filter(pl.col(INDICATOR).is_not_null())


def _with_period(rows: pl.DataFrame, ctx: Context, problems):
    column, wanted = ctx.spec.period_column, ctx.spec.period_type
    texts = rows.get_column(column).drop_nulls().unique().to_list()
    for text in texts:
        if text not in ctx.period_cache:
            try:
                ctx.period_cache[text] = periods.parse_period(text, wanted)
            except periods.PeriodError as error:
                ctx.period_cache[text] = str(error)
    found = {t: ctx.period_cache[t] for t in texts}
    good = {t: p for t, p in found.items() if isinstance(p, periods.Period)}
    table = pl.DataFrame(
        {
            column: list(good),
            PERIOD_TYPE: [p.type for p in good.values()],
            PERIOD_START: [p.start for p in good.values()],
            PERIOD_END: [p.end for p in good.values()],
        },
        schema={column: pl.String, PERIOD_TYPE: pl.String, PERIOD_START: pl.Date,
                PERIOD_END: pl.Date},
    )  # fmt: skip
    joined = rows.join(table, on=column, how="left")
    if problems is not None:
        problems.add_rows(
            joined.filter(pl.col(PERIOD_START).is_null()),
            lambda r: (
                f"no period in column '{column}'" if r[column] is None else str(found[r[column]])
            ),
        )
    return joined.filter(pl.col(PERIOD_START).is_not_null())


def _with_numbers(rows: pl.DataFrame, measure: Measure, ctx: Context, problems):
    """The measure's numerator, denominator and value, leaving out rows that lack one."""
    bad = pl.lit(False)
    for column in measure.number_columns:
        not_number = pl.col(column).is_not_null() & _number(column).is_null()
        if problems is not None:
            problems.add_rows(
                rows.filter(not_number),
                lambda r, c=column: f"'{r[c]}' in column '{c}' is not a number",
            )
        bad = bad | not_number
    missing = pl.any_horizontal(pl.col(c).is_null() for c in measure.number_columns)
    if problems is not None and ctx.spec.missing == "reject":
        problems.add_rows(
            rows.filter(missing),
            lambda r: (
                "no value in column "
                + ", ".join(f"'{c}'" for c in measure.number_columns if r[c] is None)
                + f' for {measure.label} (a mapping with "missing": "skip" leaves such rows out)'
            ),
        )
    rows = rows.filter(~(bad | missing))
    numerator, denominator, value = (
        part.to_polars(_number) if part is not None else pl.lit(None, dtype=pl.Float64)
        for part in (measure.numerator, measure.denominator, measure.value)
    )
    rows = rows.with_columns(
        numerator.alias("numerator"), denominator.alias("denominator"), value.alias("value")
    )
    if measure.value is None:
        computed = (
            pl.when(pl.col("denominator") != 0)
            .then(pl.col("numerator") / pl.col("denominator") * pl.col(MULTIPLIER))
            .otherwise(None)
            if measure.denominator is not None
            else pl.col("numerator")
        )
        rows = rows.with_columns(computed.alias("value"))
    return rows


def _check_numbers(rows: pl.DataFrame, measure: Measure, problems: Problems) -> pl.DataFrame:
    """Report rows whose figures cannot be right; return the rest."""
    parts = {"numerator": measure.numerator, "denominator": measure.denominator}
    if measure.value is not None:
        parts["value"] = measure.value
    wrong = pl.lit(False)
    for name, part in parts.items():
        if part is None:
            continue
        infinite = pl.col(name).is_not_null() & ~pl.col(name).is_finite()
        problems.add_rows(
            rows.filter(infinite),
            lambda r, n=name, p=part: f"the {n} of {measure.label} ({p}) divides by zero",
        )
        wrong = wrong | infinite
    checks = [
        (
            pl.col("numerator") < 0,
            lambda r: (
                f"the numerator of {measure.label} ({measure.numerator}) is negative: "
                f"{_fmt(r['numerator'])}"
            ),
        ),
        (
            pl.col("denominator") < 0,
            lambda r: (
                f"the denominator of {measure.label} ({measure.denominator}) is negative: "
                f"{_fmt(r['denominator'])}"
            ),
        ),
        (
            (pl.col(VALUE_TYPE) == ValueType.PROPORTION)
            & (pl.col("numerator") > pl.col("denominator")),
            lambda r: (
                f"the numerator of {measure.label}, {_fmt(r['numerator'])}, is above its "
                f"denominator, {_fmt(r['denominator'])}: a proportion cannot be"
            ),
        ),
        (
            (pl.col("denominator") == 0) & (pl.col("numerator") != 0),
            lambda r: (
                f"the denominator of {measure.label} is 0 but its numerator is "
                f"{_fmt(r['numerator'])}"
            ),
        ),
    ]
    if measure.value is not None or measure.denominator is None:
        checks.append(
            (
                pl.col(VALUE_TYPE).is_in([str(t) for t in NEVER_NEGATIVE]) & (pl.col("value") < 0),
                lambda r: (
                    f"the value of {measure.label} is negative, {_fmt(r['value'])}: "
                    f"a {ValueType(r[VALUE_TYPE]).label.lower()} cannot be"
                ),
            )
        )
    finite = rows.filter(~wrong)
    for condition, describe in checks:
        problems.add_rows(finite.filter(condition.fill_null(False)), describe)
    return finite


def measure_figures(
    chunk: pl.DataFrame, measure: Measure, ctx: Context, problems: Problems | None
) -> pl.DataFrame:
    """The figures that one measure takes from a normalised chunk, with the columns of
    FIGURE_COLUMNS. With `problems`, every problem of its rows is added there."""
    spec = ctx.spec
    conditions = [c for c in (spec.filter, measure.filter) if c is not None]
    rows = chunk
    if conditions:
        text = pl.col
        mask = pl.all_horizontal(c.to_polars(text, _number) for c in conditions)
        rows = rows.filter(mask)
    rows = _with_indicator(rows, measure, ctx, problems)
    if problems is not None:
        problems.add_rows(
            rows.filter(pl.col(spec.subject_column).is_null()),
            lambda r: f"no subject code in column '{spec.subject_column}'",
        )
    rows = rows.filter(pl.col(spec.subject_column).is_not_null())
    rows = _with_period(rows, ctx, problems)
    rows = _with_numbers(rows, measure, ctx, problems)
    if problems is not None:
        rows = _check_numbers(rows, measure, problems)
    name = pl.col(spec.subject_name_column) if spec.subject_name_column else pl.lit(None)
    return rows.select(
        pl.col(INDICATOR),
        pl.col(INDICATOR_ID),
        pl.col(spec.subject_column).alias(SUBJECT),
        name.cast(pl.String).alias(SUBJECT_NAME),
        pl.col(PERIOD_TYPE),
        pl.col(PERIOD_START),
        pl.col(PERIOD_END),
        *(pl.col(n) for n in NUMBERS),
        pl.col(MULTIPLIER),
        pl.col(LINE),
    )


def sum_rows(figures: pl.DataFrame, measure: Measure) -> pl.DataFrame:
    """Figures with the same key added up: numerators and denominators (or values) summed,
    the value recomputed from the sums. Never an average of values."""
    fraction = measure.value is None and measure.denominator is not None
    summed = figures.group_by(KEY).agg(
        pl.col(INDICATOR_ID).first(),
        pl.col(SUBJECT_NAME).drop_nulls().first(),
        pl.col(PERIOD_END).first(),
        pl.col("numerator").sum()
        if measure.numerator
        else pl.lit(None, pl.Float64).alias("numerator"),
        pl.col("denominator").sum()
        if measure.denominator
        else pl.lit(None, pl.Float64).alias("denominator"),
        pl.col("value").sum(),
        pl.col(MULTIPLIER).first(),
        pl.col(LINE).min(),
    )
    if fraction:
        summed = summed.with_columns(
            pl.when(pl.col("denominator") != 0)
            .then(pl.col("numerator") / pl.col("denominator") * pl.col(MULTIPLIER))
            .otherwise(None)
            .alias("value")
        )
    return summed.select(FIGURE_COLUMNS)


def period_label(period_type: str, start: date) -> str:
    return periods.Period(period_type, start).label
