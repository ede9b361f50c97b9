"""Back up and restore the whole of Joined Up: every table's rows and every uploaded file, in one
archive that says what it holds and how to check it.

The archive is a gzipped tar: `tables/<model>.jsonl` (a header line naming the columns, then one
JSON array per row), `files/<name>` (every file a FileField refers to) and `manifest.json` (the
format, the app's version, the applied migrations, each table's row count and each member's
SHA-256, and the audit chain's head and verification). Every table is read in one read
transaction (REPEATABLE READ on PostgreSQL), so the rows, the counts and the chain agree with one
another. Rows are streamed, never held whole in memory.

A restore checks the whole archive first, refuses a database that holds anything, migrates it,
loads every table in one transaction (primary keys kept), writes the files, and commits only when
every count and the audit chain's verification match the manifest. It uses only the ORM's
connection, so it needs no client binaries, and it works across engines.
"""

import base64
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from uuid import UUID

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_string

import joinedup

from .audit import verify_chain
from .audit_models import AuditHead

FORMAT = 1
MANIFEST = "manifest.json"
BATCH = 5000
# Rows that `migrate` writes itself; a database holding only these is empty.
SEEDED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission", "core.audithead"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, and that nothing changed."""


# Which tables, in which order


def backed_up_models() -> list[type[models.Model]]:
    """Every table the product owns, each model before the models that refer to it."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.setdefault(meta.db_table, model)
    return _dependency_order(sorted(found.values(), key=lambda m: m._meta.label_lower))


def _dependency_order(pending: list[type[models.Model]]) -> list[type[models.Model]]:
    ordered: list[type[models.Model]] = []
    while pending:
        ready = [m for m in pending if not (_references(m) & set(pending)) - {m}]
        # A cycle of references: its constraints are deferred to commit, so any order loads.
        batch = ready or pending[:1]
        ordered += batch
        pending = [m for m in pending if m not in batch]
    return ordered


def _references(model) -> set:
    return {f.related_model for f in model._meta.concrete_fields if f.is_relation}


def stored_fields(model) -> list[models.Field]:
    """The columns a backup carries: all but generated ones, which the database recomputes."""
    return [f for f in model._meta.concrete_fields if not f.generated]


def _file_fields(model) -> list[models.Field]:
    return [f for f in stored_fields(model) if isinstance(f, models.FileField)]


# Values to and from JSON


def _to_json(value):
    """A column's value that JSON has no type for, as text the field's `to_python` reads back."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_string(value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


# Columns whose values JSON carries as they are (the others are read back by `to_python`).
AS_IN_JSON = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    "PositiveSmallIntegerField", "BooleanField", "FloatField", "CharField", "TextField",
    "SlugField", "EmailField", "URLField", "FileField", "JSONField",
}  # fmt: skip


def _reader(field: models.Field):
    """How to turn the JSON value of `field` back into the field's Python value."""
    kind = (field.target_field if field.is_relation else field).get_internal_type()
    if kind in AS_IN_JSON:
        return None
    return field.to_python


# Backing up


@dataclass
class Manifest:
    """What an archive holds and how to check it: written last, as `manifest.json`."""

    format: int
    app_version: str
    engine: str
    taken_at: str
    migrations: list[list[str]]
    tables: list[dict] = field(default_factory=list)
    files: dict[str, dict] = field(default_factory=dict)
    audit: dict = field(default_factory=dict)


def backup(path: str | Path) -> Manifest:
    """Write the whole database and its files to the archive at `path` (refusing to overwrite)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name.")
    partial = path.with_name(path.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive, _read_snapshot():
            manifest = _write_archive(archive)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


@contextmanager
def _read_snapshot():
    """One read transaction over the whole database: every table as of one moment."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # A deferred transaction reads a WAL snapshot without taking the write lock.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_archive(archive: tarfile.TarFile) -> Manifest:
    applied = sorted(MigrationRecorder(connection).applied_migrations())
    unapplied = sorted(_code_migrations() - {f"{app}.{name}" for app, name in applied})
    if unapplied:
        raise BackupError(
            f"The database lacks migrations of this version ({', '.join(unapplied[:5])}): run "
            "`joinedup migrate` first. No backup was written."
        )
    manifest = Manifest(
        format=FORMAT,
        app_version=joinedup.__version__,
        engine=connection.vendor,
        taken_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        migrations=[list(key) for key in applied],
    )
    files: dict[str, models.FileField] = {}
    for model in backed_up_models():
        manifest.tables.append(_write_table(archive, model, files))
    for name, file_field in sorted(files.items()):
        manifest.files[name] = _write_file(archive, name, file_field)
    report, head = verify_chain(), AuditHead.objects.filter(pk=1).first()
    manifest.audit = {
        "verification": asdict(report),
        "head_seq": head.seq if head else 0,
        "head_hash": head.hash if head else "",
    }
    _add_bytes(archive, MANIFEST, json.dumps(asdict(manifest), indent=1).encode())
    return manifest


