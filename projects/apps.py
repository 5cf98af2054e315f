"""The projects app: projects, memberships, API keys, and the dashboard around them."""

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"

    def ready(self):
        from django.db.models.signals import post_delete

        from .models import ApiKey, forget_cached_api_keys

        # Deleted keys (their project's deletion, bulk deletes in the admin) leave the cache too.
        post_delete.connect(
            lambda sender, instance, **kwargs: forget_cached_api_keys([instance.digest]),
            sender=ApiKey,
            weak=False,
            dispatch_uid="forget-deleted-api-key",
        )
