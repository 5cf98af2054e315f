"""Email of Pulse: double opt-in confirmations and the outbox's event emails.

Django's email framework (settings EMAIL_*: SMTP when EMAIL_HOST is set, the console
otherwise). Every event email carries RFC 8058 one-click unsubscribe headers:
`List-Unsubscribe: <https://.../e/unsubscribe/<token>/>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`; the token is a signature of the
subscriber id (django.core.signing, salted, no expiry), so it works without a login.
"""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import EmailDelivery, Subscriber

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "pulse.notifications.unsubscribe"
CONFIRM_SALT = "pulse.notifications.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def unsubscribe_token(subscriber):
    return signing.dumps(str(subscriber.pk), salt=UNSUBSCRIBE_SALT, compress=True)


def confirm_token(subscriber):
    return signing.dumps(str(subscriber.pk), salt=CONFIRM_SALT, compress=True)


def subscriber_from_token(token, *, purpose):
    """The Subscriber a token names, or None (bad signature, expired confirmation, deleted)."""
    salt, max_age = (CONFIRM_SALT, CONFIRM_MAX_AGE) if purpose == "confirm" else (UNSUBSCRIBE_SALT, None)
    try:
        pk = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    return Subscriber.objects.select_related("project").filter(pk=pk).first()


def absolute(path):
    return settings.PULSE_PUBLIC_URL + path


def unsubscribe_url(subscriber):
    return absolute(reverse("email-unsubscribe", args=[unsubscribe_token(subscriber)]))


def _message(*, subscriber, subject, template, context, connection, one_click=True):
    context = {"project": subscriber.project, "subscriber": subscriber, **context}
    headers = {}
    if one_click:
        context["unsubscribe_url"] = unsubscribe_url(subscriber)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[subscriber.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def send_confirmation(subscriber_id):
    """Send the double opt-in link to an unconfirmed subscriber (the one email it can get)."""
    subscriber = Subscriber.objects.select_related("project").filter(pk=subscriber_id, confirmed_at=None).first()
    if subscriber is None:
        return
    link = absolute(reverse("email-confirm", args=[confirm_token(subscriber)]))
    _message(
        subscriber=subscriber,
        subject=f"Confirm your subscription to {subscriber.project.name}",
        template="confirm",
        context={"confirm_url": link},
        connection=None,
        one_click=False,
    ).send()


def send_event_emails(rows):
    """Send the claimed EmailDelivery `rows` over one connection, settling each."""
    from .outbox import settle

    connection = get_connection()
    rows = list(
        EmailDelivery.objects.filter(pk__in=[r.pk for r in rows]).select_related("event", "subscriber__project")
    )
    with connection:
        for row in rows:
            subscriber, event = row.subscriber, row.event
            row.attempts += 1
            if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
                row.status = row.Status.FAILED
                with transaction.atomic():
                    settle_skipped(row)
                continue
            summary = event.summary or {}
            try:
                _message(
                    subscriber=subscriber,
                    subject=f"[{subscriber.project.name}] {summary.get('title') or event.type}",
                    template="event",
                    context={"event": event, "summary": summary},
                    connection=connection,
                ).send()
            except Exception as exc:  # SMTP and socket errors: retried on the outbox schedule
                log.warning("Email %s to %s failed: %s", row.pk, subscriber.email, exc)
                with transaction.atomic():
                    settle(row, ok=False, error=f"{type(exc).__name__}: {exc}")
                continue
            with transaction.atomic():
                settle(row, ok=True)


def settle_skipped(row):
    row.claim = None
    row.claimed_until = None
    row.last_error = "Unsubscribed or unconfirmed when sent"
    row.delivered_at = timezone.now()
    row.save()
