"""An operator backs up the demo partnership and restores it into an empty database: the same
records, the same files and the same audit chain; a database that holds anything, or a damaged
archive, is refused and nothing is changed.

Everything runs through `joinedup` in subprocesses, on the engine of the test run (a new SQLite
file, or new PostgreSQL databases).
"""

import io
import tarfile

import pytest

from .sites import drop_site, new_site


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo partnership, loaded once for the module."""
    site = new_site(tmp_path_factory.mktemp("demo"), "demo")
    try:
        for step in (["migrate", "--noinput", "-v", "0"], ["demo"]):
            done = site.run(*step)
            assert done.returncode == 0, done.stderr
        yield site
    finally:
        drop_site(site)


@pytest.fixture(scope="module")
def demo_snapshot(demo_site):
    return demo_site.snapshot()


@pytest.fixture(scope="module")
def demo_backup(demo_site, tmp_path_factory):
    path = tmp_path_factory.mktemp("backups") / "demo.tar.gz"
    done = demo_site.run("backup", str(path))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def empty_site(tmp_path):
    site = new_site(tmp_path / "restored", "restore")
    yield site
    drop_site(site)


def _differences(source: dict, restored: dict) -> list[str]:
    """Each model whose records differ, with a few of the primary keys that do."""
    found = []
    for model, records in source["records"].items():
        other = restored["records"].get(model, {})
        differing = [pk for pk in records.keys() | other.keys() if records.get(pk) != other.get(pk)]
        if differing:
            found.append(f"{model}: {len(records)} vs {len(other)} records; e.g. {differing[:3]}")
    return found


def test_a_restore_into_an_empty_database_gives_identical_records_files_and_audit_chain(
    demo_site, demo_snapshot, demo_backup, empty_site
):
    done = empty_site.run("restore", str(demo_backup))

    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout
    source_audit, restored_audit = demo_site.run("verify-audit"), empty_site.run("verify-audit")
    assert restored_audit.returncode == source_audit.returncode == 0
    assert restored_audit.stdout == source_audit.stdout
    assert "no broken link" in restored_audit.stdout
    restored = empty_site.snapshot()
    assert _differences(demo_snapshot, restored) == []
    assert restored["files"] == demo_snapshot["files"]
    assert len(demo_snapshot["files"]) > 0
    for name in demo_snapshot["files"]:
        assert (empty_site.media / name).read_bytes() == (demo_site.media / name).read_bytes()


def test_new_records_after_a_restore_take_new_ids(demo_backup, empty_site):
    assert empty_site.run("restore", str(demo_backup)).returncode == 0
    most = empty_site.sql("SELECT max(id) FROM auth_user")[0][0]

    done = empty_site.run(
        "createsuperuser", "--noinput", "--username", "after-restore", "--email", "a@example.org"
    )

    assert done.returncode == 0, done.stderr
    assert empty_site.sql("SELECT id FROM auth_user WHERE username = 'after-restore'") == [
        (most + 1,)
    ]


def test_a_restore_into_a_database_that_holds_anything_is_refused(
    demo_site, demo_snapshot, demo_backup
):
    done = demo_site.run("restore", str(demo_backup))

    assert done.returncode != 0
    assert "The database is not empty" in done.stderr
    assert "core_organisation" in done.stderr
    assert _differences(demo_snapshot, demo_site.snapshot()) == []


def _tampered_copy(backup, into, member_prefix: str) -> tuple:
    """A copy of the archive with one byte of the first member under `member_prefix` changed."""
    tampered = into / "tampered.tar.gz"
    with tarfile.open(backup) as source, tarfile.open(tampered, "w:gz") as target:
        changed = None
        for info in source:
            content = source.extractfile(info).read()
            if changed is None and info.name.startswith(member_prefix):
                content, changed = bytes([content[0] ^ 1]) + content[1:], info.name
            target.addfile(info, io.BytesIO(content))
    return tampered, changed


@pytest.mark.parametrize("member_prefix", ["files/", "tables/core.auditentry"])
def test_a_damaged_archive_is_refused_naming_the_member_and_changing_nothing(
    demo_backup, empty_site, tmp_path, member_prefix
):
    tampered, member = _tampered_copy(demo_backup, tmp_path, member_prefix)

    done = empty_site.run("restore", str(tampered))

    assert done.returncode != 0
    assert f"{member} does not match its checksum" in done.stderr
    assert "nothing was restored" in done.stderr
    assert not {name for name in empty_site.table_names() if not name.startswith("sqlite_")}
    assert not empty_site.media.exists() or not any(empty_site.media.rglob("*.*"))


def test_a_file_that_is_not_an_archive_is_refused(empty_site, tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("minutes of the last meeting")

    done = empty_site.run("restore", str(not_a_backup))

    assert done.returncode != 0
    assert "is not a readable backup archive" in done.stderr


def test_a_backup_never_overwrites_an_existing_file(demo_site, demo_backup):
    before = demo_backup.read_bytes()

    done = demo_site.run("backup", str(demo_backup))

    assert done.returncode != 0
    assert "already exists" in done.stderr
    assert demo_backup.read_bytes() == before
