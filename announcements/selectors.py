"""Reads of announcements: what is live now, for the public list and the dismiss endpoint."""

from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from pulse.api.caching import earliest

from .models import Announcement, AnnouncementDismissal


def live_announcements(*, project_id, now=None):
    """A project's announcements that are active and within their time window now."""
    now = now or timezone.now()
    return Announcement.objects.filter(
        Q(starts_at__isnull=True) | Q(starts_at__lte=now),
        Q(ends_at__isnull=True) | Q(ends_at__gt=now),
        project_id=project_id,
        is_active=True,
    )


def announcements_for_visitor(*, project_id, visitor_id=None, now=None):
    """Live announcements, highest priority first, minus those `visitor_id` dismissed.

    The dismissal filter is a NOT EXISTS in the same query, so the query count does not
    depend on how many announcements or dismissals there are.
    """
    queryset = live_announcements(project_id=project_id, now=now)
    if visitor_id is not None:
        dismissed = AnnouncementDismissal.objects.filter(announcement=OuterRef("pk"), visitor_id=visitor_id)
        queryset = queryset.filter(~Exists(dismissed))
    return queryset.order_by("-priority", "-created_at")


def next_window_change(*, project_id, now=None):
    """When the live list next changes by time alone: the earliest future starts_at or ends_at."""
    now = now or timezone.now()
    bounds = Announcement.objects.filter(project_id=project_id, is_active=True).aggregate(
        next_start=Min("starts_at", filter=Q(starts_at__gt=now)),
        next_end=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    return earliest(bounds["next_start"], bounds["next_end"])
