"""PostgreSQL: drop `roadmap_toggle_vote` (created by 0002 before it became a no-op).

The vote toggle and the count it keeps are pulse/votes.py's signals path on every database;
the function was a second implementation of the same rule. Other databases never had it.
"""

from django.db import migrations

DROP = "DROP FUNCTION IF EXISTS roadmap_toggle_vote(uuid, uuid, uuid, text, timestamptz);"


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0002_toggle_vote_function")]

    operations = [migrations.RunPython(drop_function, migrations.RunPython.noop)]
