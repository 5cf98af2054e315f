"""Notifications for visitors (by visitor UUID), shown in the widget."""

import uuid

from django.db import models

from pulse.links import validate_site_link


class Notification(models.Model):
    class Type(models.TextChoices):
        CHANGELOG = "changelog"
        FEEDBACK = "feedback"
        ROADMAP = "roadmap"
        ANNOUNCEMENT = "announcement"
        GENERAL = "general"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="notifications")
    user_id = models.UUIDField(help_text="Visitor id (x-pulse-user-id)")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.GENERAL)
    title = models.CharField(max_length=200)
    message = models.TextField(blank=True, max_length=2000)
    link = models.CharField(
        max_length=2000, blank=True, validators=[validate_site_link], help_text="A site path or an http(s) URL."
    )
    metadata = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The visitor's newest-first list, and their unread count.
            models.Index(fields=["project", "user_id", "-created_at", "-id"], name="notif_visitor_newest"),
            models.Index(
                fields=["project", "user_id"], condition=models.Q(read_at__isnull=True), name="notif_visitor_unread"
            ),
        ]

    def __str__(self):
        return self.title