def _write_table(archive, model, files: dict) -> dict:
    fields = stored_fields(model)
    file_columns = [i for i, f in enumerate(fields) if isinstance(f, models.FileField)]
    rows = (
        model._base_manager.order_by("pk")
        .values_list(*[f.attname for f in fields])
        .iterator(chunk_size=BATCH)
    )
    count = 0
    with tempfile.TemporaryFile() as spool:
        spool.write(json.dumps([f.attname for f in fields]).encode() + b"\n")
        for row in rows:
            spool.write(json.dumps(row, default=_to_json).encode() + b"\n")
            for i in file_columns:
                if row[i]:
                    files[row[i]] = fields[i]
            count += 1
        member = f"tables/{model._meta.label_lower}.jsonl"
        digest, size = _add_spool(archive, member, spool)
    return {
        "model": model._meta.label_lower,
        "table": model._meta.db_table,
        "fields": [f.attname for f in fields],
        "rows": count,
        "member": member,
        "sha256": digest,
        "size": size,
    }


def _write_file(archive, name: str, file_field: models.FileField) -> dict:
    storage = file_field.storage
    if not storage.exists(name):
        raise BackupError(
            f"The uploaded file {name} ({file_field.model._meta.label_lower}.{file_field.name}) "
            "is missing from storage; no backup was written."
        )
    with tempfile.TemporaryFile() as spool, storage.open(name, "rb") as source:
        shutil.copyfileobj(source, spool, 1 << 20)
        digest, size = _add_spool(archive, f"files/{name}", spool)
    field_label = f"{file_field.model._meta.label_lower}.{file_field.name}"
    return {"sha256": digest, "size": size, "field": field_label}


def _add_spool(archive, member: str, spool) -> tuple[str, int]:
    size = spool.tell()
    spool.seek(0)
    digest = hashlib.sha256()
    while block := spool.read(1 << 20):
        digest.update(block)
    spool.seek(0)
    info = tarfile.TarInfo(member)
    info.size, info.mode = size, 0o644
    archive.addfile(info, spool)
    return digest.hexdigest(), size


def _add_bytes(archive, member: str, content: bytes) -> None:
    with tempfile.TemporaryFile() as spool:
        spool.write(content)
        _add_spool(archive, member, spool)


# Restoring


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    audit_entries: int


def restore(path: str | Path) -> RestoreResult:
    """Restore the archive at `path` into this (empty) database and its file storage."""
    with tempfile.TemporaryDirectory(prefix="joinedup-restore-") as unpacked:
        unpacked = Path(unpacked)
        manifest = _unpack_and_check(Path(path), unpacked)
        models_by_label = {m._meta.label_lower: m for m in backed_up_models()}
        _check_same_schema(manifest, models_by_label)
        _check_database_empty(models_by_label.values())
        file_storages = _check_storage_free(manifest, unpacked)
        call_command("migrate", interactive=False, verbosity=0)
        written: list[tuple] = []
        try:
            with transaction.atomic():
                rows = _load_tables(manifest, unpacked, models_by_label)
                _write_files(manifest, unpacked, file_storages, written)
                checked = _check_restored(manifest, models_by_label)
        except BaseException:
            for storage, name in written:
                storage.delete(name)
            raise
    _clear_caches()
    return RestoreResult(len(manifest["tables"]), rows, len(manifest["files"]), checked)


def _unpack_and_check(path: Path, into: Path) -> dict:
    """Unpack every member, then check each against the manifest's checksum: a damaged or altered
    archive is refused before anything is changed."""
    if not path.is_file():
        raise BackupError(f"There is no backup file {path}.")
    digests = {}
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                digests[info.name] = _unpack_member(archive, info, into)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{path} is not a readable backup archive ({error}); nothing was restored."
        ) from None
    if MANIFEST not in digests:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a Joined Up backup.")
    manifest = json.loads((into / MANIFEST).read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is in backup format {manifest.get('format')}, not {FORMAT}.")
    expected = {t["member"]: t["sha256"] for t in manifest["tables"]}
    expected |= {f"files/{name}": f["sha256"] for name, f in manifest["files"].items()}
    for member, digest in expected.items():
        if member not in digests:
            raise BackupError(f"The archive lacks {member}: it is damaged; nothing was restored.")
        if digests[member] != digest:
            raise BackupError(
                f"{member} does not match its checksum in the manifest: the archive is damaged "
                "or was altered; nothing was restored."
            )
    unexpected = set(digests) - set(expected) - {MANIFEST}
    if unexpected:
        raise BackupError(f"The archive holds members its manifest does not: {sorted(unexpected)}.")
    return manifest


def _unpack_member(archive, info: tarfile.TarInfo, into: Path) -> str:
    name = PurePosixPath(info.name)
    if not info.isfile() or name.is_absolute() or ".." in name.parts:
        raise BackupError(
            f"The archive holds an unsafe member {info.name!r}; nothing was restored."
        )
    target = into / name
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with archive.extractfile(info) as source, target.open("wb") as out:
        while block := source.read(1 << 20):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _check_same_schema(manifest: dict, models_by_label: dict) -> None:
    """The backup's tables must be this version's: restore with the version that took it."""
    ours = _code_migrations()
    theirs = {f"{app}.{name}" for app, name in manifest["migrations"]}
    if ours != theirs:
        missing, extra = sorted(theirs - ours), sorted(ours - theirs)
        raise BackupError(
            f"This backup was taken by Joined Up {manifest['app_version']} at a different set of "
            f"migrations (only in the backup: {missing[:5] or 'none'}; only in this version: "
            f"{extra[:5] or 'none'}). Restore it with the version that took it, then upgrade."
        )
    for table in manifest["tables"]:
        model = models_by_label.get(table["model"])
        if model is None or table["fields"] != [f.attname for f in stored_fields(model)]:
            raise BackupError(f"The backup's table {table['model']} does not match this version's.")


def _code_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.graph.nodes}


