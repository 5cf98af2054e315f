"""Issue 15: rows stored before the text rule (pulse/text.py) get their refused characters replaced.

One migration per app with text, each calling the one cleaner of the core, so every app's
migration depends only on its own history. Forward only cleans; backward has nothing to undo.
"""

from django.db import migrations

from pulse.text import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [("announcements", "0002_banner_color_from_type")]

    operations = [migrations.RunPython(clean_stored_text("announcements"), migrations.RunPython.noop, elidable=True)]
