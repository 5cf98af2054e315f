"""The roadmap app: entries by milestone, visitor votes, and the signals keeping the counts."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class RoadmapConfig(AppConfig):
    name = "roadmap"

    def ready(self):
        from pulse.api.caching import invalidate_on_change

        from . import signals
        from .models import RoadmapEntry, RoadmapVote
        from .selectors import PUBLIC_CACHE_RESOURCE

        invalidate_on_change(RoadmapEntry, PUBLIC_CACHE_RESOURCE)
        pre_save.connect(signals.remember_stored_vote_type, sender=RoadmapVote, dispatch_uid="roadmap_vote_pre_save")
        post_save.connect(signals.vote_saved, sender=RoadmapVote, dispatch_uid="roadmap_vote_saved")
        post_delete.connect(signals.vote_deleted, sender=RoadmapVote, dispatch_uid="roadmap_vote_deleted")
