"""Writes of notifications: creating them (the one place, in bulk) and marking them read."""

from django.db.models import Q
from django.utils import timezone

from .models import Notification

MAX_RECIPIENTS = 1000


def notify(*, project, user_ids, type, title, message="", link="", metadata=None):
    """Create one notification per distinct visitor id; returns the created rows.

    The fields are checked once with `full_clean` (text rule, link rule, lengths): every row
    holds the same ones. Raises django ValidationError naming the field.
    """
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
    if notifications:
        notifications[0].full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    return Notification.objects.bulk_create(notifications)  # one INSERT (SQLite batches by its own limit)


def mark_read(*, project_id, user_id, notification_id):
    """Mark one of the visitor's notifications read; an already-read one keeps its read_at.

    Raises Notification.DoesNotExist when it is not this visitor's (or does not exist).
    """
    mine = Notification.objects.filter(project_id=project_id, user_id=user_id, pk=notification_id)
    if not mine.filter(read_at__isnull=True).update(read_at=timezone.now()) and not mine.exists():
        raise Notification.DoesNotExist


def mark_all_read(*, project_id, user_id):
    """Mark every unread notification of the visitor read; returns how many changed."""
    return Notification.objects.filter(project_id=project_id, user_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def delete_notifications_about(*, project_id, key, object_id):
    """Delete the project's notifications pointing at a deleted object; returns how many.

    A notification points at an object by its id under `key` in `metadata` (e.g.
    "roadmap_entry_id", as the services that notify write it) or by the id in its `link`
    (e.g. "/roadmap#<id>"). Ids are UUIDs, so a link holding one points at that object only.
    Call it in the deleting transaction (issue 18: a delete takes what hangs off the row).
    """
    object_id = str(object_id)
    pointing = Q(**{f"metadata__{key}": object_id}) | Q(link__contains=object_id)
    deleted, _ = Notification.objects.filter(pointing, project_id=project_id).delete()
    return deleted
