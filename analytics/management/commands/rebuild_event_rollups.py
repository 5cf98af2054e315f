"""python manage.py rebuild_event_rollups [SLUG]: recompute daily event counts from raw events."""

from django.core.management.base import BaseCommand, CommandError

from analytics.services import rebuild_daily_counts
from projects.models import Project


class Command(BaseCommand):
    help = "Recompute the daily event rollup from raw events, for one project or all of them."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="only this project (default: every project)")

    def handle(self, *args, slug=None, **options):
        projects = Project.objects.order_by("slug")
        if slug is not None:
            projects = projects.filter(slug=slug)
            if not projects.exists():
                raise CommandError(f"No project with slug {slug!r}")
        for project in projects:
            rows = rebuild_daily_counts(project=project)
            self.stdout.write(f"{project.slug}: {rows} daily counts rebuilt")
