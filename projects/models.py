"""Projects, their members and their API keys."""

import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.utils import timezone

from .scopes import ALL_SCOPES


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in API URLs and the widget snippet.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The slug as stored: a rename must forget the cached project under its old slug too
        # (projects.signals).
        instance._loaded_slug = getattr(instance, "slug", None)
        return instance


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} in {self.project} ({self.role})"


class ApiKey(models.Model):
    """A project API key. The raw key is never stored: only its SHA-256 digest."""

    SCOPE_CHOICES = [(scope, scope) for scope in ALL_SCOPES]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self):
        return self.revoked_at is None and not self.is_expired

    @property
    def status(self):
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.is_expired else "active"


def time_zone_choices():
    """Every IANA zone name this Python knows, sorted, as (value, label) choices."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class UserSettings(models.Model):
    """A team member's own settings: the time zone the dashboard shows times in.

    Read at log-in into the session (`projects.signals`) and activated per request by
    `projects.middleware.UserTimeZoneMiddleware`, so no page pays a query for it.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulse_settings")
    time_zone = models.CharField(
        max_length=64, default="UTC", help_text="IANA name, e.g. Europe/Paris; dashboard times are shown in it."
    )

    class Meta:
        verbose_name_plural = "user settings"

    def __str__(self):
        return f"{self.user} ({self.time_zone})"
