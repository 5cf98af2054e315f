"""Each project's secret namespace for signed visitors' ids (pulse.api.visitors.signed_visitor_id).

AddField evaluates a callable default once for every existing row, so the rows are given
their own random namespace afterwards.
"""

import uuid

from django.db import migrations, models


def give_each_project_its_own_namespace(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    for project in Project.objects.only("pk"):
        Project.objects.filter(pk=project.pk).update(identity_namespace=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0008_i22_identity"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="identity_namespace",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RunPython(give_each_project_its_own_namespace, migrations.RunPython.noop),
    ]
