"""Reads of the public changelog: plain dicts in one query each, ready to render or cache.

`published_entries` is the whole payload of `GET /changelog`, keyed only by its arguments,
so it can be cached per project as it is (valid until `next_scheduled_at`). Its keys are
`PUBLIC_FIELDS`, the seed's entry.
"""

from django.db.models import Q

from pulse.db import run_prepared, uuid_strings

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


# Asked on every widget page load by a visitor: literal SQL, prepared on PostgreSQL (pulse.db).
# The (project, visitor) index answers it.
VIEWED_SQL = f"""
    SELECT entry_id
    FROM {ChangelogView._meta.db_table}
    WHERE project_id = %s AND visitor_id = %s
"""


def viewed_ids(*, project_id, visitor_id):
    """Ids (strings) of the project's changelog entries that `visitor_id` (a UUID) viewed.

    One SQL text on every backend, run as a prepared statement on PostgreSQL: the ORM's
    queryset cost more to build, and PostgreSQL more to plan, than this read costs to run.
    """
    return uuid_strings(run_prepared(VIEWED_SQL, [project_id, visitor_id]))


def unseen_of(published_ids, *, project_id, visitor_id):
    """`GET /changelog/unseen`: the cached published ids (strings) minus those the visitor viewed."""
    viewed = viewed_ids(project_id=project_id, visitor_id=visitor_id)
    unseen = [entry_id for entry_id in published_ids if entry_id not in viewed]
    return {"unseen_count": len(unseen), "unseen_ids": unseen}


def feed_entries(project_id, count):
    """The newest `count` published entries as model instances, for the RSS feed."""
    return list(ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)[:count])


# The public portal (changelog/portal.py): pages, one entry, its neighbours, the filters.


def portal_entries(project_id, *, type="", category=""):
    """The project's published entries newest first, narrowed to a `type` and a `category`
    when given, as a queryset for the portal's paginator (a count and a page: two queries)."""
    queryset = ChangelogEntry.objects.filter(project_id=project_id).published().order_by(*NEWEST_FIRST)
    if type:
        queryset = queryset.filter(type=type)
    if category:
        queryset = queryset.filter(category=category)
    return queryset


def portal_categories(project_id):
    """The distinct non-empty categories of the project's published entries, sorted."""
    queryset = ChangelogEntry.objects.filter(project_id=project_id).published().exclude(category="")
    return sorted(set(queryset.values_list("category", flat=True)))


def published_entry(project_id, entry_id):
    """The project's published entry `entry_id`, or None (unknown, draft or still scheduled)."""
    return ChangelogEntry.objects.filter(project_id=project_id, pk=entry_id).published().first()


def neighbours(entry):
    """(newer, older): the published entries right after and before `entry`, or None."""
    published = ChangelogEntry.objects.filter(project_id=entry.project_id).published()
    at, created = entry.published_at, entry.created_at
    newer = (
        published.filter(Q(published_at__gt=at) | Q(published_at=at, created_at__gt=created))
        .order_by("published_at", "created_at")
        .only("id", "version", "title")
        .first()
    )
    older = (
        published.filter(Q(published_at__lt=at) | Q(published_at=at, created_at__lt=created))
        .order_by(*NEWEST_FIRST)
        .only("id", "version", "title")
        .first()
    )
    return newer, older
