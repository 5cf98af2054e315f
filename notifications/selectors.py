"""Reads of a visitor's notifications, shared by the public and the Admin API."""

from .models import Notification

PUBLIC_LIST_SIZE = 50


def visitor_notifications(*, project_id, user_id):
    """A visitor's notifications in this project, newest first."""
    return Notification.objects.filter(project_id=project_id, user_id=user_id).order_by("-created_at", "-id")


def unread_count(*, project_id, user_id):
    return Notification.objects.filter(project_id=project_id, user_id=user_id, read_at__isnull=True).count()


def email_recipient_ids(event):
    """Subscriber ids an event is emailed to: confirmed, not unsubscribed, and by type:

    - changelog.published: those subscribed to the changelog;
    - roadmap.status_changed: those whose visitor id upvoted the entry;
    - feedback.message_created (a public team reply): the feedback author's address.
    Other types are not emailed. Returns a queryset of ids.
    """
    from roadmap.models import RoadmapVote

    from .models import Subscriber

    confirmed = Subscriber.objects.filter(
        project_id=event.project_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    data = event.payload
    if event.type == "changelog.published":
        chosen = confirmed.filter(changelog=True)
    elif event.type == "roadmap.status_changed":
        upvoters = RoadmapVote.objects.filter(entry_id=data["entry"]["id"], vote_type=RoadmapVote.VoteType.UP)
        chosen = confirmed.filter(visitor_id__in=upvoters.values("visitor_id"))
    elif reply_author(event):
        chosen = confirmed.filter(visitor_id=reply_author(event))
    else:
        chosen = confirmed.none()
    return chosen.values_list("pk", flat=True)


def reply_author(event):
    """The visitor id (str) of the feedback's author when `event` is a public team reply to
    it (the transactional email of a reply), else None."""
    data = event.payload
    if event.type == "feedback.message_created" and data.get("is_public") and data.get("sender_role") == "team":
        return data.get("feedback", {}).get("user_id") or None
    return None
