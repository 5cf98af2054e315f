"""Reads of a visitor's notifications, shared by the public and the Admin API."""

from .models import Notification

PUBLIC_LIST_SIZE = 50


def visitor_notifications(*, project_id, user_id):
    """A visitor's notifications in this project, newest first."""
    return Notification.objects.filter(project_id=project_id, user_id=user_id).order_by("-created_at", "-id")


def unread_count(*, project_id, user_id):
    return Notification.objects.filter(project_id=project_id, user_id=user_id, read_at__isnull=True).count()
