"""On PostgreSQL, compare idempotency keys bytewise (COLLATE "C"): faster inserts and look-ups of the
unique index during imports; keys are opaque, so no linguistic order is lost."""
from django.db import migrations

COLUMN = 'ALTER TABLE learners_attempt ALTER COLUMN idempotency_key TYPE varchar(128) COLLATE "{}"'


def to_bytewise(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN.format("C"))


def to_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(COLUMN.format("default"))


class Migration(migrations.Migration):
    dependencies = [("learners", "0002_role_groups")]
    operations = [migrations.RunPython(to_bytewise, to_default)]