def _check_database_empty(all_models) -> None:
    existing = set(connection.introspection.table_names())
    holding = [
        f"{m._meta.db_table} ({count} rows)"
        for m in all_models
        if m._meta.db_table in existing
        and m._meta.label_lower not in SEEDED_BY_MIGRATE
        and (count := m._base_manager.count())
    ]
    head = AuditHead.objects.filter(pk=1).first() if "core_audithead" in existing else None
    if head is not None and head.seq:
        holding.append(f"core_audithead (the audit chain is at entry #{head.seq})")
    if holding:
        raise BackupError(
            "The database is not empty, so nothing was restored: "
            + ", ".join(holding[:8])
            + (f" and {len(holding) - 8} more tables" if len(holding) > 8 else "")
            + ". Restore only into a new, empty database."
        )


def _check_storage_free(manifest: dict, unpacked: Path) -> dict:
    """Each file's storage; a different file already stored under a backed-up name refuses."""
    storages = {}
    for name, entry in manifest["files"].items():
        app_model, field_name = entry["field"].rsplit(".", 1)
        storage = apps.get_model(app_model)._meta.get_field(field_name).storage
        if storage.exists(name) and _stored_digest(storage, name) != entry["sha256"]:
            raise BackupError(
                f"The file storage already holds a different file {name}; nothing was restored."
            )
        storages[name] = storage
    return storages


def _stored_digest(storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as stored:
        while block := stored.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _load_tables(manifest: dict, unpacked: Path, models_by_label: dict) -> int:
    for model in reversed(list(models_by_label.values())):
        if model._base_manager.exists():  # what `migrate` itself wrote
            model._base_manager.all()._raw_delete(connection.alias)
    total = 0
    for table in manifest["tables"]:
        model = models_by_label[table["model"]]
        total += _load_table(model, unpacked / table["member"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), list(models_by_label.values())
            ):
                cursor.execute(statement)
    return total


def _load_table(model, member: Path) -> int:
    """Insert the member's rows as they were (not through `save`: no auto_now, no defaults),
    in each database's fast path: COPY on PostgreSQL, a prepared insert elsewhere."""
    fields = stored_fields(model)
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    loaded = 0
    with member.open("rb") as lines, connection.cursor() as cursor:
        next(lines)
        for batch in _batches(lines, fields):
            rows = [[f.get_db_prep_save(row[i], connection) for i, f in enumerate(fields)]
                    for row in batch]  # fmt: skip
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608  # nosec B608  # quoted model names
            loaded += len(rows)
    return loaded


def _batches(lines, fields) -> Iterator[list[list]]:
    """The member's rows, each a list of its fields' Python values, a batch at a time."""
    readers = [(i, _reader(f)) for i, f in enumerate(fields)]
    readers = [(i, read) for i, read in readers if read is not None]
    batch = []
    for line in lines:
        values = json.loads(line)
        for i, read in readers:
            if values[i] is not None:
                values[i] = read(values[i])
        batch.append(values)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_files(manifest: dict, unpacked: Path, storages: dict, written: list) -> None:
    for name in manifest["files"]:
        storage = storages[name]
        if storage.exists(name):
            continue
        with (unpacked / "files" / name).open("rb") as content:
            saved = storage.save(name, File(content, name=name))
        written.append((storage, saved))
        if saved != name:
            raise BackupError(f"The file storage stored {name} as {saved}; nothing was restored.")


def _check_restored(manifest: dict, models_by_label: dict) -> int:
    for table in manifest["tables"]:
        count = models_by_label[table["model"]]._base_manager.count()
        if count != table["rows"]:
            raise BackupError(
                f"{table['model']} holds {count} rows after loading, not the backup's "
                f"{table['rows']}; nothing was restored."
            )
    report = asdict(verify_chain())
    if report != manifest["audit"]["verification"]:
        raise BackupError(
            f"The restored audit chain verifies as {report}, not as the backup's "
            f"{manifest['audit']['verification']}; nothing was restored."
        )
    return report["checked"]


def _clear_caches() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    ContentType.objects.clear_cache()
    cache.clear()
