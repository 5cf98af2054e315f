"""Writes of the announcements app."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.services import delete_notifications_about

from .models import Announcement, AnnouncementDismissal


def dismiss_announcement(*, announcement, visitor_id):
    """Record that `visitor_id` dismissed `announcement`; a repeat is a no-op.

    One INSERT ... ON CONFLICT DO NOTHING on the unique (announcement, visitor) constraint,
    so concurrent identical calls neither fail nor create a second row.
    """
    AnnouncementDismissal.objects.bulk_create(
        [AnnouncementDismissal(announcement=announcement, visitor_id=visitor_id)],
        ignore_conflicts=True,
    )


@transaction.atomic
def delete_announcement(*, announcement):
    """Delete an announcement with its dismissals and the notifications pointing at it."""
    delete_notifications_about(project_id=announcement.project_id, key="announcement_id", object_id=announcement.pk)
    announcement.delete()


DUE_WINDOW_DAYS = 7


def emit_due_started_events(now=None):
    """Emit `announcement.started` for active announcements that started (at `starts_at`, or
    at creation without one) in the last DUE_WINDOW_DAYS days and have not ended. The beat
    calls this every minute, so immediate and scheduled announcements take the same path
    (at most a minute late); the dedupe key makes each start emitted once. Returns how many."""
    from notifications import events
    from notifications.models import OutboxEvent

    now = now or timezone.now()
    since = now - timedelta(days=DUE_WINDOW_DAYS)
    started = (
        Announcement.objects.filter(is_active=True)
        .filter(Q(starts_at__lte=now, starts_at__gt=since) | Q(starts_at__isnull=True, created_at__gt=since))
        .exclude(ends_at__lte=now)
        .select_related("project")
    )
    due = list(started)
    done = set(
        OutboxEvent.objects.filter(dedupe_key__in=[events.announcement_started_key(item) for item in due]).values_list(
            "dedupe_key", flat=True
        )
    )
    emitted = 0
    for announcement in due:
        if events.announcement_started_key(announcement) not in done:
            with transaction.atomic():
                emitted += events.announcement_started(announcement) is not None
    return emitted
