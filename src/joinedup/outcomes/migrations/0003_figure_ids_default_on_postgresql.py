"""On PostgreSQL, the figure tables' ids get a database default, so that a first import can copy
rows straight into them (`importing/loading.py`). Django still gives every row it saves an id of
its own; SQLite has no such function and needs none."""

from django.db import migrations

TABLES = ("outcomes_observation", "outcomes_plan")


def set_defaults(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT gen_random_uuid()")


def drop_defaults(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0002_rating_schemes")]
    operations = [migrations.RunPython(set_defaults, drop_defaults)]
