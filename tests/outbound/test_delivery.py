"""Webhook delivery without a worker process: tasks run inline (eager, unit tests only) when
the test's transaction "commits" (django_capture_on_commit_callbacks), against a real local
HTTP receiver."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from changelog.services import create_entry, emit_due_published_events, publish_entry
from feedback.services import add_team_message, submit_feedback
from notifications import http, outbox
from notifications.formats import render
from notifications.models import OutboxEvent, OutboxRow, WebhookDelivery, WebhookEndpoint
from notifications.secrets import decrypt, encrypt
from notifications.services import create_endpoint, rotate_secret, send_test

from .receivers import WebhookReceiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_allowed(settings):
    settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = True


REFUSED = [
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # shared address space
    "0.0.0.0",
    "224.0.0.1",
    "240.0.0.1",
    "255.255.255.255",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "fc00::1",
    "fe80::1",
    "2001:db8::1",
]


@pytest.mark.parametrize("address", REFUSED)
def test_every_non_public_address_is_refused(address):
    with pytest.raises(http.Refused):
        http.check_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    http.check_address(address)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "192.168.1.1", "fc00::1"])
def test_the_setting_allows_private_ranges_for_self_hosters(address, private_allowed):
    http.check_address(address)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "http:///nohost", "gopher://a/"])
def test_only_http_and_https_urls_with_a_host_are_called(url):
    with pytest.raises(http.Refused):
        http.resolve(url)


def test_a_name_resolving_to_loopback_is_refused():
    with pytest.raises(http.Refused, match="not a public address"):
        http.resolve("http://localhost:8080/hook")


def make_endpoint(project, url, **fields):
    """An endpoint on a local URL (made with the setting on, as a self-hoster would)."""
    from django.test import override_settings

    with override_settings(PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS=True):
        return create_endpoint(project=project, url=url, **fields)


def test_a_receiver_on_a_private_address_is_refused_without_the_setting_and_nothing_is_sent(project, commit):
    with WebhookReceiver() as receiver:
        endpoint, _ = make_endpoint(project, receiver.url)
        commit(send_test, endpoint=endpoint)
    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []
    assert delivery.status == OutboxRow.Status.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()  # retried later: the address is checked again then
    (attempt,) = delivery.attempt_log.all()
    assert attempt.response_status is None and "not a public address" in attempt.error


def test_a_redirect_is_not_followed_and_counts_as_a_failure(project, commit, private_allowed):
    with WebhookReceiver(statuses=[302]) as receiver:
        endpoint, _ = make_endpoint(project, receiver.url)
        commit(send_test, endpoint=endpoint)
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1
    assert delivery.status == OutboxRow.Status.PENDING and delivery.last_response_status == 302


def test_a_signed_delivery_verifies_with_the_standard_webhooks_library(project, commit, private_allowed):
    with WebhookReceiver() as receiver:
        _, secret = make_endpoint(project, receiver.url)
        commit(submit_feedback, project=project, visitor_id=None, title="Export to CSV", description="Please")
    (_, headers, body) = receiver.requests[0]
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "feedback.created" and payload["data"]["feedback"]["title"] == "Export to CSV"
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"CSV", b"PDF"), headers)
    assert WebhookDelivery.objects.get().status == OutboxRow.Status.DELIVERED


def test_an_internal_note_goes_only_to_endpoints_that_ask_for_internal_notes(project, commit, private_allowed):
    with WebhookReceiver() as public_only, WebhookReceiver() as everything:
        make_endpoint(project, public_only.url, event_types=["feedback.message_created"])
        make_endpoint(project, everything.url, event_types=["feedback.message_created"], include_internal=True)
        feedback = submit_feedback(project=project, visitor_id=None, title="Bug")
        commit(add_team_message, feedback=feedback, message="Internal: dup of #12", is_public=False, sender_id="u1")
        commit(add_team_message, feedback=feedback, message="Fixed, thanks!", is_public=True, sender_id="u1")
    public_messages = [json.loads(body)["data"]["message"]["message"] for _, _, body in public_only.requests]
    all_messages = [json.loads(body)["data"]["message"]["message"] for _, _, body in everything.requests]
    assert public_messages == ["Fixed, thanks!"]
    assert sorted(all_messages) == ["Fixed, thanks!", "Internal: dup of #12"]


def test_dispatching_an_event_twice_writes_one_delivery_per_endpoint(project, private_allowed):
    make_endpoint(project, "http://127.0.0.1:9/a")
    make_endpoint(project, "http://127.0.0.1:9/b")
    event = outbox.emit(project=project, type="feedback.created", data={})
    outbox.dispatch(event.pk)
    OutboxEvent.objects.filter(pk=event.pk).update(dispatched_at=None)  # as if the first run's commit was lost
    outbox.dispatch(event.pk)
    assert WebhookDelivery.objects.filter(event=event).count() == 2


def test_a_row_enqueued_twice_is_claimed_once(project, private_allowed):
    endpoint, _ = make_endpoint(project, "http://127.0.0.1:9/a")
    event = outbox.emit(project=project, type="feedback.created", data={})
    outbox.dispatch(event.pk)
    delivery = WebhookDelivery.objects.get()
    assert [row.pk for row in outbox.claim(WebhookDelivery, [delivery.pk])] == [delivery.pk]
    assert outbox.claim(WebhookDelivery, [delivery.pk]) == []


@pytest.mark.parametrize("attempts", range(1, 8))
def test_retry_delays_follow_the_schedule_within_the_jitter(attempts, settings):
    settings.PULSE_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000]
    settings.PULSE_RETRY_JITTER = 0.2
    base = settings.PULSE_RETRY_SCHEDULE[attempts - 1]
    delays = {outbox.retry_delay(attempts) for _ in range(50)}
    assert all(base * 0.8 <= delay <= base * 1.2 for delay in delays)
    assert len(delays) > 1  # jittered, so receivers are not hit in lockstep


def test_the_default_schedule_spans_about_a_day_and_then_gives_up(settings):
    assert 24 * 3600 <= sum(settings.PULSE_RETRY_SCHEDULE) <= 30 * 3600
    assert outbox.retry_delay(len(settings.PULSE_RETRY_SCHEDULE) + 1) is None


def test_an_endpoint_failing_for_a_day_when_its_retries_run_out_is_disabled_with_a_reason(
    project, commit, private_allowed, settings
):
    settings.PULSE_RETRY_SCHEDULE = []  # the first failure is the last attempt
    with WebhookReceiver(statuses=[500]) as receiver:
        endpoint, _ = make_endpoint(project, receiver.url)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            failing_since=timezone.now() - timedelta(days=1, minutes=1)
        )
        commit(send_test, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert WebhookDelivery.objects.get().status == OutboxRow.Status.FAILED
    assert not endpoint.enabled and "failed for a day" in endpoint.disabled_reason


def test_a_success_clears_the_failing_state(project, commit, private_allowed):
    with WebhookReceiver() as receiver:
        endpoint, _ = make_endpoint(project, receiver.url)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=timezone.now())
        commit(send_test, endpoint=endpoint)
    endpoint.refresh_from_db()
    assert endpoint.failing_since is None and endpoint.enabled


def test_redeliver_sends_the_same_webhook_id_again(project, commit, private_allowed):
    with WebhookReceiver() as receiver:
        endpoint, _ = make_endpoint(project, receiver.url)
        commit(send_test, endpoint=endpoint)
        delivery = WebhookDelivery.objects.get()
        commit(outbox.redeliver, delivery=delivery)
    assert [headers["webhook-id"] for _, headers, _ in receiver.requests] == [delivery.event.message_id] * 2
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.attempt_log.count() == 2


def test_secrets_are_stored_encrypted_and_read_back(project, private_allowed):
    endpoint, secret = make_endpoint(project, "http://127.0.0.1:9/a")
    assert secret.startswith("whsec_") and secret not in endpoint.secret_encrypted
    assert decrypt(endpoint.secret_encrypted) == secret
    with pytest.raises(ValueError):
        decrypt(encrypt(secret)[:-4] + "AAAA")


def test_after_a_rotation_both_secrets_verify_during_the_overlap_then_only_the_new_one(project, private_allowed):
    endpoint, old = make_endpoint(project, "http://127.0.0.1:9/a")
    new = rotate_secret(endpoint=endpoint, overlap_seconds=3600)
    event = outbox.emit(project=project, type="feedback.created", data={"x": 1})
    body, headers = render(endpoint, event)
    Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)
    later = timezone.now() + timedelta(hours=2)
    body, headers = render(endpoint, event, now=later)
    assert len(headers["webhook-signature"].split(" ")) == 1
    with pytest.raises(WebhookVerificationError):  # also too old for the library's 5-minute window
        Webhook(old).verify(body, headers)


def test_slack_and_discord_get_formatted_messages_without_signatures(project, commit, private_allowed):
    with WebhookReceiver() as slack, WebhookReceiver() as discord:
        make_endpoint(project, slack.url, kind="slack")
        make_endpoint(project, discord.url, kind="discord")
        commit(
            create_entry, project=project, title="Dark mode", summary="Easy on the eyes.", published_at=timezone.now()
        )
    slack_message = json.loads(slack.requests[0][2])
    assert slack_message["text"] == "New: Dark mode"
    assert slack_message["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "text": "New: Dark mode"}}
    assert "Easy on the eyes." in slack_message["blocks"][1]["text"]["text"]
    discord_message = json.loads(discord.requests[0][2])
    assert discord_message["embeds"][0]["title"] == "New: Dark mode" and discord_message["allowed_mentions"] == {
        "parse": []
    }
    assert "webhook-signature" not in slack.requests[0][1]


def test_a_scheduled_entry_emits_changelog_published_once_when_its_time_comes(project):
    entry = create_entry(project=project, title="Later")
    publish_entry(entry=entry, published_at=timezone.now() + timedelta(hours=1))
    assert not OutboxEvent.objects.filter(type="changelog.published").exists()
    assert emit_due_published_events() == 0
    assert emit_due_published_events(now=timezone.now() + timedelta(hours=2)) == 1
    assert emit_due_published_events(now=timezone.now() + timedelta(hours=2)) == 0
    assert OutboxEvent.objects.filter(type="changelog.published").count() == 1


def test_the_sweeper_enqueues_only_what_is_overdue(project, settings, private_allowed):
    settings.PULSE_OUTBOX_GRACE_SECONDS = 60
    fresh = outbox.emit(project=project, type="feedback.created", data={})
    old = outbox.emit(project=project, type="feedback.created", data={})
    OutboxEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    events, _, _ = outbox.sweep()  # eager: the overdue event is dispatched inline
    assert events == 1
    assert OutboxEvent.objects.get(pk=old.pk).dispatched_at is not None
    assert OutboxEvent.objects.get(pk=fresh.pk).dispatched_at is None


def test_an_announcement_emits_announcement_started_once_when_it_starts(project):
    from announcements.models import Announcement
    from announcements.services import emit_due_started_events

    now = timezone.now()
    Announcement.objects.create(project=project, title="Now")
    Announcement.objects.create(project=project, title="Later", starts_at=now + timedelta(hours=1))
    Announcement.objects.create(project=project, title="Off", is_active=False)
    Announcement.objects.create(
        project=project, title="Over", starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)
    )
    assert emit_due_started_events() == 1
    assert emit_due_started_events() == 0
    assert emit_due_started_events(now=now + timedelta(hours=2)) == 1
    titles = [e.payload["announcement"]["title"] for e in OutboxEvent.objects.filter(type="announcement.started")]
    assert sorted(titles) == ["Later", "Now"]


NON_PUBLIC_NETWORKS = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "224.0.0.0/4",
    "240.0.0.0/4",
    "::1/128",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
]


@given(data=st.data(), network=st.sampled_from(NON_PUBLIC_NETWORKS))
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_address_of_a_non_public_network_is_refused(data, network):
    address = data.draw(st.ip_addresses(network=network))
    with pytest.raises(http.Refused):
        http.check_address(str(address))
    if address.version == 4:  # and in its IPv4-mapped IPv6 form
        with pytest.raises(http.Refused):
            http.check_address(f"::ffff:{address}")


def subscriber_recipients(event):
    from notifications.selectors import email_recipients

    return {pk for field, values in email_recipients(event) if field == "subscriber_id" for pk in values}


def test_emails_go_to_confirmed_addresses_chosen_by_event_type(project):
    import uuid as uuid_module

    from feedback.models import Feedback
    from notifications.models import Subscriber

    author, stranger = uuid_module.uuid4(), uuid_module.uuid4()
    now = timezone.now()
    confirmed_author = Subscriber.objects.create(project=project, email="a@x.com", visitor_id=author, confirmed_at=now)
    Subscriber.objects.create(project=project, email="b@x.com", visitor_id=stranger, confirmed_at=now, changelog=False)
    Subscriber.objects.create(project=project, email="c@x.com", confirmed_at=None)
    Subscriber.objects.create(project=project, email="d@x.com", confirmed_at=now, unsubscribed_at=now)
    feedback = Feedback.objects.create(project=project, title="Dark mode", user_id=author)

    def recipients(type_, payload):
        return subscriber_recipients(OutboxEvent.objects.create(project=project, type=type_, payload=payload))

    assert recipients("changelog.published", {}) == {confirmed_author.pk}
    reply = {
        "feedback": {"id": str(feedback.pk), "user_id": str(author)},
        "message": {"id": str(uuid_module.uuid4()), "message": "Done"},
        "sender_role": "team",
        "is_public": True,
    }
    assert recipients("feedback.message_created", reply) == {confirmed_author.pk}
    assert recipients("feedback.message_created", {**reply, "is_public": False}) == set()
    assert recipients("feedback.message_created", {**reply, "sender_role": "user"}) == set()
    assert recipients("feedback.created", {}) == set()


@pytest.mark.parametrize("portal_public", [True, False], ids=["public portal", "no portal"])
def test_event_links_lead_recipients_to_the_public_page_when_there_is_one(project, settings, portal_public):
    """Subscribers and channels are not team members: a changelog event links the entry's
    portal page (the dashboard only when the project has no public portal)."""
    from projects.models import Project

    settings.PULSE_PUBLIC_URL = "https://pulse.example.com"
    Project.objects.filter(pk=project.pk).update(portal_public=portal_public)
    project.refresh_from_db()
    entry = create_entry(project=project, title="Dark mode", version="2.0", published_at=timezone.now())
    event = OutboxEvent.objects.get(type="changelog.published")
    url = event.payload["entry"]["url"]
    assert event.summary["url"] == url  # what emails, Slack and Discord link
    if portal_public:
        assert url == f"https://pulse.example.com/portal/acme/changelog/{entry.pk}/{entry.permalink_slug}/"
    else:
        assert url == f"https://pulse.example.com/p/acme/changelog/{entry.pk}/"
