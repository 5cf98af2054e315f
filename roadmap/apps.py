"""The roadmap app: entries by milestone, visitor votes, and the signals keeping the counts."""

from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self):
        from pulse.api.caching import invalidate_on_change

        from . import signals
        from .models import RoadmapEntry
        from .selectors import PUBLIC_CACHE_RESOURCE

        invalidate_on_change(RoadmapEntry, PUBLIC_CACHE_RESOURCE)
        signals.connect()
