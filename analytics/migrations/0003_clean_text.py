"""Issue 15: rows stored before the text rule (pulse/text.py) get their refused characters replaced.

One migration per app with text, each calling the one cleaner of the core, so every app's
migration depends only on its own history. Forward only cleans; backward has nothing to undo.
"""

from django.db import migrations

from pulse.text import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_event_public_id")]

    operations = [migrations.RunPython(clean_stored_text("analytics"), migrations.RunPython.noop, elidable=True)]
