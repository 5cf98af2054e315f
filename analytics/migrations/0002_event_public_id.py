"""Events get a public id (uuid7, unique) that the API shows instead of the sequential pk.

Added nullable, backfilled, then made required and unique: a callable default on AddField
would give every existing row the same value. Existing rows get a uuid7 whose time part is
their arrival time (PostgreSQL: `gen_random_uuid()`, one statement, version 4: random too).
"""

from django.db import migrations, models

import pulse.ids

CHUNK = 5000


def backfill(apps, schema_editor):
    Event = apps.get_model("analytics", "Event")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE {Event._meta.db_table} SET public_id = gen_random_uuid() WHERE public_id IS NULL")
        return
    missing = Event.objects.filter(public_id__isnull=True).order_by("pk")
    while chunk := list(missing.only("pk", "received_at")[:CHUNK]):
        for event in chunk:
            event.public_id = pulse.ids.uuid7(at_ms=event.received_at.timestamp() * 1000)
        Event.objects.bulk_update(chunk, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="public_id",
            field=models.UUIDField(default=pulse.ids.uuid7, editable=False, unique=True),
        ),
    ]
