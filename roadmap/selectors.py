"""Reads of roadmap entries shared by the public API, the Admin API and the dashboard, and
the key of the public roadmap in the core's list cache.
"""

from django.utils import timezone

from pulse.api.caching import invalidate_public_cache

from .models import RoadmapEntry, RoadmapVote

PUBLIC_CACHE_RESOURCE = "roadmap"


def forget_cached_roadmap(*, project_id):
    """Drop the cached public list (vote counts and order are in it)."""
    invalidate_public_cache(resource=PUBLIC_CACHE_RESOURCE, project_id=project_id)


def public_roadmap(*, project_id):
    """(published entries in roadmap order, when the next scheduled one goes live or None).

    One query: scheduled entries come along so the cache knows when the list changes.
    """
    now = timezone.now()
    entries = list(
        RoadmapEntry.objects.filter(project_id=project_id, published_at__isnull=False).order_by(
            "milestone_number", "sort_order", "created_at"
        )
    )
    scheduled = [entry.published_at for entry in entries if entry.published_at > now]
    return [entry for entry in entries if entry.published_at <= now], min(scheduled, default=None)


def project_entries(*, project_id):
    """All of the project's entries, drafts and scheduled ones included, in roadmap order."""
    return RoadmapEntry.objects.filter(project_id=project_id).order_by("milestone_number", "sort_order", "created_at")


def visitor_votes(*, project_id, visitor_id):
    """{entry id: "up" | "down"}: the visitor's votes on the project's entries (one query)."""
    votes = RoadmapVote.objects.filter(entry__project_id=project_id, visitor_id=visitor_id)
    return dict(votes.values_list("entry_id", "vote_type"))
