"""Projects, their members and their API keys."""

import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from .scopes import ALL_SCOPES

# The widget's four languages (static/widget/widget.js), which the portal speaks too.
PORTAL_LOCALES = [("en", "English"), ("fr", "Français"), ("de", "Deutsch"), ("es", "Español")]
validate_accent_color = RegexValidator(r"^#[0-9a-fA-F]{6}$", "An accent colour is # and six hex digits, e.g. #4338ca.")


class IdentityMode(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous allowed (signed tokens optional)"
    VERIFIED = "verified", "Verified only (every visitor must carry a signed token)"


class Project(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in API URLs and the widget snippet.")
    # The public portal (pulse/portal.py): whether it is shown, its look and its own domain.
    portal_public = models.BooleanField(
        default=True, help_text="Show the public changelog and roadmap pages (the API and widget are unaffected)."
    )
    accent_color = models.CharField(
        max_length=7,
        default="#4338ca",
        validators=[validate_accent_color],
        help_text="The portal's links and buttons, as #rrggbb.",
    )
    logo_url = models.URLField(max_length=500, blank=True, help_text="An https:// image shown in the portal header.")
    default_locale = models.CharField(
        max_length=5,
        choices=PORTAL_LOCALES,
        default="en",
        help_text="The portal's language when the visitor's browser asks for none of the portal's.",
    )
    custom_domain = models.CharField(
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(
                r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                "A lower-case host name such as updates.example.com (no scheme, port or path).",
            )
        ],
        help_text="Serve the portal at / on this host: point a CNAME at Pulse and terminate TLS at your proxy.",
    )
    ai_enabled = models.BooleanField(
        default=True,
        verbose_name="AI features",
        help_text="Generate changelog summaries (pulse/ai.py: offline unless the server is configured with an "
        "OpenAI-compatible one). Off: nothing is generated or sent; summaries already written stay.",
    )
    # Signed visitor identity (issue 22, pulse/api/visitors.py): the customer's server signs
    # its users as HS256 JWTs with this secret. Sealed like webhook secrets (pulse/sealed.py):
    # Pulse verifies with the secret itself, so it cannot be hashed. The previous secret still
    # verifies until `identity_previous_secret_expires_at` (rotation with overlap).
    identity_mode = models.CharField(
        max_length=10,
        choices=IdentityMode.choices,
        default=IdentityMode.ANONYMOUS,
        help_text="Verified only: visitor endpoints refuse a visitor id that is not signed by your server.",
    )
    # The namespace of signed visitors' ids (pulse.api.visitors.signed_visitor_id): random per
    # project and never shown, so a visitor id cannot be computed from a customer's user id.
    identity_namespace = models.UUIDField(default=uuid.uuid4, editable=False)
    identity_secret_encrypted = models.TextField(blank=True, editable=False)
    identity_previous_secret_encrypted = models.TextField(blank=True, editable=False)
    identity_previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The idea board (issue 20): visitors' new ideas and comments go public at once, or wait
    # for the team's approval.
    board_moderation = models.CharField(
        max_length=10,
        choices=[("publish", "Publish at once"), ("hold", "Hold for approval")],
        default="publish",
        help_text="New ideas and comments from visitors: published at once, or held until the team approves them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def previous_identity_secret_until(self):
        """When the previous identity secret stops verifying, while it still does; else None."""
        until = self.identity_previous_secret_expires_at
        return until if self.identity_previous_secret_encrypted and until and until > timezone.now() else None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The slug as stored: a rename must forget the cached project under its old slug too
        # (projects.signals).
        instance._loaded_slug = getattr(instance, "slug", None)
        return instance


class ContentVersion(models.Model):
    """The version of a project's public content, kept in PostgreSQL: every change to what
    the public lists show adds one (`pulse.api.caching.invalidate_public_cache`, in the
    change's transaction). A cached list carries the version it was built at and is served
    only while that is not older than this, so a list whose cache invalidation was lost
    (Redis down or frozen) is rebuilt within the project lookup's memo (projects.selectors).

    A row of its own, so that saving a Project loaded earlier never writes an older version back.
    """

    project = models.OneToOneField(Project, primary_key=True, on_delete=models.CASCADE, related_name="content")
    version = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.project_id} v{self.version}"


class VerifiedVisitor(models.Model):
    """Who a signed visitor is, as the customer's server last signed them (issue 22).

    One row per (project, visitor): `visitor_id` is the UUID derived from the token's `sub`
    (`pulse.api.visitors.signed_visitor_id`), the same UUID stored on feedback, votes and
    views. Shown to the project's team only (dashboard inbox and thread), never publicly.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="verified_visitors")
    visitor_id = models.UUIDField()
    subject = models.CharField(max_length=255, help_text="The token's `sub`: the customer's own user id.")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    avatar = models.URLField(max_length=500, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "visitor_id"], name="unique_verified_visitor"),
        ]

    def __str__(self):
        return f"{self.name or self.email or self.subject} ({self.visitor_id})"


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


class Invitation(models.Model):
    """An invitation to join a project, by link: whoever signs in holding it may accept it once.

    Only the SHA-256 digest of the link's token is stored (like API keys). Until it is
    accepted, the invitation says nothing about any account: it holds the address the
    inviter typed, and no lookup of users by that address is ever made.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="The address the inviter typed, as typed.")
    role = models.CharField(max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.project} ({self.role})"

    @property
    def is_pending(self):
        return self.accepted_at is None and self.expires_at > timezone.now()


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
