"""The transactional outbox: the one path by which Pulse tells the outside about a change.

1. `emit(...)` writes an OutboxEvent in the caller's transaction and, once it commits, asks
   the broker to dispatch it. A broker that is down then loses nothing: the row is there.
2. `dispatch(event_id)` (task) writes one target row per destination, unique per event and
   target (WebhookDelivery per endpoint, EmailDelivery per recipient: subscriber, team member
   or invited address, selectors.email_recipients), marks the
   event dispatched, and enqueues the due targets: one task per webhook delivery, one per
   PULSE_FANOUT_BATCH emails. Running it again adds nothing.
3. `deliver_webhooks` / `send_emails` (tasks) first *claim* their rows (one UPDATE that
   only a pending, due, unclaimed row passes), so a row enqueued twice (the sweeper and
   the broker both) is attempted once. Each attempt is logged; a failure schedules the
   next one (PULSE_RETRY_SCHEDULE with jitter) on the row itself, and also on the broker
   when the delay is short.
4. `sweep()` (beat, every OUTBOX_SWEEP_SECONDS) enqueues what is due for longer than
   PULSE_OUTBOX_GRACE_SECONDS: undispatched events and due targets the broker lost or that
   wait longer than the broker should hold a delayed message.

Delivery is at least once: a worker killed between the HTTP response and the row update
tries again, with the same `webhook-id` for the receiver to de-duplicate.
"""

import logging
import random
import uuid
from datetime import timedelta
from importlib import import_module
from itertools import islice

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import http
from .formats import render
from .models import DeliveryAttempt, EmailDelivery, OutboxEvent, OutboxRow, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


MAX_BROKER_COUNTDOWN = 900  # longer delays wait for the sweeper, not in a broker's memory
SWEEP_LIMIT = 10_000


def emit(*, project=None, project_id=None, type, data, summary=None, dedupe_key="", target_endpoint=None):
    """Record event `type` with `data` (JSON) for `project` (or `project_id`) in the current transaction.

    `summary` ({"title", "text", "url"}) is what Slack, Discord and email show. With a
    `dedupe_key` already recorded for the project, nothing happens and None is returned;
    else the OutboxEvent. Dispatch is enqueued when the transaction commits.
    """
    event = OutboxEvent(
        project_id=project.pk if project is not None else project_id,
        type=type,
        payload=data,
        summary=summary or {},
        dedupe_key=dedupe_key,
        target_endpoint=target_endpoint,
    )
    if dedupe_key:
        try:
            with transaction.atomic():
                event.save(force_insert=True)
        except IntegrityError:
            return None
    else:
        event.save(force_insert=True)
    transaction.on_commit(lambda: enqueue("dispatch", event.pk))
    return event


def enqueue(name, *args, countdown=None):
    """Send task `notifications.tasks.<name>(*args)` (or, for a dotted name, another app's
    task: `changelog.tasks.generate_summary`) to the broker; a broker error is logged, not
    raised (the row is committed; the sweeper sends it later)."""
    module, _, name = name.rpartition(".")
    tasks = import_module(module or "notifications.tasks")

    try:
        getattr(tasks, name).apply_async(args=args, countdown=countdown)
    except Exception as exc:  # any broker/transport failure: the outbox row is the truth
        log.warning("Broker unavailable, %s(%s) left to the outbox sweeper: %s", name, args, exc)


def dispatch(event_id):
    """Write the targets of event `event_id` (idempotent) and enqueue the due ones."""
    from .selectors import email_recipients

    with transaction.atomic():
        event = (
            OutboxEvent.objects.select_for_update(of=("self",)).select_related("project").filter(pk=event_id).first()
        )
        if event is None:
            return
        if event.dispatched_at is None:
            endpoints = WebhookEndpoint.objects.filter(project_id=event.project_id, enabled=True)
            WebhookDelivery.objects.bulk_create(
                [WebhookDelivery(event=event, endpoint=endpoint) for endpoint in endpoints if endpoint.wants(event)],
                ignore_conflicts=True,
            )
            if event.target_endpoint_id is None:
                for field, recipients in email_recipients(event):
                    if hasattr(recipients, "iterator"):
                        recipients = recipients.iterator(chunk_size=2000)
                    for chunk in batched(recipients, settings.PULSE_FANOUT_BATCH):
                        EmailDelivery.objects.bulk_create(
                            [EmailDelivery(event=event, **{field: value}) for value in chunk], ignore_conflicts=True
                        )
            if event.type == "roadmap.status_changed":  # the in-app notifications, same transaction
                from roadmap.services import notify_upvoters

                notify_upvoters(event=event)
            elif event.type.startswith("idea."):  # the idea's followers (issue 20), same transaction
                from feedback.services import notify_idea_followers

                notify_idea_followers(event=event)
            event.dispatched_at = timezone.now()
            event.save(update_fields=["dispatched_at"])
        transaction.on_commit(lambda: enqueue_due(WebhookDelivery.objects.filter(event_id=event_id)))
        transaction.on_commit(lambda: enqueue_due(EmailDelivery.objects.filter(event_id=event_id)))


def _due(rows, now, grace=0):
    return rows.filter(status=OutboxRow.Status.PENDING, next_attempt_at__lte=now - timedelta(seconds=grace)).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def enqueue_due(rows, grace=0):
    """Enqueue the due, unclaimed rows of `rows` (a WebhookDelivery or EmailDelivery queryset)."""
    ids = list(_due(rows, timezone.now(), grace).values_list("pk", flat=True)[:SWEEP_LIMIT])
    if rows.model is WebhookDelivery:
        for pk in ids:
            enqueue("deliver_webhooks", [str(pk)])
    else:
        for chunk in batched(ids, settings.PULSE_FANOUT_BATCH):
            enqueue("send_emails", [str(pk) for pk in chunk])
    return len(ids)


