"""Issue 21 in a real browser: a webhook endpoint managed on the dashboard (created, its
secret shown once, the delivery log, redeliver) and the portal's "email me when this ships"
through to the confirmation link. Tasks run inline (eager) when each request commits."""

import json
import re

import pytest
from django.core import mail

from notifications.models import EntryFollow, Subscriber, WebhookEndpoint
from roadmap.services import create_roadmap_entry
from tests.outbound.receivers import WebhookReceiver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver(settings):
    settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = True  # the receiver listens on 127.0.0.1
    with WebhookReceiver() as running:
        yield running


def test_an_endpoint_is_created_with_its_secret_shown_once_then_tested_and_redelivered(
    live_server, signed_in, receiver, screenshot
):
    page, base = signed_in, live_server.url
    page.goto(f"{base}/p/acme/webhooks/")
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("Description").fill("Ops receiver")
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.locator("code.secret").inner_text()
    assert secret.startswith("whsec_")
    screenshot("webhooks-secret-once")
    page.goto(f"{base}/p/acme/webhooks/")  # a GET (a reload would post the form again)
    assert page.locator("code.secret").count() == 0 and secret not in page.content()

    page.get_by_role("link", name=receiver.url).click()
    page.get_by_role("button", name="Send test message").click()
    page.get_by_text("Test message queued.").wait_for()
    assert len(receiver.requests) == 1
    row = page.locator("table tbody tr").first
    assert "delivered" in row.inner_text() and "#1 200" in row.inner_text()

    row.get_by_role("button", name="Redeliver").click()
    page.get_by_text("Redelivery queued.").wait_for()
    first, second = receiver.requests
    assert first[1]["webhook-id"] == second[1]["webhook-id"]
    assert json.loads(second[2])["type"] == "pulse.test"
    assert "#2 200" in page.locator("table tbody tr").first.inner_text()
    screenshot("webhooks-delivery-log")
    assert WebhookEndpoint.objects.get().description == "Ops receiver"


def test_email_me_when_this_ships_on_the_portal_without_javascript_then_confirm(live_server, browser, project):
    project.portal_public = True
    project.save()
    entry = create_roadmap_entry(
        project=project, feature_name="Offline mode", published_at="2026-01-01T00:00:00Z", feature_status="planned"
    )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/portal/acme/roadmap/")
        item = page.locator(f"#entry-{entry.pk}")
        item.get_by_text("Email me when this ships").click()
        item.get_by_label("Your email").fill("fan@example.com")
        item.get_by_role("button", name="Notify me").click()
        page.get_by_text("we emailed you a confirmation link").wait_for()
        assert page.url.endswith(f"/portal/acme/roadmap/{entry.pk}/subscribe/?sent=1")
        subscriber = Subscriber.objects.get()
        assert subscriber.confirmed_at is None
        assert EntryFollow.objects.filter(entry=entry, subscriber=subscriber).exists()

        (email,) = mail.outbox
        link = re.search(r"http://\S+/e/confirm/\S+/", email.body).group(0)
        page.goto(live_server.url + "/e/confirm/" + link.split("/e/confirm/")[1])
        page.get_by_role("button", name="Confirm my subscription").click()
        page.get_by_text("Subscription confirmed").wait_for()
        assert Subscriber.objects.get().confirmed_at is not None
    finally:
        context.close()
