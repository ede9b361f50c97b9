"""Append to and verify the hash-chained audit log.

Service functions call `record(...)` inside their own transaction, so the entry commits or rolls
back with the change it describes.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import models, transaction

from .audit_models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def entry_content(entry: AuditEntry) -> str:
    """The exact text that an entry's hash is taken over."""
    return canonical_json(
        {
            "seq": entry.seq,
            "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "data": entry.data,
            "prev_hash": entry.prev_hash,
        }
    )


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(entry_content(entry).encode()).hexdigest()


@transaction.atomic
def record(*, action: str, by=None, obj: models.Model | None = None, data: dict | None = None):
    """Append one entry for `action` on `obj`, done by user `by` (None for the system)."""
    head = AuditHead.objects.select_for_update().get(pk=1)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=datetime.now(UTC),
        actor_id=getattr(by, "pk", None),
        actor_label=(by.get_username() if by is not None else "system"),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=canonical_json(data or {}),
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the whole chain: how many entries, and the first broken link."""

    checked: int
    problem: str | None = None
    bad_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain() -> ChainReport:
    """Walk every entry in order and return the first place where the chain does not hold."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(
                checked, f"entry #{expected_seq} is missing (next is #{entry.seq})", expected_seq
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(
                checked, f"entry #{entry.seq} does not follow entry #{entry.seq - 1}", entry.seq
            )
        if entry_hash(entry) != entry.hash:
            return ChainReport(
                checked,
                f"entry #{entry.seq} ({entry}) was altered: its hash does not match",
                entry.seq,
            )
        expected_seq, prev_hash, checked = entry.seq + 1, entry.hash, checked + 1
    head = AuditHead.objects.get(pk=1)
    if head.seq != checked or head.hash != prev_hash:
        return ChainReport(
            checked,
            f"the chain ends at entry #{checked} but its head records #{head.seq}: "
            "entries were removed from or added to the end",
            checked + 1 if head.seq > checked else head.seq + 1,
        )
    return ChainReport(checked)
