"""The projects app: projects, memberships, API keys, and the dashboard around them."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from . import signals
        from .models import Project

        post_save.connect(signals.project_changed, sender=Project, dispatch_uid="projects_project_saved")
        post_delete.connect(signals.project_changed, sender=Project, dispatch_uid="projects_project_deleted")
