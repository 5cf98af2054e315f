"""python manage.py seed_demo: a demo user and a `demo` project with sample data. Idempotent.

Each app with sample data has a `demo.py` with `seed(project=..., visitor_id=...)`; this
command calls them in order, so a new module extends the demo without touching this file.
"""

import importlib
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from projects.models import Membership, Project

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-pulse-2026"
DEMO_VISITOR_ID = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")
DEMO_APPS = ["changelog", "roadmap", "feedback", "notifications", "announcements", "analytics"]


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
        for label in DEMO_APPS:
            module_name = f"{apps.get_app_config(label).name}.demo"
            if importlib.util.find_spec(module_name) is not None:
                importlib.import_module(module_name).seed(project=project, visitor_id=DEMO_VISITOR_ID)
        self.stdout.write(f"Demo project: demo (visitor id {DEMO_VISITOR_ID})")
        self.stdout.write(f"Demo login: {DEMO_USERNAME} / {DEMO_PASSWORD}")
