"""Issue 15: the link rule (pulse/links.py) on the model field, and rows stored before the text
rule (pulse/text.py) get their refused characters replaced (one cleaner for every app).
"""

from django.db import migrations, models

import pulse.links
from pulse.text import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="feedback",
            name="page_url",
            field=models.CharField(blank=True, max_length=2000, validators=[pulse.links.LinkValidator()]),
        ),
        migrations.RunPython(clean_stored_text("feedback"), migrations.RunPython.noop, elidable=True),
    ]
