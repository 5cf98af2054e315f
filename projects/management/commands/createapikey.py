"""python manage.py createapikey SLUG --name NAME --scopes read,write [--expires-in-days N]

Prints the raw key alone on the last line; it is not stored and cannot be shown again.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.models import Project
from projects.scopes import parse_scopes
from projects.services import create_api_key


class Command(BaseCommand):
    help = "Create an API key for a project and print it once."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--scopes", required=True, help="comma-separated, e.g. read,write")
        parser.add_argument("--expires-in-days", type=int, default=None)

    def handle(self, *args, slug, name, scopes, expires_in_days=None, **options):
        project = Project.objects.filter(slug=slug).first()
        if project is None:
            raise CommandError(f"No project with slug {slug!r}")
        try:
            scope_list = parse_scopes(scopes)
        except ValueError as exc:
            raise CommandError(str(exc))
        if expires_in_days is not None and expires_in_days <= 0:
            raise CommandError("--expires-in-days must be positive")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            api_key, raw_key = create_api_key(project=project, name=name, scopes=scope_list, expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{field}: {', '.join(errors)}" for field, errors in exc.message_dict.items()))
        self.stdout.write(f"Created key {api_key.name!r} for {project.slug} with scopes {','.join(scope_list)}.")
        self.stdout.write("Copy it now, it will not be shown again:")
        self.stdout.write(raw_key)
