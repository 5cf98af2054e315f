"""Email of Pulse: double opt-in confirmations and the outbox's event emails.

Every email is multipart (text + HTML, templates under templates/notifications/email/);
subscriber emails are in the subscriber's locale (en, fr, de, es: the widget's and the
portal's), team and invitation emails in English.

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
from django.template.loader import select_template
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


# Subjects of the subscriber emails, per locale (their bodies: one template per locale).
SUBJECTS = {
    "confirm": {
        "en": "Confirm your subscription to {project}",
        "fr": "Confirmez votre abonnement à {project}",
        "de": "Bestätigen Sie Ihr Abonnement für {project}",
        "es": "Confirma tu suscripción a {project}",
    },
    "digest": {
        "en": "[{project}] Your weekly digest",
        "fr": "[{project}] Votre résumé de la semaine",
        "de": "[{project}] Ihre Wochenübersicht",
        "es": "[{project}] Tu resumen semanal",
    },
}
TEAM_SUBJECTS = {
    "new_feedback": "[{project}] New feedback: {title}",
    "visitor_messages": "[{project}] A visitor wrote on “{title}”",
    "mentions": "[{project}] You were mentioned on “{title}”",
}
MEMBER_UNSUBSCRIBE_SALT = "pulse.notifications.member-unsubscribe"


def member_unsubscribe_token(membership, kind):
    return signing.dumps([membership.pk, kind], salt=MEMBER_UNSUBSCRIBE_SALT, compress=True)


def member_preference_from_token(token):
    """(Membership, kind) a team email's unsubscribe token names, or None."""
    from projects.models import Membership

    from .models import MemberEmailPreferences

    try:
        pk, kind = signing.loads(token, salt=MEMBER_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    membership = Membership.objects.select_related("project", "user").filter(pk=pk).first()
    if membership is None or kind not in MemberEmailPreferences.KINDS:
        return None
    return membership, kind


def localised_templates(name, locale):
    """(text, html) templates of email `name` in `locale`: notifications/email/<locale>/, else
    the English ones in notifications/email/."""
    return tuple(
        select_template([f"notifications/email/{locale}/{name}.{ext}", f"notifications/email/{name}.{ext}"])
        for ext in ("txt", "html")
    )


def _message(*, to, subject, template, context, connection, locale="en", unsubscribe=None):
    """A multipart (text + HTML) email; with an `unsubscribe` URL, the RFC 8058 headers."""
    headers = {}
    if unsubscribe:
        context = {**context, "unsubscribe_url": unsubscribe}
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    text, html = localised_templates(template, locale)
    message = EmailMultiAlternatives(
        subject=subject, body=text.render(context), to=[to], headers=headers, connection=connection
    )
    message.attach_alternative(html.render(context), "text/html")
    return message


def send_confirmation(subscriber_id):
    """Send the double opt-in link to an unconfirmed subscriber, in its locale."""
    subscriber = Subscriber.objects.select_related("project").filter(pk=subscriber_id, confirmed_at=None).first()
    if subscriber is None:
        return
    link = absolute(reverse("email-confirm", args=[confirm_token(subscriber)]))
    project = subscriber.project
    _message(
        to=subscriber.email,
        subject=SUBJECTS["confirm"][subscriber.locale].format(project=project.name),
        template="confirm",
        context={"project": project, "subscriber": subscriber, "confirm_url": link},
        connection=None,
        locale=subscriber.locale,
    ).send()


class Skip(Exception):
    """The recipient must not get this email any more (unsubscribed, unconfirmed, turned off)."""


def build_email(row, connection):
    """The email of one EmailDelivery: by recipient kind (subscriber, team member, invited
    address) and event type. Raises Skip when it must not be sent now."""
    from .selectors import TRANSACTIONAL_TYPES

    event, project = row.event, row.event.project
    summary = event.summary or {}
    context = {"project": project, "event": event, "summary": summary, "data": event.payload}
    if row.subscriber_id:
        subscriber = row.subscriber
        if subscriber.unsubscribed_at is not None:
            raise Skip("Unsubscribed when sent")
        if subscriber.confirmed_at is None and event.type not in TRANSACTIONAL_TYPES:
            raise Skip("Unconfirmed when sent")
        locale = subscriber.locale
        if event.type == "digest.weekly":
            template, subject = "digest", SUBJECTS["digest"][locale].format(project=project.name)
        else:
            template, subject = "event", f"[{project.name}] {summary.get('title') or event.type}"
        return _message(
            to=subscriber.email,
            subject=subject,
            template=template,
            context={**context, "subscriber": subscriber, "reply": event.type in TRANSACTIONAL_TYPES},
            connection=connection,
            locale=locale,
            unsubscribe=unsubscribe_url(subscriber),
        )
    if row.member_id:
        return _team_email(row.member, event, context, connection)
    from .secrets import decrypt

    invitation = event.payload["invitation"]
    link = absolute(reverse("invitation-accept", args=[decrypt(event.payload["token"])]))
    return _message(
        to=row.to_email,
        subject=f"You are invited to {project.name} on Pulse",
        template="invitation",
        context={**context, "invitation": invitation, "accept_url": link},
        connection=connection,
    )


def _team_email(membership, event, context, connection):
    from .models import MemberEmailPreferences
    from .selectors import member_email_kind

    kind = member_email_kind(event)
    preferences = MemberEmailPreferences.objects.filter(membership=membership).first()
    if preferences is not None and not getattr(preferences, kind):
        raise Skip("Turned off by the member")
    feedback = event.payload["feedback"]
    link = absolute(
        reverse("feedback-dashboard-detail", kwargs={"slug": membership.project.slug, "pk": feedback["id"]})
    )
    token = member_unsubscribe_token(membership, kind)
    return _message(
        to=membership.user.email,
        subject=TEAM_SUBJECTS[kind].format(project=context["project"].name, title=feedback["title"]),
        template="team",
        context={**context, "kind": kind, "member": membership, "feedback_url": link},
        connection=connection,
        unsubscribe=absolute(reverse("email-team-unsubscribe", args=[token])),
    )


def send_event_emails(rows):
    """Send the claimed EmailDelivery `rows` over one connection, settling each."""
    from .outbox import settle

    connection = get_connection()
    rows = list(
        EmailDelivery.objects.filter(pk__in=[r.pk for r in rows]).select_related(
            "event__project", "subscriber", "member__user", "member__project"
        )
    )
    with connection:
        for row in rows:
            row.attempts += 1
            try:
                message = build_email(row, connection)
            except Skip as skipped:
                row.status = row.Status.FAILED
                with transaction.atomic():
                    settle_skipped(row, str(skipped))
                continue
            try:
                message.send()
            except Exception as exc:  # SMTP and socket errors: retried on the outbox schedule
                log.warning("Email %s to %s failed: %s", row.pk, message.to[0], exc)
                with transaction.atomic():
                    settle(row, ok=False, error=f"{type(exc).__name__}: {exc}")
                continue
            with transaction.atomic():
                settle(row, ok=True)


def settle_skipped(row, reason):
    row.claim = None
    row.claimed_until = None
    row.last_error = reason
    row.delivered_at = timezone.now()
    row.save()
