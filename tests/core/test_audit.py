"""The audit chain: append-only, hash-chained, and verifiable end to end."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from joinedup.core import audit
from joinedup.core.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_chains_each_entry_to_the_one_before():
    first = audit.record(action="test.first", data={"n": 1})
    second = audit.record(action="test.second", data={"n": 2})
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    assert audit.verify_chain().ok


def test_service_writes_record_who_did_what_to_which_object():
    admin = factories.person("boss")
    organisation = factories.organisation("Mind Jersey Test")
    entry = AuditEntry.objects.get(action="organisation.registered", object_id=str(organisation.pk))
    assert entry.object_type == "core.organisation"
    assert '"name":"Mind Jersey Test"' in entry.data
    assert admin is not None


def test_an_untouched_chain_verifies():
    for n in range(5):
        audit.record(action="test.step", data={"n": n})
    report = audit.verify_chain()
    assert report.ok and report.checked == 5


def test_changing_one_byte_of_an_entry_breaks_the_chain_at_that_entry():
    entries = [audit.record(action="test.step", data={"n": n}) for n in range(5)]
    target = entries[2]
    tampered = target.data.replace('"n":2', '"n":3')
    _raw("UPDATE core_auditentry SET data = %s WHERE seq = %s", [tampered, target.seq])
    report = audit.verify_chain()
    assert not report.ok
    assert report.bad_seq == target.seq
    assert f"#{target.seq}" in report.problem


def test_deleting_an_entry_in_the_middle_is_detected():
    entries = [audit.record(action="test.step") for _ in range(4)]
    _raw("DELETE FROM core_auditentry WHERE seq = %s", [entries[1].seq])
    report = audit.verify_chain()
    assert report.bad_seq == entries[1].seq
    assert "missing" in report.problem


def test_deleting_the_last_entry_is_detected_against_the_head():
    entries = [audit.record(action="test.step") for _ in range(3)]
    _raw("DELETE FROM core_auditentry WHERE seq = %s", [entries[-1].seq])
    assert not audit.verify_chain().ok


def test_inserting_an_entry_is_detected():
    entries = [audit.record(action="test.step") for _ in range(3)]
    _raw(
        "INSERT INTO core_auditentry (seq, at, actor_label, action, object_type, object_id, data, "
        "prev_hash, hash) VALUES (%s, %s, 'mallory', 'test.forged', '', '', '{}', %s, %s)",
        [entries[-1].seq + 1, entries[-1].at, entries[-1].hash, "f" * 64],
    )
    report = audit.verify_chain()
    assert not report.ok and report.bad_seq == entries[-1].seq + 1


def test_the_orm_refuses_to_update_or_delete_entries():
    entry = audit.record(action="test.step")
    entry.action = "test.changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_verify_audit_command_names_the_broken_entry():
    entries = [audit.record(action="test.step") for _ in range(3)]
    _raw("UPDATE core_auditentry SET actor_label = 'someone else' WHERE seq = %s", [entries[0].seq])
    with pytest.raises(CommandError, match=f"entry #{entries[0].seq}"):
        call_command("verify_audit")


def test_an_audit_entry_rolls_back_with_the_change_it_describes():
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="test.doomed")
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == before
    assert audit.verify_chain().ok


def test_the_joinedup_cli_exits_non_zero_naming_the_altered_entry(tmp_path: Path):
    # The CLI runs in its own process against its own database, named by DATABASE_URL.
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
        "JOINEDUP_VAR": str(tmp_path),
    }
    cli = [sys.executable, "-m", "joinedup.cli"]

    def run(*args):
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, check=False)

    assert run("migrate", "--noinput").returncode == 0
    assert run("demo").returncode == 0
    assert run("verify-audit").returncode == 0
    with sqlite3.connect(tmp_path / "audit.sqlite3") as db:
        db.execute("UPDATE core_auditentry SET action = 'organisation.registereD' WHERE seq = 7")
    result = run("verify-audit")
    assert result.returncode != 0
    assert "entry #7" in result.stderr
