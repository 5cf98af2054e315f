"""Issue 15: the link rule (pulse/links.py) on the model field, and rows stored before the text
rule (pulse/text.py) get their refused characters replaced (one cleaner for every app).
"""

from django.db import migrations, models

import pulse.links
from pulse.text import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_visitor_list_tiebreak"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="link",
            field=models.CharField(
                blank=True,
                help_text="A site path or an http(s) URL.",
                max_length=2000,
                validators=[pulse.links.LinkValidator(site=True)],
            ),
        ),
        migrations.RunPython(clean_stored_text("notifications"), migrations.RunPython.noop, elidable=True),
    ]
