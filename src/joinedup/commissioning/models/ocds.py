"""The Open Contracting publication: every state change of a contracting process, as a release."""

import uuid

from django.db import models

__all__ = ["Release"]

APPEND_ONLY = "OCDS releases are append-only: a published release is never changed or deleted."


class ReleaseQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(APPEND_ONLY)

    def delete(self):
        raise PermissionError(APPEND_ONLY)


class Release(models.Model):
    """One OCDS 1.1.5 release, append-only: the process as it stood at `date`.

    `release_id` is the release's OCDS `id`; `sequence` numbers a process's releases from 1 and
    `date` strictly increases with it. `data` is the whole release JSON as published.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        "commissioning.ContractingProcess", on_delete=models.PROTECT, related_name="releases"
    )
    release_id = models.CharField(max_length=120, unique=True)
    sequence = models.PositiveIntegerField()
    date = models.DateTimeField()
    tags = models.JSONField(default=list)
    data = models.JSONField()

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["process", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "sequence"], name="one_release_per_process_sequence"
            ),
            models.UniqueConstraint(
                fields=["process", "date"], name="one_release_per_process_date"
            ),
        ]

    def __str__(self):
        return self.release_id

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(APPEND_ONLY)
