"""Celery tasks of outbound delivery: thin wrappers of notifications/outbox.py and emails.py.

Every task is idempotent (outbox rows are claimed before any work), so a message the broker
gives twice, or one the sweeper sends again, does nothing more.
"""

from celery import shared_task

from . import emails, outbox


@shared_task(name="notifications.tasks.dispatch")
def dispatch(event_id):
    outbox.dispatch(event_id)


@shared_task(name="notifications.tasks.deliver_webhooks")
def deliver_webhooks(ids):
    return outbox.deliver_webhooks(ids)


@shared_task(name="notifications.tasks.send_emails")
def send_emails(ids):
    return outbox.send_emails(ids)


@shared_task(name="notifications.tasks.send_confirmation")
def send_confirmation(subscriber_id):
    emails.send_confirmation(subscriber_id)


@shared_task(name="notifications.tasks.sweep_outbox")
def sweep_outbox():
    return outbox.sweep()


@shared_task(name="notifications.tasks.emit_due_events")
def emit_due_events():
    """Events whose time came: scheduled changelog entries, announcements that started."""
    from announcements.services import emit_due_started_events
    from changelog.services import emit_due_published_events

    return emit_due_published_events() + emit_due_started_events()


@shared_task(name="notifications.tasks.prune_outbox")
def prune_outbox():
    return outbox.prune()


@shared_task(name="notifications.tasks.send_weekly_digests")
def send_weekly_digests():
    from .services import send_weekly_digests as make_digests

    return len(make_digests())
