"""Demo notifications for the demo visitor, some already read. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from .models import Notification, Subscriber
from .services import confirm_subscription, notify

DEMO = [
    # (type, title, message, link, read)
    (
        Notification.Type.CHANGELOG,
        "Version 2.4 is out",
        "Dark mode, faster search and 14 fixes.",
        "/changelog/2.4.0",
        True,
    ),
    (
        Notification.Type.FEEDBACK,
        "The team replied to your feedback",
        "\u201cExport to CSV\u201d: we are on it, expect it in the next release.",
        "/feedback",
        True,
    ),
    (
        Notification.Type.ROADMAP,
        "A feature you voted for is in progress",
        "Single sign-on (SAML) moved to In progress.",
        "/roadmap",
        False,
    ),
    (
        Notification.Type.GENERAL,
        "Welcome to the demo",
        "This is where product updates for you show up.",
        "",
        False,
    ),
]


def seed(*, project, visitor_id):
    existing = set(Notification.objects.filter(project=project, user_id=visitor_id).values_list("title", flat=True))
    for type_, title, message, link, read in DEMO:
        if title in existing:
            continue
        (created,) = notify(project=project, user_ids=[visitor_id], type=type_, title=title, message=message, link=link)
        if read:
            Notification.objects.filter(pk=created.pk).update(read_at=timezone.now() - timedelta(hours=1))
    # A confirmed subscriber, so publishing a changelog entry in the demo prints its email
    # on the console (`make run` runs a worker; the email backend is the console's).
    subscriber, _ = Subscriber.objects.get_or_create(
        project=project, email="demo-reader@example.com", defaults={"visitor_id": visitor_id}
    )
    if subscriber.confirmed_at is None:
        confirm_subscription(subscriber=subscriber)
