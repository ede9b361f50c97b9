"""Model fields every app's tables share."""

import uuid

from django.db import models


def uuid_pk() -> models.UUIDField:
    """A random UUID primary key: ids that reveal nothing of how many records there are."""
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
