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


def published_entries(*, project_id):
    """The project's entries visitors see (published, not scheduled for later)."""
    return RoadmapEntry.objects.filter(project_id=project_id, published_at__lte=timezone.now())


def project_entries(*, project_id):
    """All of the project's entries, drafts and scheduled ones included, in roadmap order."""
    return RoadmapEntry.objects.filter(project_id=project_id).order_by("milestone_number", "sort_order", "created_at")


def visitor_votes(*, project_id, visitor_id):
    """{entry id (str): "up" | "down"} of `visitor_id`'s votes on the project's entries: one query.

    PostgreSQL walks the project's entries and probes the (entry, visitor) unique index of
    `RoadmapVote` for each, so its cost follows the project's entries, not the number of
    voters. Used by the API's roadmap with a visitor id and by the portal's roadmap page.
    """
    votes = RoadmapVote.objects.filter(entry__project_id=project_id, visitor_id=visitor_id)
    return {str(entry_id): vote_type for entry_id, vote_type in votes.values_list("entry_id", "vote_type")}


def with_user_votes(rows, *, project_id, visitor_id):
    """The cached `GET /roadmap` rows (ids as strings), each with the visitor's `user_vote`
    ("up", "down" or None). One query of the visitor's votes on the listed entries (all of
    them `project_id`'s), none when the list is empty. A `for_visitor` of `CachedRead`.
    """
    if not rows:
        return rows
    votes = visitor_votes(project_id=project_id, visitor_id=visitor_id)
    return [{**row, "user_vote": votes.get(row["id"])} for row in rows]
