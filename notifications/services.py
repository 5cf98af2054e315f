"""The one place notifications are created: for one visitor or many, in one bulk insert."""

from .models import Notification

MAX_RECIPIENTS = 1000


def notify(*, project, user_ids, type, title, message="", link="", metadata=None):
    """Create one notification per distinct visitor id; returns the created rows."""
    distinct_ids = list(dict.fromkeys(user_ids))
    notifications = [
        Notification(
            project=project,
            user_id=user_id,
            type=type,
            title=title,
            message=message,
            link=link,
            metadata=metadata or {},
        )
        for user_id in distinct_ids
    ]
    return Notification.objects.bulk_create(notifications, batch_size=500)
