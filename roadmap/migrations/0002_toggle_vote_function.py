"""Once created `roadmap_toggle_vote`, a PostgreSQL function toggling a vote in one call.

The toggle is now the ORM path of every database (pulse/votes.py), so this migration does
nothing: a fresh database never gets the function, and 0003 drops it where it was created.
It stays so the migration history of existing databases is unchanged.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]

    operations = []
