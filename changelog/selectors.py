"""Reads of the public changelog: plain dicts in one query each, ready to render or cache.

`published_entries` is the whole payload of `GET /changelog`, keyed only by its arguments,
so it can be cached per project as it is (valid until `next_scheduled_at`). Its keys are
`PUBLIC_FIELDS`, the seed's entry.
"""

import uuid

from pulse.db import CompiledQuery

from .models import ChangelogEntry, ChangelogView

PUBLIC_FIELDS = (
    "id",
    "version",
    "title",
    "summary",
    "content",
    "type",
    "category",
    "is_highlight",
    "ai_summary",
    "published_at",
    "created_at",
)
PUBLIC_LIST_CAP = 100
PUBLIC_CACHE_RESOURCE = "changelog"  # the core's cache of the rendered default list
PUBLISHED_IDS_RESOURCE = "changelog-ids"  # ... and of every published id, for the unseen badge
NEWEST_FIRST = ("-published_at", "-created_at")


def published_entries(project_id, limit=None, offset=0):
    """A project's published entries, newest first: `limit` (capped) from `offset`."""
    limit = min(limit or PUBLIC_LIST_CAP, PUBLIC_LIST_CAP)
    queryset = ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)
    return list(queryset.values(*PUBLIC_FIELDS)[offset : offset + limit])


def next_scheduled_at(project_id):
    """When the project's next scheduled entry goes public (None if none is scheduled)."""
    scheduled = ChangelogEntry.objects.filter(project_id=project_id).scheduled().order_by("published_at")
    return scheduled.values_list("published_at", flat=True).first()


def published_entry_ids(project_id):
    """Ids of all the project's published entries, newest first: cached for the unseen badge."""
    queryset = ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)
    return list(queryset.values_list("id", flat=True))


def _viewed(*, project_id, visitor_id):
    return ChangelogView.objects.filter(project_id=project_id, visitor_id=visitor_id).values("entry_id")


# Every widget page load asks for this: compiled once per process (see pulse.db).
VIEWED = CompiledQuery(_viewed, project_id=uuid.UUID(int=1), visitor_id=uuid.UUID(int=2))


def unseen_of(published_ids, *, project_id, visitor_id):
    """`GET /changelog/unseen`: the cached published ids (strings) minus those the visitor viewed."""
    viewed = {str(row["entry_id"]) for row in VIEWED(project_id=project_id, visitor_id=visitor_id)}
    unseen = [entry_id for entry_id in published_ids if entry_id not in viewed]
    return {"unseen_count": len(unseen), "unseen_ids": unseen}


def feed_entries(project_id, count):
    """The newest `count` published entries as model instances, for the RSS feed."""
    return list(ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)[:count])
