"""The four examples of the events API reference, with their bodies and response shapes."""

import re

import pytest

from analytics.models import Event, EventDailyCount
from analytics.services import ingest_events

from .conftest import BATCH, EVENTS, TOP

pytestmark = pytest.mark.django_db
MILLISECOND_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
SEED_EVENT = {
    "name": "page.viewed",
    "properties": {"page": "/dashboard", "referrer": "/home"},
    "userId": "user-abc",
    "sessionId": "sess-xyz",
}
SEED_BATCH = {
    "events": [
        {"name": "page.viewed", "properties": {"page": "/dashboard"}, "userId": "user-abc"},
        {"name": "button.clicked", "properties": {"button": "deploy"}, "userId": "user-abc"},
        {"name": "api.called", "properties": {"endpoint": "/api/v1/catalog/services"}, "userId": "user-def"},
    ]
}


def test_track_a_single_event(post, write_key, project):
    response = post(EVENTS, SEED_EVENT, write_key)
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    assert list(data) == ["id", "name", "properties", "userId", "sessionId", "timestamp"]
    assert isinstance(data["id"], str)
    assert {k: data[k] for k in SEED_EVENT} == SEED_EVENT
    assert MILLISECOND_Z.match(data["timestamp"])
    stored = Event.objects.get(public_id=data["id"])
    assert (stored.project_id, stored.name, stored.properties) == (project.id, "page.viewed", SEED_EVENT["properties"])
    assert (stored.user_id, stored.session_id) == ("user-abc", "sess-xyz")


def test_batch_ingest_events(post, write_key, project):
    response = post(BATCH, SEED_BATCH, write_key)
    assert response.status_code == 201
    assert response.json() == {"success": True, "data": {"ingested": 3}}
    assert sorted(Event.objects.filter(project=project).values_list("name", flat=True)) == [
        "api.called",
        "button.clicked",
        "page.viewed",
    ]


def test_list_tracked_events(post, get, write_key, read_key):
    tracked = post(EVENTS, {**SEED_EVENT, "timestamp": "2026-03-05T12:00:00.000Z"}, write_key).json()["data"]
    response = get(EVENTS, read_key)
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": [
            {
                "id": tracked["id"],
                "name": "page.viewed",
                "properties": {"page": "/dashboard", "referrer": "/home"},
                "userId": "user-abc",
                "sessionId": "sess-xyz",
                "timestamp": "2026-03-05T12:00:00.000Z",
            }
        ],
    }


def test_top_events_report(get, read_key, project):
    events = [{"name": "page.viewed"}] * 142 + [{"name": "button.clicked"}] * 87 + [{"name": "api.called"}] * 53
    ingest_events(project=project, events=events)
    response = get(TOP, read_key)
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": [
            {"name": "page.viewed", "count": 142},
            {"name": "button.clicked", "count": 87},
            {"name": "api.called", "count": 53},
        ],
    }
    assert EventDailyCount.objects.filter(project=project).count() == 3


def test_error_envelope_of_the_reference(post, write_key):
    response = post(EVENTS, {"properties": {}}, write_key)
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {"code": "BAD_REQUEST", "message": "Event name is required"},
    }
    assert not Event.objects.exists()
