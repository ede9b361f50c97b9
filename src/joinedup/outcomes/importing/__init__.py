"""Reading figures from CSV and XLSX files through a saved mapping.

`check_file` reads the whole file once and finds every problem; `figures_to_load` reads it
again and yields the figures, chunk by chunk, for `loading.load_figures`. Neither writes:
`services.import_observations` does, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import polars as pl
from django.core.exceptions import ValidationError

from ..models import Indicator, Subject
from .figures import (
    INDICATOR,
    KEY,
    PERIOD_START,
    PERIOD_TYPE,
    SUBJECT,
    SUBJECT_NAME,
    Context,
    IndicatorInfo,
    Problems,
    measure_figures,
    normalise,
    period_label,
    sum_rows,
)
from .loading import COLUMNS as LOAD_COLUMNS
from .reading import LINE, ImportFile, read_chunks
from .spec import MappingSpec

MAX_PROBLEMS = 1000
# A checked file's figures up to this size are kept from the first reading for the load, so
# that the file is read once; a larger file is read again rather than held in memory.
KEEP_BYTES = 256 * 1024 * 1024
COMPACT_ROWS = 500_000
LOOKUP_BATCH = 1000


@dataclass
class CheckedFile:
    """What the first reading found in a file without problems."""

    context: Context
    rows_read: int
    rows_skipped: int
    subjects: dict[str, tuple[int, str | None]] = field(repr=False)
    new_subjects: list[tuple[str, str]]
    indicator_ids: list[str] = field(default_factory=list)  # hex: those the file has figures of
    kept: list[list[pl.DataFrame]] | None = field(default=None, repr=False)  # by chunk, measure


def load_context(spec: MappingSpec) -> Context:
    """The spec with every indicator a file may name."""
    rows = Indicator.objects.order_by("code").values_list("id", "code", "value_type", "multiplier")
    indicators = {
        code: IndicatorInfo(index, pk.hex, code, value_type, multiplier)
        for index, (pk, code, value_type, multiplier) in enumerate(rows)
    }
    return Context(spec, indicators)


def check_file(imported: ImportFile, spec: MappingSpec, *, create_subjects: bool) -> CheckedFile:
    """Read the whole file and return what loading it needs; raise ValidationError naming
    every problem, each on its line, if there is any."""
    ctx = load_context(spec)
    problems = Problems(MAX_PROBLEMS)
    for code in sorted(spec.fixed_indicator_codes - ctx.indicators.keys()):
        problems.add(0, f"the mapping names an indicator '{code}' that does not exist")
    if problems:
        raise ValidationError(problems.messages())
    chunks = read_chunks(imported, columns=spec.columns, sheet=spec.sheet, delimiter=spec.delimiter)
    keys: list[list[pl.DataFrame]] = [[] for _ in spec.measures]
    subjects: dict[str, tuple[int, str | None]] = {}
    rows_read = rows_used = kept_bytes = 0
    kept: list[list[pl.DataFrame]] | None = []
    for chunk in chunks.frames:
        rows_read += chunk.height
        frame = normalise(chunk)
        used, measured = [], []
        for index, measure in enumerate(spec.measures):
            figures = measure_figures(frame, measure, ctx, problems)
            measured.append(figures)
            # Kept for the whole file, to find repeated keys: as small as they can be.
            keys[index].append(
                figures.select(*KEY, LINE).with_columns(
                    pl.col(SUBJECT, PERIOD_TYPE).cast(pl.Categorical)
                )
            )
            used.append(figures.get_column(LINE))
            _note_subjects(subjects, figures)
        rows_used += pl.concat(used).n_unique()
        if kept is not None:
            kept_bytes += sum(f.estimated_size() for f in measured)
            if kept_bytes <= KEEP_BYTES:
                kept.append(measured)
            else:
                kept = None
    for line, text in chunks.problems:
        problems.add(line, text)
    if rows_read == 0 and not chunks.problems:
        problems.add(0, "the file has a header but no rows")
    elif rows_used == 0 and not problems:
        problems.add(0, "no row of the file gives a figure: do the mapping's filters fit it?")
    _check_duplicates(keys, ctx, problems)
    new_subjects = _check_subjects(subjects, spec, create_subjects, problems)
    if problems:
        raise ValidationError(problems.messages())
    return CheckedFile(
        ctx, rows_read, rows_read - rows_used, subjects, new_subjects, _indicator_ids(keys, ctx),
        kept,
    )  # fmt: skip


def _indicator_ids(keys, ctx: Context) -> list[str]:
    used = {index for frames in keys for f in frames for index in f.get_column(INDICATOR).unique()}
    return sorted(info.id_hex for info in ctx.indicators.values() if info.index in used)


def _note_subjects(subjects: dict, figures: pl.DataFrame) -> None:
    """Remember each subject code's first line, and its name if the file gives one."""
    firsts = figures.group_by(SUBJECT).agg(
        pl.col(LINE).min(), pl.col(SUBJECT_NAME).drop_nulls().first()
    )
    for code, line, name in firsts.iter_rows():
        if code not in subjects or line < subjects[code][0]:
            subjects[code] = (line, name or (subjects.get(code) or (0, None))[1])


