"""python manage.py recount_votes [SLUG]: rebuild roadmap vote counts from the votes.

Prints each corrected entry (stored count -> counted) and a summary line.
"""

from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from roadmap.services import recount_votes


class Command(BaseCommand):
    help = "Rebuild every roadmap entry's vote_count from its votes (one project with SLUG, or all)."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="only this project's entries")

    def handle(self, *args, slug=None, **options):
        project = None
        if slug is not None:
            project = Project.objects.filter(slug=slug).first()
            if project is None:
                raise CommandError(f"No project with slug {slug!r}")
        corrections = recount_votes(project=project)
        for entry, stored, counted in corrections:
            self.stdout.write(f"{entry.project.slug}: {entry.feature_name} ({entry.pk}): {stored} -> {counted}")
        scope = f"project {slug}" if slug else "all projects"
        self.stdout.write(f"Corrected {len(corrections)} vote count(s) in {scope}.")
