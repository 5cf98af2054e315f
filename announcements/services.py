"""Writes of the announcements app."""

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
