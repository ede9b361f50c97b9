"""The Open Contracting publication: every state change of a contracting process, as a release."""

import uuid

from django.db import models

__all__ = ["Release"]


class Release(models.Model):
    """One OCDS 1.1.5 release, append-only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process = models.ForeignKey(
        "commissioning.ContractingProcess", on_delete=models.PROTECT, related_name="releases"
    )
    data = models.JSONField()
