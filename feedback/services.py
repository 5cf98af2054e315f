"""Writes of the feedback app: submissions, thread messages and triage.

The public API, the Admin API and the dashboard all write through these functions, so a
public team reply or a status change always notifies the feedback's author (in the same
transaction as the write), and an internal note never does.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from notifications import events
from notifications.models import Notification
from notifications.services import delete_notifications_about, notify, record_author_address

from .models import Feedback, FeedbackMessage

SUBMITTABLE_FIELDS = {"title", "description", "category", "email", "page_url", "browser_info"}
NOTIFICATION_TITLE_MAX_LENGTH = 200
NOTIFICATION_MESSAGE_MAX_LENGTH = 500


def default_priority(category):
    """Bugs get medium priority, everything else low (the public API reference's rule)."""
    return Feedback.Priority.MEDIUM if category == Feedback.Category.BUG else Feedback.Priority.LOW


def submit_feedback(*, project, visitor_id, locale="en", **fields):
    """Create a visitor's feedback: status `new`, unknown category `general`, priority by category.

    An `email` given with it is stored as the project's address of the author (in `locale`,
    notifications.services.record_author_address): the team's public replies are emailed to it.
    """
    unknown = set(fields) - SUBMITTABLE_FIELDS
    if unknown:
        raise TypeError(f"submit_feedback() got unexpected fields: {', '.join(sorted(unknown))}")
    category = fields.pop("category", None)
    if category not in Feedback.Category.values:
        category = Feedback.Category.GENERAL
    feedback = Feedback(
        project=project,
        user_id=visitor_id,
        category=category,
        priority=default_priority(category),
        status=Feedback.Status.NEW,
        **fields,
    )
    # The text, link and length rules; the project is given and the id new (no queries).
    feedback.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        feedback.save(force_insert=True)
        if feedback.email:
            record_author_address(project=project, email=feedback.email, visitor_id=visitor_id, locale=locale)
        events.feedback_created(feedback)
    return feedback


def _add_message(*, feedback, sender_role, sender_id, message, is_public):
    """Store a message and mark the thread active (the inbox shows the last activity)."""
    created = FeedbackMessage(
        feedback=feedback, message=message, sender_role=sender_role, sender_id=str(sender_id), is_public=is_public
    )
    created.full_clean(exclude=["feedback"], validate_unique=False, validate_constraints=False)
    created.save(force_insert=True)
    feedback.updated_at = timezone.now()
    Feedback.objects.filter(pk=feedback.pk).update(updated_at=feedback.updated_at)
    events.feedback_message_created(created)
    return created


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _notify_author(*, feedback, title, message, metadata):
    if feedback.user_id is None:
        return
    notify(
        project=feedback.project,
        user_ids=[feedback.user_id],
        type=Notification.Type.FEEDBACK,
        title=_shorten(title, NOTIFICATION_TITLE_MAX_LENGTH),
        message=_shorten(message, NOTIFICATION_MESSAGE_MAX_LENGTH),
        link="",
        metadata={"feedback_id": str(feedback.pk), **metadata},
    )


@transaction.atomic
def add_visitor_message(*, feedback, visitor_id, message):
    """The author's follow-up on their own thread (always public)."""
    if feedback.user_id is None or str(feedback.user_id) != str(visitor_id):
        raise PermissionDenied("Forbidden")
    return _add_message(
        feedback=feedback,
        sender_role=FeedbackMessage.SenderRole.USER,
        sender_id=visitor_id,
        message=message,
        is_public=True,
    )


@transaction.atomic
def add_team_message(*, feedback, message, is_public, sender_id):
    """A team reply (public: the author is notified) or an internal note (`is_public` false)."""
    created = _add_message(
        feedback=feedback,
        sender_role=FeedbackMessage.SenderRole.TEAM,
        sender_id=sender_id,
        message=message,
        is_public=is_public,
    )
    if is_public:
        _notify_author(
            feedback=feedback,
            title=f"New reply to your feedback: {feedback.title}",
            message=message,
            metadata={"message_id": str(created.pk), "event": "reply"},
        )
    return created


@transaction.atomic
def change_feedback(*, feedback, status=None, priority=None):
    """Triage: set status and/or priority. A real status change notifies the author."""
    if status is not None and status not in Feedback.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}"})
    if priority is not None and priority not in Feedback.Priority.values:
        raise ValidationError({"priority": f"Unknown priority {priority!r}"})
    # Compare against the locked row, so two concurrent changes cannot both see the old status.
    current = Feedback.objects.select_for_update().only("status", "priority").get(pk=feedback.pk)
    previous_status = current.status
    changes = {}
    if status is not None and status != current.status:
        changes["status"] = status
    if priority is not None and priority != current.priority:
        changes["priority"] = priority
    feedback.status = changes.get("status", current.status)
    feedback.priority = changes.get("priority", current.priority)
    if not changes:
        return feedback
    feedback.save(update_fields=[*changes, "updated_at"])
    if "status" in changes:
        label = Feedback.Status(feedback.status).label
        _notify_author(
            feedback=feedback,
            title=f"Your feedback is now {label.lower()}: {feedback.title}",
            message=f"The status of “{feedback.title}” changed to {label.lower()}.",
            metadata={"event": "status", "status": feedback.status, "previous_status": previous_status},
        )
    return feedback


@transaction.atomic
def delete_feedback(*, feedback):
    """Delete feedback (e.g. spam) with its thread and the notifications sent to its author about it."""
    delete_notifications_about(project_id=feedback.project_id, key="feedback_id", object_id=feedback.pk)
    feedback.delete()
