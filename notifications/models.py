"""Notifications for visitors (by visitor UUID), shown in the widget."""

import uuid

from django.db import models
from django.utils import timezone

from projects.models import PORTAL_LOCALES
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
    # The outbox event it was fanned out from (a retried fan-out adds nothing: unique per visitor).
    source_event = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_event", "user_id"],
                condition=models.Q(source_event__isnull=False),
                name="notif_once_per_event",
            ),
        ]
        indexes = [
            # The visitor's newest-first list, and their unread count.
            models.Index(fields=["project", "user_id", "-created_at", "-id"], name="notif_visitor_newest"),
            models.Index(
                fields=["project", "user_id"], condition=models.Q(read_at__isnull=True), name="notif_visitor_unread"
            ),
        ]

    def __str__(self):
        return self.title


# Outbound delivery: the transactional outbox (OutboxEvent, written in the transaction of the
# change), its targets (WebhookDelivery, EmailDelivery: one row per event and target, unique)
# and the destinations (WebhookEndpoint, Subscriber). notifications/outbox.py moves them.


class WebhookEndpoint(models.Model):
    """A project's receiver: a plain signed webhook, or a Slack/Discord incoming-webhook URL."""

    class Kind(models.TextChoices):
        WEBHOOK = "webhook", "Webhook (Standard Webhooks, signed)"
        SLACK = "slack", "Slack incoming webhook"
        DISCORD = "discord", "Discord webhook"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="webhook_endpoints")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WEBHOOK)
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(
        default=list, blank=True, help_text="Event types sent; empty: the default set (all but roadmap.vote)"
    )
    include_internal = models.BooleanField(default=False, help_text="Also send internal feedback notes")
    enabled = models.BooleanField(default=True)
    # Fernet tokens (notifications/secrets.py): the receiver needs the secret, so it is
    # encrypted with a key derived from SECRET_KEY, not hashed.
    secret_encrypted = models.TextField(editable=False)
    previous_secret_encrypted = models.TextField(blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.url

    def wants(self, event):
        """True when this endpoint takes `event`: a type it lists (or, listing none, one of the
        default set: formats.EVENT_TYPES minus OPT_IN_EVENT_TYPES), internal notes only if asked."""
        from .formats import EVENT_TYPES, OPT_IN_EVENT_TYPES

        if event.target_endpoint_id is not None:
            return event.target_endpoint_id == self.pk
        if self.event_types and event.type not in self.event_types:
            return False
        if not self.event_types and (event.type not in EVENT_TYPES or event.type in OPT_IN_EVENT_TYPES):
            return False  # the default set: email-only types (digests, invitations) and opt-in ones are left out
        return self.include_internal or event.payload.get("is_public", True) is not False


class OutboxEvent(models.Model):
    """One event, written in the same transaction as the change that caused it.

    `id` is the Standard Webhooks `webhook-id` (as `msg_<hex>`), the same on every attempt.
    `dedupe_key` (optional, unique per project) makes emitting the same fact twice a no-op
    (scheduled changelog entries). `dispatched_at` is set once its targets are written.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="outbox_events")
    type = models.CharField(max_length=60)
    payload = models.JSONField(default=dict)  # the Standard Webhooks `data`
    summary = models.JSONField(default=dict)  # {"title", "text", "url"}: Slack, Discord and email
    dedupe_key = models.CharField(max_length=200, blank=True)
    target_endpoint = models.ForeignKey(WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="outbox_event_dedupe"
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(dispatched_at__isnull=True), name="outbox_undispatched"
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.id}"

    @property
    def message_id(self):
        return f"msg_{self.id.hex}"


class OutboxRow(models.Model):
    """What the outbox rows of every kind of target share: state, attempts and the claim."""

    class Status(models.TextChoices):
        PENDING = "pending"
        DELIVERED = "delivered"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim = models.UUIDField(null=True, blank=True)  # the worker holding it, until claimed_until
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class WebhookDelivery(OutboxRow):
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    last_response_status = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once")]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="webhook_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event_id} -> {self.endpoint_id}: {self.status}"


class DeliveryAttempt(models.Model):
    """One HTTP attempt of a webhook delivery: the delivery log."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    request_headers = models.JSONField(default=dict)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, help_text="The first bytes of the response")
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"attempt {self.number}: {self.response_status or self.error}"


class Subscriber(models.Model):
    """An email address of a project (once per project), optionally tied to a visitor.

    Nothing is sent to it before `confirmed_at` (double opt-in) or after `unsubscribed_at`.
    `changelog` is the subscription to new changelog entries (`digest`: each one, or a
    weekly digest); status changes of what the visitor voted for or follows ("email me when
    this ships") go to a confirmed address regardless. Replies to feedback the address's
    owner submitted are transactional (notifications/selectors.py: no confirmation needed).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="subscribers")

    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", "Each entry when it is published"
        WEEKLY = "weekly", "A weekly digest"

    email = models.EmailField(max_length=254)
    visitor_id = models.UUIDField(null=True, blank=True)
    changelog = models.BooleanField(default=True)
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE)
    # The language of its emails (the widget's and portal's four), recorded when it subscribed.
    locale = models.CharField(max_length=5, choices=PORTAL_LOCALES, default="en")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "email"], name="subscriber_once_per_project")]
        indexes = [models.Index(fields=["project", "visitor_id"], name="subscriber_visitor")]

    def __str__(self):
        return self.email


class EntryFollow(models.Model):
    """ "Email me when this ships": a subscriber follows one roadmap entry's status changes."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    entry = models.ForeignKey("roadmap.RoadmapEntry", on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "subscriber"], name="entry_follow_once")]

    def __str__(self):
        return f"{self.subscriber_id} follows {self.entry_id}"


class MemberEmailPreferences(models.Model):
    """Which team emails one member of a project gets (all of them until they choose)."""

    membership = models.OneToOneField(
        "projects.Membership", on_delete=models.CASCADE, primary_key=True, related_name="email_preferences"
    )
    new_feedback = models.BooleanField(default=True, help_text="A visitor submitted feedback")
    visitor_messages = models.BooleanField(default=True, help_text="A visitor wrote in a feedback thread")
    mentions = models.BooleanField(default=True, help_text="A teammate @mentioned me in a reply or internal note")
    updated_at = models.DateTimeField(auto_now=True)

    KINDS = ("new_feedback", "visitor_messages", "mentions")

    def __str__(self):
        return f"email preferences of {self.membership_id}"


class EmailDelivery(OutboxRow):
    """One email of an event to one recipient: a subscriber, a team member (`member`) or a
    bare address (`to_email`, an invitation). Exactly one of the three is set."""

    subscriber = models.ForeignKey(Subscriber, null=True, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(
        "projects.Membership", null=True, on_delete=models.CASCADE, related_name="email_deliveries"
    )
    to_email = models.EmailField(max_length=254, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "subscriber"], name="email_delivery_once"),
            models.UniqueConstraint(fields=["event", "member"], name="email_delivery_member_once"),
            models.UniqueConstraint(
                fields=["event", "to_email"], condition=~models.Q(to_email=""), name="email_delivery_address_once"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(subscriber__isnull=False, member__isnull=True, to_email="")
                    | models.Q(subscriber__isnull=True, member__isnull=False, to_email="")
                    | (models.Q(subscriber__isnull=True, member__isnull=True) & ~models.Q(to_email=""))
                ),
                name="email_delivery_one_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="email_delivery_due"),
        ]

    def __str__(self):
        return f"{self.event_id} -> {self.subscriber_id}: {self.status}"
