"""End to end: a real worker on a real broker delivers what the services emit.

Each test commits its data (transactional_db) so the worker process sees it, then waits
for the outcome in the database, the local HTTP receiver and the local SMTP server.
"""

import email
import email.policy
import json
import uuid

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from notifications.models import EmailDelivery, Notification, OutboxEvent, OutboxRow, Subscriber, WebhookDelivery
from notifications.outbox import sweep
from notifications.services import confirm_subscription, create_endpoint
from notifications.services import subscribe as subscribe_email
from pulse import votes
from roadmap.models import RoadmapVote
from roadmap.services import create_roadmap_entry, update_roadmap_entry

from .conftest import BROKER_URL, eventually, use_broker
from .receivers import WebhookReceiver

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_receivers_allowed(settings):
    settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = True  # the receivers listen on 127.0.0.1


def confirmed_subscriber(project, address, visitor_id=None):
    subscriber = subscribe_email(project=project, email=address, visitor_id=visitor_id)
    confirm_subscription(subscriber=subscriber)
    return subscriber


def event_emails(sink):
    """(recipient, parsed message) of the event emails the SMTP server got (not confirmations)."""
    parsed = [(rcpt[0], email.message_from_bytes(raw, policy=email.policy.default)) for rcpt, raw in sink.messages]
    return [(to, message) for to, message in parsed if message["Subject"].startswith("[")]


def upvote(entry, visitor_id):
    votes.toggle_vote(
        targets=type(entry).objects.filter(pk=entry.pk), vote_model=RoadmapVote, visitor_id=visitor_id, vote_type="up"
    )


def test_a_status_change_notifies_emails_each_confirmed_voter_once_and_signs_one_delivery_per_endpoint(
    worker, project, smtp_sink
):
    with WebhookReceiver() as receiver, WebhookReceiver() as uninterested:
        _, secret = create_endpoint(project=project, url=receiver.url, event_types=["roadmap.status_changed"])
        create_endpoint(project=project, url=uninterested.url, event_types=["feedback.created"])
        entry = create_roadmap_entry(project=project, feature_name="Dark mode")
        voters = [uuid.uuid4() for _ in range(3)]
        for voter in voters:
            upvote(entry, voter)
        confirmed_subscriber(project, "first@example.com", voters[0])
        confirmed_subscriber(project, "second@example.com", voters[1])
        subscribe_email(project=project, email="unconfirmed@example.com", visitor_id=voters[2])
        confirmed_subscriber(project, "not-a-voter@example.com", uuid.uuid4())
        smtp_sink.messages.clear()

        update_roadmap_entry(entry=entry, feature_status="completed")

        delivery = eventually(lambda: WebhookDelivery.objects.filter(status=OutboxRow.Status.DELIVERED).first())
        eventually(lambda: EmailDelivery.objects.filter(status=OutboxRow.Status.DELIVERED).count() == 2)
        eventually(lambda: len(event_emails(smtp_sink)) == 2)

    assert Notification.objects.filter(project=project, type="roadmap").count() == 3
    assert sorted(to for to, _ in event_emails(smtp_sink)) == ["first@example.com", "second@example.com"]
    assert len(receiver.requests) == 1 and uninterested.requests == []
    _, headers, body = receiver.requests[0]
    payload = Webhook(secret).verify(body, headers)  # raises when the signature is wrong
    assert payload["type"] == "roadmap.status_changed" and payload["version"] == 1
    assert payload["data"]["status"] == "completed" and payload["data"]["entry"]["id"] == str(entry.pk)
    assert headers["webhook-id"] == OutboxEvent.objects.get(type="roadmap.status_changed").message_id
    assert delivery.attempts == 1 and WebhookDelivery.objects.count() == 1


def test_a_receiver_failing_twice_gets_the_event_three_times_with_one_webhook_id_then_it_is_delivered(worker, project):
    with WebhookReceiver(statuses=[500, 503]) as receiver:
        _, secret = create_endpoint(project=project, url=receiver.url)
        entry = create_roadmap_entry(project=project, feature_name="SSO")
        update_roadmap_entry(entry=entry, feature_status="in_progress")

        eventually(lambda: WebhookDelivery.objects.filter(status=OutboxRow.Status.DELIVERED).exists(), timeout=40)

    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 3 and delivery.last_response_status == 200
    assert [attempt.response_status for attempt in delivery.attempt_log.order_by("number")] == [500, 503, 200]
    ids = {headers["webhook-id"] for _, headers, _ in receiver.requests}
    assert len(receiver.requests) == 3 and ids == {delivery.event.message_id}
    for _, headers, body in receiver.requests:
        Webhook(secret).verify(body, headers)


