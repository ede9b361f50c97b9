"""Writing figures in bulk by each database's fast path, as an upsert that leaves equal figures
alone: re-loading the same figures changes nothing.

PostgreSQL: rows stream through `COPY` into a temporary table, then one
`INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE IS DISTINCT FROM` moves them across.
SQLite: one `executemany` of `INSERT … ON CONFLICT DO UPDATE … WHERE IS NOT`, in the caller's
transaction. Either must run inside `transaction.atomic`.

A first load (`fresh`: the caller has made sure, under a lock, that the table holds no figure of
the file's indicators) has nothing to compare with: on PostgreSQL the rows are copied straight
into the table, whose id column has a database default there (migration 0003); on SQLite the
insert has no conflict clause.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from django.db import connection

COLUMNS = (
    "indicator_id", "subject_id", "period_type", "period_start", "period_end", "numerator",
    "denominator", "value",
)  # fmt: skip
KEY = "indicator_id, period_type, period_start, subject_id"  # the unique key, in its order
COMPARED = ("period_end", "numerator", "denominator", "value", "synthetic")
UPDATED = (*COMPARED, "batch_id", "source")


@dataclass(frozen=True)
class LoadCounts:
    """How many figures a load added, changed, and found already there with the same values."""

    new: int
    changed: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


def load_figures(
    frames: Iterable[pl.DataFrame], *, table: str, batch_id: uuid.UUID | None, source: str,
    synthetic: bool, fresh: bool = False,
) -> LoadCounts:  # fmt: skip
    """Upsert frames with the columns of COLUMNS (ids as hex text) into a figures table; with
    `fresh`, insert them (the table has no figure of their indicators)."""
    if not connection.in_atomic_block:
        raise RuntimeError("load_figures must run inside transaction.atomic")
    batch = batch_id.hex if batch_id is not None else None
    if connection.vendor == "postgresql":
        if fresh:
            return _copy_postgresql(frames, table, batch, source, synthetic)
        return _load_postgresql(frames, table, batch, source, synthetic)
    if connection.vendor == "sqlite":
        return _load_sqlite(frames, table, batch, source, synthetic, fresh)
    raise NotImplementedError(f"no bulk load for {connection.vendor}")


def _copy_postgresql(frames, table, batch, source, synthetic) -> LoadCounts:
    columns = (*COLUMNS, "batch_id", "source", "synthetic")
    constants = [
        pl.lit(batch, pl.String).alias("batch_id"),
        pl.lit(source, pl.String).alias("source"),
        pl.lit(synthetic).alias("synthetic"),
    ]
    total = 0
    copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for frame in frames:
            total += frame.height
            # Strings quoted, so that an empty source is '' and only a missing value is NULL.
            rows = frame.select(*COLUMNS, *constants)
            copy.write(rows.write_csv(include_header=False, quote_style="non_numeric"))
    return LoadCounts(total, 0, 0)


def _load_postgresql(frames, table, batch, source, synthetic) -> LoadCounts:
    temp = f"outcomes_load_{uuid.uuid4().hex}"
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} (indicator_id uuid, subject_id uuid, "
            "period_type varchar(16), period_start date, period_end date, "
            "numerator double precision, denominator double precision, value double precision"
            ") ON COMMIT DROP"
        )
        copy_sql = f"COPY {temp} ({', '.join(COLUMNS)}) FROM STDIN (FORMAT csv)"
        with cursor.cursor.copy(copy_sql) as copy:
            for frame in frames:
                total += frame.height
                copy.write(frame.select(COLUMNS).write_csv(include_header=False))
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in UPDATED)
        ours = ", ".join(f"f.{c}" for c in COMPARED)
        theirs = ", ".join(f"EXCLUDED.{c}" for c in COMPARED)
        # xmax is 0 on a row version that an INSERT created, and not on one an UPDATE did.
        cursor.execute(
            f"""
            WITH upserted AS (
                INSERT INTO {table} AS f (id, {", ".join(COLUMNS)}, batch_id, source, synthetic)
                SELECT gen_random_uuid(), {", ".join(f"t.{c}" for c in COLUMNS)}, %s, %s, %s
                FROM {temp} AS t
                ON CONFLICT ({KEY}) DO UPDATE SET {updates}
                WHERE ({ours}) IS DISTINCT FROM ({theirs})
                RETURNING xmax = 0 AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted)
            FROM upserted
            """,  # noqa: S608  # nosec B608  # table names are ours, values are parameters
            [batch, source, synthetic],
        )
        new, changed = cursor.fetchone()
        cursor.execute(f"DROP TABLE {temp}")
    return LoadCounts(new, changed, total - new - changed)


def _load_sqlite(frames, table, batch, source, synthetic, fresh) -> LoadCounts:
    columns = ("id", *COLUMNS, "batch_id", "source", "synthetic")
    updates = ", ".join(f"{c} = excluded.{c}" for c in UPDATED)
    differs = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in COMPARED)
    placeholders = ", ".join(["%s"] * len(columns))
    # Table and column names are ours; every value is a parameter.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608  # nosec B608  # names are ours
    if not fresh:
        sql += f" ON CONFLICT ({KEY}) DO UPDATE SET {updates} WHERE {differs}"  # nosec B608  # ours
    total = written = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608  # our table
        before = cursor.fetchone()[0]
        for frame in frames:
            total += frame.height
            rows = frame.select(COLUMNS).with_columns(
                pl.col("period_start").cast(pl.String), pl.col("period_end").cast(pl.String)
            )
            cursor.executemany(
                sql,
                ((uuid.uuid4().hex, *row, batch, source, synthetic) for row in rows.iter_rows()),
            )
            written += max(cursor.rowcount, 0)
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608  # nosec B608  # our table
        new = cursor.fetchone()[0] - before
    return LoadCounts(new, written - new, total - written)
