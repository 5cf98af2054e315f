"""POST /api/v1/pulse/events/batch: all or nothing, bounds, and a rollup equal to raw counts."""

from collections import Counter

import pytest
from django.db.models.functions import TruncDate

from analytics.models import Event, EventDailyCount
from analytics.services import ingest_events

from .conftest import BATCH

pytestmark = pytest.mark.django_db


def _rollup(project):
    return {
        (str(day), name): count
        for day, name, count in EventDailyCount.objects.filter(project=project).values_list("day", "name", "count")
    }


def _raw_counts(project):
    rows = Event.objects.filter(project=project).annotate(day=TruncDate("timestamp")).values_list("day", "name")
    return dict(Counter((str(day), name) for day, name in rows))


def test_one_bad_event_stores_nothing_and_names_its_index(post, write_key):
    events = [{"name": "ok"}] * 3 + [{"properties": {}}] + [{"name": ""}]
    response = post(BATCH, {"events": events}, write_key)
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": {"code": "BAD_REQUEST", "message": "events[3].name: Event name is required"},
    }
    assert not Event.objects.exists() and not EventDailyCount.objects.exists()


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("not an object", "events[1]: Event must be a JSON object"),
        ({"name": "a", "properties": []}, "events[1].properties: properties must be a JSON object"),
        ({"name": "a", "userId": 1}, "events[1].userId: userId must be a string"),
        ({"name": "a", "timestamp": "soon"}, "events[1].timestamp: timestamp must be an ISO 8601 date-time"),
    ],
)
def test_bad_event_message_names_index_and_field(post, write_key, event, message):
    response = post(BATCH, {"events": [{"name": "ok"}, event]}, write_key)
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(message)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "events is required"),
        ({"events": None}, "events is required"),
        ({"events": {"name": "a"}}, "events must be a list"),
        ({"events": []}, "events must contain at least 1 event"),
        ([{"name": "a"}], "Request body must be a JSON object"),
    ],
)
def test_malformed_batch_is_400(post, write_key, body, message):
    response = post(BATCH, body, write_key)
    assert (response.status_code, response.json()["error"]["message"]) == (400, message)


def test_batch_at_the_maximum_is_accepted_and_one_more_is_400(post, write_key, settings):
    settings.PULSE_EVENTS_MAX_BATCH = 5
    assert post(BATCH, {"events": [{"name": "a"}] * 5}, write_key).json()["data"] == {"ingested": 5}
    response = post(BATCH, {"events": [{"name": "a"}] * 6}, write_key)
    assert (response.status_code, response.json()["error"]["message"]) == (400, "events must contain at most 5 events")
    assert Event.objects.count() == 5


def test_default_maximum_batch_of_1000_is_accepted(post, write_key, project):
    response = post(BATCH, {"events": [{"name": f"e{i % 7}", "properties": {"i": i}} for i in range(1000)]}, write_key)
    assert response.json()["data"] == {"ingested": 1000}
    assert Event.objects.filter(project=project).count() == 1000
    assert sum(_rollup(project).values()) == 1000


def test_batch_over_request_bytes_is_413_and_stores_nothing(post, write_key, settings):
    settings.PULSE_EVENTS_MAX_REQUEST_BYTES = 2000
    response = post(BATCH, {"events": [{"name": "page.viewed", "properties": {"i": i}} for i in range(100)]}, write_key)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert not Event.objects.exists()


def test_batch_keeps_each_events_fields(post, write_key, project):
    events = [
        {"name": "a", "properties": {"x": 1}, "userId": "u1", "sessionId": "s1", "timestamp": "2026-03-05T12:00:00Z"},
        {"name": "b"},
    ]
    post(BATCH, {"events": events}, write_key)
    stored = {e.name: e for e in Event.objects.filter(project=project)}
    assert (stored["a"].properties, stored["a"].user_id, stored["a"].session_id) == ({"x": 1}, "u1", "s1")
    assert stored["a"].timestamp.isoformat() == "2026-03-05T12:00:00+00:00"
    assert (stored["b"].properties, stored["b"].user_id, stored["b"].session_id) == ({}, "", "")


def test_rollup_equals_raw_counts_after_mixed_batches_on_different_days(post, write_key, project):
    first = [
        {"name": "page.viewed", "timestamp": "2026-03-04T23:59:59.999Z"},
        {"name": "page.viewed", "timestamp": "2026-03-05T00:00:00.000Z"},
        {"name": "page.viewed", "timestamp": "2026-03-05T01:00:00+02:00"},  # 2026-03-04 in UTC
        {"name": "button.clicked", "timestamp": "2026-03-05T10:00:00Z"},
        {"name": "button.clicked"},
    ]
    second = [
        {"name": "page.viewed", "timestamp": "2026-03-05T18:00:00Z"},
        {"name": "api.called", "timestamp": "2026-03-06T00:00:00Z"},
        {"name": "button.clicked", "timestamp": "2026-03-05T11:00:00Z"},
    ]
    assert post(BATCH, {"events": first}, write_key).status_code == 201
    assert post(BATCH, {"events": second}, write_key).status_code == 201
    assert post(BATCH, {"events": second + [{"name": ""}]}, write_key).status_code == 400
    rollup = _rollup(project)
    assert rollup == _raw_counts(project)
    assert rollup[("2026-03-04", "page.viewed")] == 2
    assert rollup[("2026-03-05", "page.viewed")] == 2
    assert rollup[("2026-03-05", "button.clicked")] == 2
    assert sum(rollup.values()) == 8


def test_rollup_survives_many_service_batches(project, other_project):
    for index in range(5):
        events = [{"name": f"n{i % 3}", "timestamp": f"2026-03-0{1 + (i + index) % 4}T12:00:00Z"} for i in range(40)]
        ingest_events(project=project, events=events)
        ingest_events(project=other_project, events=events[:10])
    assert _rollup(project) == _raw_counts(project)
    assert _rollup(other_project) == _raw_counts(other_project)
    assert sum(_rollup(project).values()) == 200


def test_batch_path_with_trailing_slash_works_without_redirect(post, write_key):
    response = post(BATCH + "/", {"events": [{"name": "a"}]}, write_key)
    assert response.status_code == 201
