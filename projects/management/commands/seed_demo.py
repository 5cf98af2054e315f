"""python manage.py seed_demo: a demo user and a `demo` project with sample data. Idempotent.

Each module with sample data (pulse/modules.py, `demo`) has a `demo.py` with
`seed(project=..., visitor_id=...)`; this command calls them in the modules' order, so a
new module extends the demo without touching this file.

The demo user's password is published (README, `make run`), so the command refuses when
`DEBUG` is off (a real deployment) unless asked with `--force` or `PULSE_SEED_DEMO=1`; and it
prints the login only while that password still works (issue 18, item 7).
"""

import os
import uuid
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from projects.models import Membership, Project
from pulse.modules import MODULES

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pulse-2026"
DEMO_VISITOR_ID = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
FORCE_ENV = "PULSE_SEED_DEMO"


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo user and project with sample data. Refused when DEBUG is off "
        f"unless --force or {FORCE_ENV}=1: the demo password is public."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off (creates a user whose password is published).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not (force or os.environ.get(FORCE_ENV) == "1"):
            raise CommandError(
                "DEBUG is off: not creating the demo user, whose password is published. "
                f"Pass --force (or set {FORCE_ENV}=1) if you really want the demo here."
            )
        with transaction.atomic():
            user = self.seed()
        self.stdout.write(f"Demo project: demo (visitor id {DEMO_VISITOR_ID})")
        if user.check_password(DEMO_PASSWORD):
            self.stdout.write(f"Demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}")
        else:
            self.stdout.write(
                f"Demo login: {DEMO_USERNAME} / (the password was changed from the published one; "
                f"use yours, or `manage.py changepassword {DEMO_USERNAME}`)"
            )

    def seed(self):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=DEMO_USERNAME, defaults={"email": "demo@example.com"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        project, _ = Project.objects.get_or_create(slug="demo", defaults={"name": "Demo Project"})
        Membership.objects.get_or_create(project=project, user=user, defaults={"role": Membership.Role.OWNER})
        for module in MODULES:
            if module.demo_module:
                import_module(module.demo_module).seed(project=project, visitor_id=DEMO_VISITOR_ID)
        return user
