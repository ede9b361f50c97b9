"""Everything a database holds, as one JSON document on stdout: each model's records (every
field, generated ones too, read through the ORM) by primary key, and the SHA-256 of every
uploaded file's bytes. Two databases hold the same records and files when their snapshots are
equal. Run against the database and storage of the environment:

    python -m tests.backup.snapshot
"""

import hashlib
import json
import os

import django


def record_digest(obj, fields) -> str:
    values = [field.value_to_string(obj) for field in fields]
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def file_digest(storage, name: str) -> str:
    with storage.open(name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def snapshot() -> dict:
    from django.apps import apps
    from django.db import models

    records, files = {}, {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = model._meta.concrete_fields
        file_fields = [f for f in fields if isinstance(f, models.FileField)]
        rows = {}
        for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
            rows[str(obj.pk)] = record_digest(obj, fields)
            for field in file_fields:
                name = getattr(obj, field.attname).name
                if name:
                    files[name] = file_digest(field.storage, name)
        records[model._meta.label_lower] = rows
    return {"records": records, "files": files}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    django.setup()
    print(json.dumps(snapshot()))
