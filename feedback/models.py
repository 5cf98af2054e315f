"""Feedback from visitors of a project's site, and the message thread of each."""

import uuid

from django.db import models

from pulse.links import validate_http_url

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000
MESSAGE_MAX_LENGTH = 10_000
PAGE_URL_MAX_LENGTH = 2_000


class Feedback(models.Model):
    class Category(models.TextChoices):
        BUG = "bug", "Bug"
        FEATURE = "feature", "Feature"
        GENERAL = "general", "General"

    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CLOSED = "closed", "Closed"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        URGENT = "urgent", "Urgent"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column index: every composite index below starts with project.
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="feedback", db_index=False)
    user_id = models.UUIDField(null=True, blank=True, help_text="Visitor id (x-pulse-user-id) of the author")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.GENERAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.LOW)
    email = models.EmailField(blank=True)
    # An http(s) URL (pulse.links); any host name, so intranet sites can send it.
    page_url = models.CharField(max_length=PAGE_URL_MAX_LENGTH, blank=True, validators=[validate_http_url])
    browser_info = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        indexes = [
            # The visitor's own list, newest first.
            models.Index(fields=["project", "user_id", "-created_at"], name="feedback_visitor_list"),
            # The team's inbox, newest first, whole or filtered by one of its filters.
            models.Index(fields=["project", "-created_at"], name="feedback_inbox"),
            models.Index(fields=["project", "status", "-created_at"], name="feedback_inbox_status"),
            models.Index(fields=["project", "category", "-created_at"], name="feedback_inbox_category"),
            models.Index(fields=["project", "priority", "-created_at"], name="feedback_inbox_priority"),
        ]

    def __str__(self):
        return self.title


class FeedbackMessage(models.Model):
    class SenderRole(models.TextChoices):
        USER = "user", "Visitor"
        TEAM = "team", "Team"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="messages")
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    sender_role = models.CharField(max_length=10, choices=SenderRole.choices)
    sender_id = models.CharField(
        max_length=100, blank=True, help_text="Visitor id, dashboard user id or API key (key:<prefix>)"
    )
    is_public = models.BooleanField(default=True, help_text="False: an internal note the visitor never sees")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["feedback", "created_at"], name="feedback_thread"),
        ]

    def __str__(self):
        return f"{self.get_sender_role_display()} on {self.feedback_id}"
