"""Announcement banners shown by the widget, and which visitors dismissed which."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

# Empty is allowed (the colour of the type); said in the pattern so the schema says it too.
HEX_COLOR_VALIDATOR = RegexValidator(r"^(#[0-9a-fA-F]{6})?\Z", "Enter a colour as #rrggbb.")
PRIORITY_BOUND = 1_000_000


class Announcement(models.Model):
    class Type(models.TextChoices):
        INFO = "info"
        WARNING = "warning"
        SUCCESS = "success"
        ERROR = "error"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(max_length=200)
    message = models.TextField(max_length=2000, blank=True)
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.INFO)
    banner_color = models.CharField(
        max_length=7,
        blank=True,
        default="",
        validators=[HEX_COLOR_VALIDATOR],
        help_text="#rrggbb; empty: the colour of the type (static/widget/banner-colors.js)",
    )
    is_dismissible = models.BooleanField(default=True)
    priority = models.IntegerField(
        default=0,
        help_text="Higher first.",
        validators=[MinValueValidator(-PRIORITY_BOUND), MaxValueValidator(PRIORITY_BOUND)],
    )
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Shown from this time on (empty: at once).")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Hidden from this time on (empty: never).")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-priority", "-created_at"]
        indexes = [
            # The public list: a project's active banners, highest priority first.
            models.Index(
                fields=["project", "-priority", "-created_at"],
                condition=models.Q(is_active=True),
                name="announcement_active_list",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="announcement_ends_after_starts",
                violation_error_message="ends_at must be after starts_at",
            ),
        ]

    def __str__(self):
        return self.title


class AnnouncementDismissal(models.Model):
    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="dismissals")
    visitor_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Also the index of the "dismissed by this visitor?" lookup of the public list.
            models.UniqueConstraint(fields=["announcement", "visitor_id"], name="unique_announcement_dismissal"),
        ]

    def __str__(self):
        return f"{self.visitor_id} dismissed {self.announcement_id}"
