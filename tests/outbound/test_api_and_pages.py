"""Admin API of webhooks, the public subscribe endpoint, the email links and the dashboard page."""

import pytest
from django.core import mail

from notifications.emails import confirm_token, unsubscribe_token
from notifications.models import Subscriber, WebhookEndpoint
from notifications.services import subscribe
from projects.models import Membership
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
ADMIN_URL = "/api/v1/admin/webhooks"


@pytest.fixture
def key(project, make_key):
    return make_key(project, "notifications:read,notifications:write")


def test_creating_an_endpoint_answers_its_secret_once(api_client, key):
    response = api_client.post(
        ADMIN_URL,
        {"url": "https://hooks.example.com/pulse", "event_types": ["changelog.published"]},
        format="json",
        **bearer(key),
    )
    assert response.status_code == 201, response.content
    created = response.json()["data"]
    assert created["secret"].startswith("whsec_") and created["event_types"] == ["changelog.published"]
    again = api_client.get(f"{ADMIN_URL}/{created['id']}", **bearer(key)).json()["data"]
    assert "secret" not in again and again["url"] == "https://hooks.example.com/pulse"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://127.0.0.1:8000/hook"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "https://hooks.example.com/x", "event_types": ["roadmap.deleted"]}, "event_types"),
        ({"url": "https://hooks.example.com/x", "kind": "teams"}, "kind"),
    ],
)
def test_a_bad_endpoint_is_refused_with_a_400_naming_the_field(api_client, key, body, field):
    response = api_client.post(ADMIN_URL, body, format="json", **bearer(key))
    assert response.status_code == 400, response.content
    assert field in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_rotating_answers_a_new_secret(api_client, key):
    created = api_client.post(ADMIN_URL, {"url": "https://hooks.example.com/x"}, format="json", **bearer(key))
    endpoint_id = created.json()["data"]["id"]
    rotated = api_client.post(f"{ADMIN_URL}/{endpoint_id}/rotate", **bearer(key))
    assert rotated.status_code == 200
    assert rotated.json()["data"]["secret"] != created.json()["data"]["secret"]


def test_another_projects_endpoint_is_not_found(api_client, key, other_project, make_key):
    other_key = make_key(other_project, "notifications:read,notifications:write")
    created = api_client.post(ADMIN_URL, {"url": "https://hooks.example.com/x"}, format="json", **bearer(other_key))
    response = api_client.get(f"{ADMIN_URL}/{created.json()['data']['id']}/deliveries", **bearer(key))
    assert response.status_code == 404


def test_a_read_only_key_cannot_create(api_client, project, make_key):
    response = api_client.post(
        ADMIN_URL,
        {"url": "https://hooks.example.com/x"},
        format="json",
        **bearer(make_key(project, "notifications:read")),
    )
    assert response.status_code == 403


def test_subscribing_sends_only_a_confirmation_until_confirmed(api_client, project, client, visitor_id):
    response = api_client.post(
        "/api/v1/projects/acme/subscribe",
        {"email": "Reader@Example.com"},
        format="json",
        HTTP_X_PULSE_USER_ID=visitor_id,
    )
    assert response.status_code == 202
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com" and str(subscriber.visitor_id) == visitor_id
    assert subscriber.confirmed_at is None
    # The confirmation goes out after commit (eager in unit tests); it has no unsubscribe header.
    subscribe(project=project, email="reader@example.com")
    assert Subscriber.objects.count() == 1

    page = client.get(f"/e/confirm/{confirm_token(subscriber)}/")
    assert page.status_code == 200 and "Confirm my subscription" in page.content.decode()
    Subscriber.objects.get(confirmed_at=None)  # a GET (a link scanner) confirms nothing
    assert client.post(f"/e/confirm/{confirm_token(subscriber)}/").status_code == 200
    assert Subscriber.objects.get().confirmed_at is not None


def test_the_confirmation_email_carries_the_link(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscriber = subscribe(project=project, email="new@example.com")
    (message,) = mail.outbox
    assert message.to == ["new@example.com"] and "List-Unsubscribe" not in message.extra_headers
    assert f"/e/confirm/{confirm_token(subscriber)}/" in message.body


def test_a_forged_or_wrong_purpose_token_is_refused(client, project):
    subscriber = subscribe(project=project, email="x@example.com")
    assert client.post("/e/unsubscribe/forged/").status_code == 404
    assert client.post(f"/e/confirm/{unsubscribe_token(subscriber)}/").status_code == 404
    assert Subscriber.objects.get().confirmed_at is None


def test_one_click_unsubscribe_needs_no_login_and_no_csrf_token(project):
    from django.test import Client

    subscriber = subscribe(project=project, email="x@example.com")
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(
        f"/e/unsubscribe/{unsubscribe_token(subscriber)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().unsubscribed_at is not None


def _member(project, role):
    from django.contrib.auth.models import User

    user = User.objects.create_user(username=role, password="x")
    Membership.objects.create(project=project, user=user, role=role)
    return user


def test_the_dashboard_creates_an_endpoint_and_shows_its_secret_once(client, project):
    client.force_login(_member(project, "admin"))
    response = client.post(
        "/p/acme/webhooks/",
        {"kind": "slack", "url": "https://hooks.slack.com/services/T/B/X", "event_types": ["changelog.published"]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "whsec_" in page and "Copy it now" in page
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.kind == "slack" and endpoint.event_types == ["changelog.published"]
    assert "whsec_" not in client.get("/p/acme/webhooks/").content.decode()
    detail = client.get(f"/p/acme/webhooks/{endpoint.pk}/").content.decode()
    assert "Send test message" in detail and "No delivery yet." in detail


def test_the_dashboard_refuses_a_private_url_next_to_the_field(client, project):
    client.force_login(_member(project, "admin"))
    response = client.post("/p/acme/webhooks/", {"kind": "webhook", "url": "http://10.0.0.5/hook"})
    assert response.status_code == 200
    assert "not a public address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_member_below_admin_cannot_manage_webhooks(client, project):
    client.force_login(_member(project, "member"))
    assert client.get("/p/acme/webhooks/").status_code == 403


def test_the_dashboard_shows_a_disabled_endpoints_reason(client, project, settings):
    settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    from notifications.services import create_endpoint

    endpoint, _ = create_endpoint(project=project, url="http://127.0.0.1:9/x")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(enabled=False, disabled_reason="Every delivery failed.")
    client.force_login(_member(project, "admin"))
    assert "Every delivery failed." in client.get("/p/acme/webhooks/").content.decode()


def test_the_dashboard_lists_subscribers_with_their_state(client, project):
    from django.utils import timezone

    Subscriber.objects.create(project=project, email="yes@example.com", confirmed_at=timezone.now())
    Subscriber.objects.create(project=project, email="maybe@example.com")
    client.force_login(_member(project, "admin"))
    page = client.get("/p/acme/webhooks/").content.decode()
    assert "1 confirmed, 1 waiting for confirmation" in page
    assert "yes@example.com" in page and "maybe@example.com" in page and "unconfirmed" in page
