"""The projects app: projects, memberships, API keys, and the dashboard around them."""

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from . import signals
        from .models import Project

        user_logged_in.connect(signals.user_logged_in, dispatch_uid="projects_user_time_zone")
        post_save.connect(signals.project_changed, sender=Project, dispatch_uid="projects_project_saved")
        post_delete.connect(signals.project_changed, sender=Project, dispatch_uid="projects_project_deleted")
