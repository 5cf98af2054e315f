"""Reads of announcements: what is live now, for the public list and the dismiss endpoint."""

import uuid

from django.db.models import Min, Q
from django.utils import timezone

from pulse.api.caching import earliest
from pulse.db import CompiledQuery

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


def _dismissed(*, project_id, visitor_id):
    return AnnouncementDismissal.objects.filter(announcement__project_id=project_id, visitor_id=visitor_id).values(
        "announcement_id"
    )


# Every widget page load asks for this: compiled once per process (see pulse.db).
DISMISSED = CompiledQuery(_dismissed, project_id=uuid.UUID(int=1), visitor_id=uuid.UUID(int=2))


def without_dismissed(rows, *, project_id, visitor_id):
    """The cached live list's rows (ids as strings) minus those `visitor_id` dismissed."""
    if not rows:
        return rows
    dismissed = {str(row["announcement_id"]) for row in DISMISSED(project_id=project_id, visitor_id=visitor_id)}
    return [row for row in rows if row["id"] not in dismissed]


def next_window_change(*, project_id, now=None):
    """When the live list next changes by time alone: the earliest future starts_at or ends_at."""
    now = now or timezone.now()
    bounds = Announcement.objects.filter(project_id=project_id, is_active=True).aggregate(
        next_start=Min("starts_at", filter=Q(starts_at__gt=now)),
        next_end=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return earliest(bounds["next_start"], bounds["next_end"])
