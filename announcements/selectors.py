"""Reads of announcements: what is live now, for the public list and the dismiss endpoint."""

from django.db.models import Min, Q
from django.utils import timezone

from pulse.api.caching import earliest
from pulse.db import run_prepared, uuid_strings

from .models import Announcement, AnnouncementDismissal
from .serializers import PUBLIC_FIELDS


def live_announcements(*, project_id, now=None):
    """A project's announcements that are active and within their time window now."""
    now = now or timezone.now()
    return Announcement.objects.filter(
        Q(starts_at__isnull=True) | Q(starts_at__lte=now),
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        project_id=project_id,
        is_active=True,
    )


def public_announcements(*, project_id):
    """The live list, highest priority first, as plain rows (PUBLIC_FIELDS): what
    AnnouncementSerializer renders, cheaper (orjson writes the UUIDs and UTC "Z" times of
    these rows exactly as the serializer would). A visitor's list is this, cached, minus
    their dismissals (`without_dismissed`)."""
    live = live_announcements(project_id=project_id).order_by("-priority", "-created_at")
    return list(live.values(*PUBLIC_FIELDS))


# Asked on every widget page load by a visitor: literal SQL, prepared on PostgreSQL (pulse.db).
DISMISSED_SQL = f"""
    SELECT dismissal.announcement_id
    FROM {AnnouncementDismissal._meta.db_table} AS dismissal
    JOIN {Announcement._meta.db_table} AS announcement ON announcement.id = dismissal.announcement_id
    WHERE announcement.project_id = %s AND dismissal.visitor_id = %s
"""


def dismissed_ids(*, project_id, visitor_id):
    """Ids (strings) of the project's announcements that `visitor_id` (a UUID) dismissed.

    One SQL text on every backend, run as a prepared statement on PostgreSQL: the ORM's
    queryset cost more to build, and PostgreSQL more to plan, than this read costs to run.
    """
    return uuid_strings(run_prepared(DISMISSED_SQL, [project_id, visitor_id]))


def without_dismissed(rows, *, project_id, visitor_id):
    """The cached live list's rows (ids as strings) minus those `visitor_id` dismissed."""
    if not rows:
        return rows
    dismissed = dismissed_ids(project_id=project_id, visitor_id=visitor_id)
    return [row for row in rows if row["id"] not in dismissed]


def next_window_change(*, project_id, now=None):
    """When the live list next changes by time alone: the earliest future starts_at or ends_at."""
    now = now or timezone.now()
    bounds = Announcement.objects.filter(project_id=project_id, is_active=True).aggregate(
        next_start=Min("starts_at", filter=Q(starts_at__gt=now)),
        next_end=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return earliest(bounds["next_start"], bounds["next_end"])
