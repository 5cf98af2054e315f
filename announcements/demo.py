"""Demo announcements: two live banners, one scheduled and one expired. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from .models import Announcement


def seed(*, project, visitor_id):
    now = timezone.now()
    demo = [
        {
            "title": "New: dark mode is here",
            "message": "Switch themes from your profile menu. Tell us what you think!",
            "type": Announcement.Type.SUCCESS,
            "banner_color": "#16a34a",
            "is_dismissible": True,
            "priority": 5,
            "starts_at": now - timedelta(days=2),
            "ends_at": now + timedelta(days=28),
        },
        {
            "title": "Scheduled maintenance on Sunday",
            "message": "The service will be read-only from 02:00 to 03:00 UTC while we upgrade the database.",
            "type": Announcement.Type.WARNING,
            "banner_color": "#d97706",
            "is_dismissible": False,
            "priority": 10,
            "starts_at": now - timedelta(hours=6),
            "ends_at": now + timedelta(days=5),
        },
        {
            "title": "Pricing update next month",
            "message": "Annual plans get two months free from the 1st.",
            "type": Announcement.Type.INFO,
            "banner_color": "#2563eb",
            "is_dismissible": True,
            "priority": 1,
            "starts_at": now + timedelta(days=7),
            "ends_at": now + timedelta(days=37),
        },
        {
            "title": "Degraded performance resolved",
            "message": "Yesterday's slow page loads are fixed. Sorry for the trouble.",
            "type": Announcement.Type.ERROR,
            "banner_color": "#dc2626",
            "is_dismissible": True,
            "priority": 3,
            "starts_at": now - timedelta(days=10),
            "ends_at": now - timedelta(days=1),
        },
    ]
    for fields in demo:
        title = fields.pop("title")
        Announcement.objects.update_or_create(project=project, title=title, defaults={**fields, "is_active": True})
