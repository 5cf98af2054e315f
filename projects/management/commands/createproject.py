"""python manage.py createproject SLUG --name NAME [--owner USERNAME]"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from projects.services import create_project


class Command(BaseCommand):
    help = "Create a project (optionally with an owner)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", help="username of an existing user who becomes owner")

    def handle(self, *args, slug, name, owner=None, **options):
        user = None
        if owner:
            user = get_user_model().objects.filter(username=owner).first()
            if user is None:
                raise CommandError(
                    f"No user named {owner!r}: create the account first (`manage.py createsuperuser`, "
                    "or sign up at /signup/), or leave out --owner and add members in the dashboard"
                )
        try:
            project = create_project(name=name, slug=slug, owner=user)
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))
        self.stdout.write(f"Created project {project.slug} ({project.name})")
