import django.db.models.deletion
from django.db import migrations, models


def create_versions(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ContentVersion = apps.get_model("projects", "ContentVersion")
    ContentVersion.objects.bulk_create(
        [ContentVersion(project_id=pk) for pk in Project.objects.values_list("pk", flat=True)], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_invitation")]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="content",
                        serialize=False,
                        to="projects.project",
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_versions, migrations.RunPython.noop),
    ]
