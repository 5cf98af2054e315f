"""Writes of the announcements app."""

from django.db import transaction

from notifications.services import delete_notifications_about

from .models import AnnouncementDismissal


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
