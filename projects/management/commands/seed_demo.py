"""python manage.py seed_demo: a demo user and a `demo` project with sample data. Idempotent.

Each module with sample data (pulse/modules.py, `demo`) has a `demo.py` with
`seed(project=..., visitor_id=...)`; this command calls them in the modules' order, so a
new module extends the demo without touching this file.
"""

import uuid
from importlib import import_module

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from projects.models import Membership, Project
from pulse.modules import MODULES

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pulse-2026"
DEMO_VISITOR_ID = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and project with sample data."

    @transaction.atomic
    def handle(self, *args, **options):
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
        self.stdout.write(f"Demo project: demo (visitor id {DEMO_VISITOR_ID})")
        self.stdout.write(f"Demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}")
