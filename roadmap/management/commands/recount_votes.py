"""python manage.py recount_votes [SLUG]: rebuild vote counts from the votes, of roadmap
entries and of ideas (issue 20), through the one vote path (pulse.votes.recount_votes).

Prints each corrected entry and idea (stored count -> counted) and a summary line.
"""

from django.core.management.base import BaseCommand, CommandError

from feedback.services import recount_idea_votes
from projects.models import Project
from roadmap.services import recount_votes


class Command(BaseCommand):
    help = "Rebuild every roadmap entry's and idea's vote_count from its votes (one project with SLUG, or all)."

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
        idea_corrections = recount_idea_votes(project=project)
        for idea, stored, counted in idea_corrections:
            self.stdout.write(f"{idea.project.slug}: idea {idea.title} ({idea.pk}): {stored} -> {counted}")
        corrections = corrections + idea_corrections
        scope = f"project {slug}" if slug else "all projects"
        self.stdout.write(f"Corrected {len(corrections)} vote count(s) in {scope}.")