def _check_duplicates(keys, ctx: Context, problems: Problems) -> None:
    parts = []
    for measure, frames in zip(ctx.spec.measures, keys, strict=True):
        if not frames:
            continue
        measured = pl.concat(frames)
        if measure.sum_rows:
            measured = measured.sort(LINE).unique(subset=KEY, keep="first", maintain_order=True)
        parts.append(measured)
    if not parts:
        return
    every = pl.concat(parts)
    repeated = every.filter(every.select(KEY).is_duplicated())
    if repeated.is_empty():
        return
    firsts = repeated.group_by(KEY).agg(pl.col(LINE).min().alias("__first"))
    later = repeated.join(firsts, on=KEY).filter(pl.col(LINE) != pl.col("__first")).sort(LINE)
    codes = {info.index: info.code for info in ctx.indicators.values()}
    problems.add_rows(
        later,
        lambda r: (
            f"a second figure for {codes[r[INDICATOR]]}, subject '{r[SUBJECT]}', "
            f"{period_label(r[PERIOD_TYPE], r[PERIOD_START])} (the first is on line {r['__first']})"
        ),
    )


def _existing_codes(codes) -> set[str]:
    codes, found = sorted(codes), set()
    for start in range(0, len(codes), LOOKUP_BATCH):
        batch = codes[start : start + LOOKUP_BATCH]
        found.update(Subject.objects.filter(code__in=batch).values_list("code", flat=True))
    return found


def _check_subjects(subjects: dict, spec: MappingSpec, create: bool, problems) -> list:
    unknown = sorted(subjects.keys() - _existing_codes(subjects))
    if not unknown:
        return []
    if not (create or spec.create_unknown):
        for code in unknown:
            problems.add(
                subjects[code][0],
                f"'{code}' in column '{spec.subject_column}' is not the code of a known "
                "subject (import with --create-subjects to create it as an area)",
            )
        return []
    if spec.parent_code and not Subject.objects.filter(code=spec.parent_code).exists():
        problems.add(0, f"the parent of new subjects, '{spec.parent_code}', does not exist")
    longest = Subject._meta.get_field("code").max_length
    for code in unknown:
        if len(code) > longest:
            problems.add(subjects[code][0], f"the subject code '{code[:20]}…' is too long")
    return [(code, subjects[code][1] or code) for code in unknown]


def subject_ids(codes) -> dict[str, str]:
    """The id (as hex) of each subject code."""
    codes, ids = sorted(codes), {}
    for start in range(0, len(codes), LOOKUP_BATCH):
        batch = codes[start : start + LOOKUP_BATCH]
        ids.update((c, pk.hex) for c, pk in Subject.objects.filter(code__in=batch).values_list(
            "code", "id"
        ))  # fmt: skip
    return ids


def figures_to_load(imported: ImportFile, checked: CheckedFile) -> Iterator[pl.DataFrame]:
    """The checked file's figures, read again, as frames of LOAD_COLUMNS.

    The database is read now, not while the frames are drawn: on PostgreSQL they are drawn
    during a COPY, when the connection can run no other query.
    """
    ids = subject_ids(checked.subjects)
    subject_frame = pl.DataFrame(
        {SUBJECT: list(ids), "subject_id": list(ids.values())},
        schema={SUBJECT: pl.String, "subject_id": pl.String},
    )
    return _figures(imported, checked, subject_frame)


def _measured(imported, checked) -> Iterator[list[pl.DataFrame]]:
    """Each chunk's figures, measure by measure: as the first reading kept them, or read again."""
    if checked.kept is not None:
        yield from checked.kept
        return
    ctx, spec = checked.context, checked.context.spec
    chunks = read_chunks(imported, columns=spec.columns, sheet=spec.sheet, delimiter=spec.delimiter)
    for chunk in chunks.frames:
        frame = normalise(chunk)
        yield [measure_figures(frame, measure, ctx, None) for measure in spec.measures]


def _figures(imported, checked, subject_frame) -> Iterator[pl.DataFrame]:
    spec = checked.context.spec
    partial: dict[int, list[pl.DataFrame]] = {
        i: [] for i, m in enumerate(spec.measures) if m.sum_rows
    }
    for measured in _measured(imported, checked):
        for index, measure in enumerate(spec.measures):
            figures = measured[index]
            if measure.sum_rows:
                partial[index].append(sum_rows(figures, measure))
                if sum(f.height for f in partial[index]) > COMPACT_ROWS:
                    partial[index] = [sum_rows(pl.concat(partial[index]), measure)]
            else:
                yield _for_loading(figures, subject_frame)
    for index, frames in partial.items():
        if frames:
            yield _for_loading(sum_rows(pl.concat(frames), spec.measures[index]), subject_frame)


def _for_loading(figures: pl.DataFrame, subject_frame: pl.DataFrame) -> pl.DataFrame:
    return figures.join(subject_frame, on=SUBJECT, how="inner").select(LOAD_COLUMNS)