def sweep():
    """Enqueue what the broker missed; returns (events, webhook deliveries, emails) enqueued."""
    grace = timedelta(seconds=settings.PULSE_OUTBOX_GRACE_SECONDS)
    events = list(
        OutboxEvent.objects.filter(dispatched_at__isnull=True, created_at__lte=timezone.now() - grace)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for pk in events:
        enqueue("dispatch", str(pk))
    seconds = settings.PULSE_OUTBOX_GRACE_SECONDS
    return (
        len(events),
        enqueue_due(WebhookDelivery.objects.all(), seconds),
        enqueue_due(EmailDelivery.objects.all(), seconds),
    )


def claim(model, ids):
    """Claim the due, unclaimed rows among `ids` for this worker; returns the claimed rows.

    One UPDATE decides: a row enqueued twice is claimed by one task only. A claim lasts
    longer than a task's hard time limit, so a killed worker's row is retried after it.
    """
    now = timezone.now()
    token = uuid.uuid4()
    hold = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    _due(model.objects.filter(pk__in=ids), now).update(claim=token, claimed_until=now + hold)
    return list(model.objects.filter(claim=token).select_related("event"))


def retry_delay(attempts):
    """Seconds to wait after attempt number `attempts` failed, or None when none is left."""
    schedule = settings.PULSE_RETRY_SCHEDULE
    if attempts > len(schedule):
        return None
    base = schedule[attempts - 1]
    jitter = settings.PULSE_RETRY_JITTER
    return max(0.0, base * (1 + random.uniform(-jitter, jitter)))


def settle(row, *, ok, error="", now=None):
    """Record the outcome of an attempt on a claimed row (its `attempts` already counted)."""
    now = now or timezone.now()
    row.claim = None
    row.claimed_until = None
    row.last_error = error[:500]
    if ok:
        row.status = OutboxRow.Status.DELIVERED
        row.delivered_at = now
    else:
        delay = retry_delay(row.attempts)
        if delay is None:
            row.status = OutboxRow.Status.FAILED
        else:
            row.next_attempt_at = now + timedelta(seconds=delay)
            if delay <= MAX_BROKER_COUNTDOWN:
                task = "deliver_webhooks" if isinstance(row, WebhookDelivery) else "send_emails"
                transaction.on_commit(lambda: enqueue(task, [str(row.pk)], countdown=delay))
    row.save()


def deliver_webhooks(ids):
    """Attempt each claimable webhook delivery among `ids` once; returns how many were attempted."""
    rows = claim(WebhookDelivery, ids)
    for delivery in rows:
        attempt_webhook(delivery)
    return len(rows)


def attempt_webhook(delivery):
    endpoint = WebhookEndpoint.objects.get(pk=delivery.endpoint_id)
    if not endpoint.enabled:
        delivery.status = OutboxRow.Status.FAILED
        delivery.claim = delivery.claimed_until = None
        delivery.last_error = "The endpoint is disabled"
        delivery.save()
        return
    delivery.attempts += 1
    body, headers = render(endpoint, delivery.event)
    try:
        response = http.post(endpoint.url, body, headers)
    except http.Refused as exc:
        response = http.Response(None, b"", 0, error=f"Refused: {exc}")
    error = response.error or ("" if response.ok else f"HTTP {response.status}")
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            at=now,
            duration_ms=response.duration_ms,
            request_headers={k: v for k, v in headers.items() if k != "webhook-signature"},
            request_body=body.decode()[:8192],
            response_status=response.status,
            response_body=response.body[:1024].decode("utf-8", "replace"),
            error=response.error[:500],
        )
        delivery.last_response_status = response.status
        settle(delivery, ok=response.ok, error=error, now=now)
        _track_endpoint_health(endpoint, ok=response.ok, exhausted=delivery.status == OutboxRow.Status.FAILED, now=now)


def _track_endpoint_health(endpoint, *, ok, exhausted, now):
    """A success clears `failing_since`; an endpoint whose retries ran out after failing for
    PULSE_WEBHOOK_DISABLE_AFTER seconds is disabled, with the reason shown in the dashboard."""
    endpoints = WebhookEndpoint.objects.filter(pk=endpoint.pk)
    if ok:
        endpoints.exclude(failing_since=None).update(failing_since=None)
        return
    endpoints.filter(failing_since=None).update(failing_since=now)
    if exhausted:
        limit = now - timedelta(seconds=settings.PULSE_WEBHOOK_DISABLE_AFTER)
        endpoints.filter(enabled=True, failing_since__lte=limit).update(
            enabled=False,
            disabled_reason=f"Disabled on {now:%Y-%m-%d %H:%M} UTC: every delivery failed for a day.",
        )


def redeliver(*, delivery):
    """Send a delivery again now (the dashboard's and Admin API's "redeliver"): one more attempt."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=OutboxRow.Status.PENDING, next_attempt_at=timezone.now(), claim=None, claimed_until=None
    )
    transaction.on_commit(lambda: enqueue("deliver_webhooks", [str(delivery.pk)]))


def send_emails(ids):
    """Send each claimable email delivery among `ids` over one SMTP connection."""
    from .emails import send_event_emails

    rows = claim(EmailDelivery, ids)
    if rows:
        send_event_emails(rows)
    return len(rows)


def prune():
    """Delete dispatched events (with their deliveries and log) older than PULSE_OUTBOX_KEEP_DAYS."""
    limit = timezone.now() - timedelta(days=settings.PULSE_OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxEvent.objects.filter(dispatched_at__lt=limit).delete()
    return deleted