def test_an_email_reaches_a_real_smtp_server_with_one_click_unsubscribe_that_stops_the_next(
    worker, project, smtp_sink, client
):
    from django.utils import timezone

    from changelog.services import create_entry

    smtp_sink.messages.clear()
    confirmed_subscriber(project, "reader@example.com")
    create_entry(project=project, title="Faster search", summary="Search is 3x faster.", published_at=timezone.now())
    eventually(lambda: len(event_emails(smtp_sink)) == 1)

    message = event_emails(smtp_sink)[0][1]
    assert message["Subject"] == "[Acme App] New: Faster search"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith("http://testserver/e/unsubscribe/")
    parts = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= parts

    # RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click`, without a login or a CSRF token.
    response = client.post(
        unsubscribe_url.removeprefix("http://testserver"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="reader@example.com").unsubscribed_at is not None

    create_entry(project=project, title="Dark mode", published_at=timezone.now())
    eventually(lambda: OutboxEvent.objects.filter(type="changelog.published", dispatched_at__isnull=False).count() == 2)
    assert len(event_emails(smtp_sink)) == 1
    assert EmailDelivery.objects.count() == 1


def test_the_broker_down_at_commit_time_loses_nothing_the_sweeper_sends_it_later(worker, project, settings, caplog):
    settings.PULSE_OUTBOX_GRACE_SECONDS = 0
    with WebhookReceiver() as receiver:
        create_endpoint(project=project, url=receiver.url)
        use_broker("amqp://guest:guest@127.0.0.1:1//", worker, eager=False)  # nothing listens on port 1
        try:
            with transaction.atomic():
                entry = create_roadmap_entry(project=project, feature_name="Offline mode")
                update_roadmap_entry(entry=entry, feature_status="in_progress")
        finally:
            use_broker(BROKER_URL, worker, eager=False)
        event = OutboxEvent.objects.get(type="roadmap.status_changed")
        assert event.dispatched_at is None and receiver.requests == []
        assert "left to the outbox sweeper" in caplog.text

        assert sweep()[0] == 1
        eventually(lambda: WebhookDelivery.objects.filter(status=OutboxRow.Status.DELIVERED).exists())
    assert json.loads(receiver.requests[0][2])["data"]["entry"]["feature_name"] == "Offline mode"


def test_a_mention_and_an_invitation_reach_the_smtp_server_as_multipart_emails_through_the_worker(
    worker, project, smtp_sink
):
    from django.contrib.auth.models import User

    from feedback.services import add_team_message, submit_feedback
    from notifications.services import set_member_preferences
    from projects.models import Membership
    from projects.services import invite_member

    ann = User.objects.create_user(username="ann", password="x", email="ann@team.test")
    membership = Membership.objects.create(project=project, user=ann, role="member")
    set_member_preferences(membership=membership, new_feedback=False)  # only the mention, here
    feedback = submit_feedback(project=project, visitor_id=None, title="Slow export")
    smtp_sink.messages.clear()
    add_team_message(feedback=feedback, message="@ann can you take this?", is_public=False, sender_id="key:abc")
    invite_member(project=project, email="new@team.test", role="member")

    eventually(lambda: len(smtp_sink.messages) == 2)
    parsed = {rcpt[0]: email.message_from_bytes(raw, policy=email.policy.default) for rcpt, raw in smtp_sink.messages}
    mention, invitation = parsed["ann@team.test"], parsed["new@team.test"]
    assert mention["Subject"].strip() == "[Acme App] You were mentioned on “Slow export”"
    assert mention["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {part.get_content_type() for part in mention.walk()} >= {"text/plain", "text/html"}
    assert invitation["Subject"] == "You are invited to Acme App on Pulse" and "List-Unsubscribe" not in invitation
    assert "/invitations/" in invitation.get_body(("plain",)).get_content()
