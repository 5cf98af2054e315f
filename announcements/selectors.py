"""Reads of announcements: what is live now, for the public list and the dismiss endpoint."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

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
