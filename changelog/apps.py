"""The changelog app: entries, views, and the cache of its public list."""

from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "changelog"

    def ready(self):
        from pulse.api.caching import invalidate_on_change

        from .models import ChangelogEntry
        from .selectors import PUBLIC_CACHE_RESOURCE, PUBLISHED_IDS_RESOURCE

        # The cached public list (GET /changelog without limit/offset) and the published ids
        # (for the unseen badge) are rebuilt after any change.
        invalidate_on_change(ChangelogEntry, PUBLIC_CACHE_RESOURCE)
        invalidate_on_change(ChangelogEntry, PUBLISHED_IDS_RESOURCE)
