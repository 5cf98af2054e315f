"""Reads of feedback shared by the public API, the Admin API and the dashboard."""

from django.db.models import Count, Prefetch, Q

from .models import Feedback, FeedbackMessage


def visitor_feedback(*, project_id, visitor_id):
    """A visitor's own feedback in a project, newest first."""
    return Feedback.objects.filter(project_id=project_id, user_id=visitor_id).order_by("-created_at", "-id")


def visitor_feedback_with_public_thread(*, project_id, visitor_id):
    """A visitor's own feedback, each with `public_messages` (oldest first): never a note."""
    public = FeedbackMessage.objects.filter(is_public=True).order_by("created_at", "id")
    return visitor_feedback(project_id=project_id, visitor_id=visitor_id).prefetch_related(
        Prefetch("messages", queryset=public, to_attr="public_messages")
    )


def inbox(*, project_id, status=None, category=None, priority=None, q=None):
    """The team's feedback, newest first, filtered (empty filters are ignored)."""
    queryset = Feedback.objects.filter(project_id=project_id)
    filters = {"status": status, "category": category, "priority": priority}
    queryset = queryset.filter(**{field: value for field, value in filters.items() if value})
    if q:
        queryset = queryset.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(email__icontains=q))
    return queryset.order_by("-created_at", "-id")


def with_message_count(queryset):
    """Each feedback with `message_count` (notes included). Apply after counting rows."""
    return queryset.annotate(message_count=Count("messages"))


def feedback_with_thread(*, project_id):
    """The team's view of feedback: every message, internal notes included, oldest first."""
    thread = FeedbackMessage.objects.order_by("created_at", "id")
    return with_message_count(Feedback.objects.filter(project_id=project_id)).prefetch_related(
        Prefetch("messages", queryset=thread)
    )
