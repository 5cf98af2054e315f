"""POST /api/v1/projects/:slug/events: the widget's track(), no key, `general` rate limit."""

import uuid

import pytest

from analytics.models import Event, EventDailyCount

pytestmark = pytest.mark.django_db
TRACK = "/api/v1/projects/acme/events"


def test_tracks_an_event_for_the_slugs_project(client, project, other_project):
    body = {"name": "widget.opened", "properties": {"tab": "roadmap"}, "sessionId": "s1"}
    response = client.post(TRACK, data=body, content_type="application/json")
    assert response.status_code == 201
    data = response.json()["data"]
    assert response.json()["error"] is None
    assert {k: data[k] for k in ("name", "properties", "userId", "sessionId")} == {**body, "userId": None}
    stored = Event.objects.get()
    assert (stored.project_id, str(stored.public_id)) == (project.id, data["id"])
    assert EventDailyCount.objects.get(project=project).count == 1


def test_user_id_defaults_to_the_visitor_header(client, project, visitor_id):
    response = client.post(TRACK, data={"name": "a"}, content_type="application/json", HTTP_X_PULSE_USER_ID=visitor_id)
    assert response.json()["data"]["userId"] == visitor_id
    explicit = client.post(
        TRACK, data={"name": "a", "userId": "me"}, content_type="application/json", HTTP_X_PULSE_USER_ID=visitor_id
    )
    assert explicit.json()["data"]["userId"] == "me"


def test_malformed_visitor_header_is_400(client, project):
    response = client.post(TRACK, data={"name": "a"}, content_type="application/json", HTTP_X_PULSE_USER_ID="nope")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_text_plain_json_from_send_beacon_is_accepted(client, project):
    response = client.post(TRACK, data='{"name": "page.left"}', content_type="text/plain;charset=UTF-8")
    assert response.status_code == 201
    assert Event.objects.get().name == "page.left"


def test_missing_name_is_400_in_data_envelope(client, project):
    response = client.post(TRACK, data={}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Event name is required"}
    assert not Event.objects.exists()


def test_unknown_project_is_404(client, project):
    response = client.post("/api/v1/projects/nope/events", data={"name": "a"}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_get_is_405(client, project):
    assert client.get(TRACK).status_code == 405


def test_body_over_events_bound_is_413(client, project, settings):
    settings.PULSE_EVENTS_MAX_REQUEST_BYTES = 100
    response = client.post(TRACK, data={"name": "a", "properties": {"k": "x" * 200}}, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["data"] is None


def test_general_rate_limit_per_visitor_is_429(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    visitor = str(uuid.uuid4())
    responses = [
        client.post(TRACK, data={"name": "a"}, content_type="application/json", HTTP_X_PULSE_USER_ID=visitor)
        for _ in range(3)
    ]
    statuses = [response.status_code for response in responses]
    assert statuses == [201, 201, 429]
    assert Event.objects.count() == 2
