"""Writes of notifications: creating them (the one place, in bulk) and marking them read."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import EntryFollow, MemberEmailPreferences, Notification, Subscriber, WebhookEndpoint
from .outbox import emit, enqueue
from .secrets import encrypt, new_secret

MAX_RECIPIENTS = 1000


def notify(*, project, user_ids, type, title, message="", link="", metadata=None, source_event=None):
    """Create one notification per distinct visitor id; returns the created rows.

    With `source_event` (an outbox event id) a visitor who already has that event's
    notification gets no second one (a retried fan-out task), and the rows' ids are not read back.

    The fields are checked once with `full_clean` (text rule, link rule, lengths): every row
    holds the same ones. Raises django ValidationError naming the field.
    """
    distinct_ids = list(dict.fromkeys(user_ids))
    notifications = [
        Notification(
            project=project,
            user_id=user_id,
            type=type,
            title=title,
            message=message,
            link=link,
            metadata=metadata or {},
            source_event=source_event,
        )
        for user_id in distinct_ids
    ]
    if notifications:
        notifications[0].full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    return Notification.objects.bulk_create(
        notifications, ignore_conflicts=source_event is not None
    )  # one INSERT (SQLite batches by its own limit)


def mark_read(*, project_id, user_id, notification_id):
    """Mark one of the visitor's notifications read; an already-read one keeps its read_at.

    Raises Notification.DoesNotExist when it is not this visitor's (or does not exist).
    """
    mine = Notification.objects.filter(project_id=project_id, user_id=user_id, pk=notification_id)
    if not mine.filter(read_at__isnull=True).update(read_at=timezone.now()) and not mine.exists():
        raise Notification.DoesNotExist


def mark_all_read(*, project_id, user_id):
    """Mark every unread notification of the visitor read; returns how many changed."""
    return Notification.objects.filter(project_id=project_id, user_id=user_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def delete_notifications_about(*, project_id, key, object_id):
    """Delete the project's notifications pointing at a deleted object; returns how many.

    A notification points at an object by its id under `key` in `metadata` (e.g.
    "roadmap_entry_id", as the services that notify write it) or by the id in its `link`
    (e.g. "/roadmap#<id>"). Ids are UUIDs, so a link holding one points at that object only.
    Call it in the deleting transaction (issue 18: a delete takes what hangs off the row).
    """
    object_id = str(object_id)
    pointing = Q(**{f"metadata__{key}": object_id}) | Q(link__contains=object_id)
    deleted, _ = Notification.objects.filter(pointing, project_id=project_id).delete()
    return deleted


# Outbound destinations: webhook endpoints and email subscribers.

SECRET_OVERLAP_SECONDS = 24 * 3600


def _clean_event_types(event_types):
    from .formats import EVENT_TYPES

    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise ValidationError({"event_types": f"Unknown event type(s): {', '.join(unknown)}"})
    return list(dict.fromkeys(event_types))


def _check_url(url):
    from .http import Refused, resolve

    if urlsplit(url).scheme not in ("http", "https"):
        raise ValidationError({"url": "Use an http or https URL."})
    try:
        resolve(url)
    except Refused as exc:
        if "does not resolve" not in str(exc):  # a name that resolves later may be fine
            raise ValidationError({"url": str(exc)}) from exc


@transaction.atomic
def create_endpoint(
    *, project, url, kind=WebhookEndpoint.Kind.WEBHOOK, description="", event_types=(), include_internal=False
):
    """Create an endpoint; returns (endpoint, secret) — the secret is shown this once.

    Raises ValidationError for an unknown event type, a non-http(s) URL or one resolving to
    a refused address (notifications/http.py).
    """
    _check_url(url)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        project=project,
        url=url,
        kind=kind,
        description=description,
        event_types=_clean_event_types(event_types),
        include_internal=include_internal,
        secret_encrypted=encrypt(secret),
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def update_endpoint(*, endpoint, **fields):
    """Change url, description, event_types, include_internal or enabled (re-enabling clears
    the failure state)."""
    allowed = {"url", "description", "event_types", "include_internal", "enabled", "kind"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Not editable on an endpoint: {', '.join(sorted(unknown))}")
    if "url" in fields:
        _check_url(fields["url"])
    if "event_types" in fields:
        fields["event_types"] = _clean_event_types(fields["event_types"])
    for name, value in fields.items():
        setattr(endpoint, name, value)
    if fields.get("enabled"):
        endpoint.failing_since = None
        endpoint.disabled_reason = ""
    endpoint.full_clean()
    endpoint.save()
    return endpoint


@transaction.atomic
def rotate_secret(*, endpoint, overlap_seconds=SECRET_OVERLAP_SECONDS):
    """A new secret (returned, shown once); the old one also signs for `overlap_seconds`."""
    secret = new_secret()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(seconds=overlap_seconds)
    endpoint.secret_encrypted = encrypt(secret)
    endpoint.save()
    return secret


def delete_endpoint(*, endpoint):
    endpoint.delete()


@transaction.atomic
def send_test(*, endpoint):
    """Queue a `pulse.test` event for this endpoint only (the "send test message" button)."""
    return emit(
        project=endpoint.project,
        type="pulse.test",
        data={"message": "Test message from Pulse", "endpoint_id": str(endpoint.pk)},
        summary={"title": f"Test message from Pulse ({endpoint.project.name})", "text": "Webhook delivery works."},
        target_endpoint=endpoint,
    )


@transaction.atomic
def subscribe(*, project, email, visitor_id=None, changelog=True, digest=None, locale="en", entry=None):
    """Ask for email updates: stores the address once per project (unconfirmed) and sends
    the confirmation link, in `locale`, after commit. Returns the Subscriber.

    `digest` ("immediate"/"weekly", None: keep) is how changelog entries come; `entry` (a
    RoadmapEntry of the project) is followed: its status changes are emailed ("email me
    when this ships"). An already confirmed address keeps its state (and gets no second
    confirmation) but takes the new choices; an unsubscribed one is re-subscribed only
    through a new confirmation.
    """
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(
        project=project,
        email=email,
        defaults={
            "visitor_id": visitor_id,
            "changelog": changelog,
            "digest": digest or Subscriber.Digest.IMMEDIATE,
            "locale": locale,
        },
    )
    if not created:
        changed = {"changelog": subscriber.changelog or changelog, "locale": locale}
        if digest:
            changed["digest"] = digest
        if visitor_id and subscriber.visitor_id is None:
            changed["visitor_id"] = visitor_id
        for name, value in changed.items():
            setattr(subscriber, name, value)
        subscriber.save(update_fields=list(changed))
    if entry is not None:
        EntryFollow.objects.get_or_create(subscriber=subscriber, entry=entry)
    if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
        transaction.on_commit(lambda: enqueue("send_confirmation", str(subscriber.pk)))
    return subscriber


def record_author_address(*, project, email, visitor_id=None, locale="en"):
    """The address a visitor gave with their feedback, stored once per project (no
    changelog subscription, unconfirmed unless it already was): replies to that feedback
    are emailed to it as transactional mail (notifications/selectors.TRANSACTIONAL_TYPES).
    No confirmation is sent. Call it in the submission's transaction; returns the Subscriber.
    """
    subscriber, _ = Subscriber.objects.get_or_create(
        project=project,
        email=email.strip().lower(),
        defaults={"visitor_id": visitor_id, "changelog": False, "locale": locale},
    )
    return subscriber


def confirm_subscription(*, subscriber, digest=None):
    """Confirm (double opt-in): from now on the address gets what it subscribed to; with
    `digest` ("immediate"/"weekly", the confirmation page's choice) changelog entries come so."""
    changes = {"confirmed_at": timezone.now(), "unsubscribed_at": None}
    if digest in Subscriber.Digest.values:
        changes["digest"] = digest
    Subscriber.objects.filter(pk=subscriber.pk).update(**changes)


def unsubscribe(*, subscriber):
    """Stop every email to the address (idempotent; no login needed: the link is signed)."""
    Subscriber.objects.filter(pk=subscriber.pk, unsubscribed_at=None).update(unsubscribed_at=timezone.now())


# Team emails: each member's choice (dashboard "Email preferences").


def member_preferences(*, membership):
    """The member's MemberEmailPreferences (all on until they choose; not saved here)."""
    return MemberEmailPreferences.objects.filter(membership=membership).first() or MemberEmailPreferences(
        membership=membership
    )


def set_member_preferences(*, membership, **choices):
    """Save which team emails the member gets: booleans of MemberEmailPreferences.KINDS."""
    unknown = set(choices) - set(MemberEmailPreferences.KINDS)
    if unknown:
        raise TypeError(f"Not an email preference: {', '.join(sorted(unknown))}")
    preferences, _ = MemberEmailPreferences.objects.update_or_create(membership=membership, defaults=choices)
    return preferences


def send_weekly_digests(*, now=None):
    """Make the digest of the last complete week (Monday 00:00 UTC to Monday 00:00 UTC) for
    each project with confirmed weekly subscribers; returns the events made. Once per
    project and week (events.weekly_digest's dedupe key), so the hourly beat may call it
    again; its dispatch writes one email per subscriber (unique per event and subscriber).
    """
    from datetime import datetime, time
    from datetime import timezone as dt_timezone

    from projects.models import Project

    from .events import weekly_digest

    today = (now or timezone.now()).astimezone(dt_timezone.utc).date()
    week_end = datetime.combine(today - timedelta(days=today.weekday()), time.min, tzinfo=dt_timezone.utc)
    week_start = week_end - timedelta(days=7)
    weekly = Subscriber.objects.filter(
        digest=Subscriber.Digest.WEEKLY, changelog=True, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    made = []
    for project in Project.objects.filter(pk__in=weekly.values("project_id")):
        with transaction.atomic():
            event = weekly_digest(project=project, week_start=week_start, week_end=week_end)
        if event is not None:
            made.append(event)
    return made
