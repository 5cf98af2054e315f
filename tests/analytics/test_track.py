"""POST /api/v1/pulse/events: one event, its bounds and its timestamp rules."""

from datetime import datetime, timedelta, timezone

import pytest

from analytics.models import Event, EventDailyCount

from .conftest import EVENTS

pytestmark = pytest.mark.django_db


def _error(response):
    assert response.json()["success"] is False
    return response.status_code, response.json()["error"]["code"], response.json()["error"]["message"]


def test_minimal_event_gets_server_time_and_null_ids(post, write_key):
    before = datetime.now(timezone.utc)
    response = post(EVENTS, {"name": "signup.completed"}, write_key)
    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["properties"], data["userId"], data["sessionId"]) == ({}, None, None)
    stored = Event.objects.get()
    assert before - timedelta(milliseconds=1) <= stored.timestamp <= datetime.now(timezone.utc)
    assert stored.timestamp == stored.received_at
    assert data["timestamp"] == stored.timestamp.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def test_client_timestamp_is_kept_in_utc_to_the_millisecond(post, write_key):
    response = post(EVENTS, {"name": "a", "timestamp": "2026-03-05T13:00:00.123456+01:00"}, write_key)
    assert response.json()["data"]["timestamp"] == "2026-03-05T12:00:00.123Z"
    assert Event.objects.get().timestamp == datetime(2026, 3, 5, 12, 0, 0, 123000, tzinfo=timezone.utc)


def test_naive_timestamp_means_utc(post, write_key):
    response = post(EVENTS, {"name": "a", "timestamp": "2026-03-05T12:00:00"}, write_key)
    assert response.json()["data"]["timestamp"] == "2026-03-05T12:00:00.000Z"


def test_timestamp_less_than_a_day_ahead_is_accepted(post, write_key):
    ahead = (datetime.now(timezone.utc) + timedelta(hours=23)).isoformat()
    assert post(EVENTS, {"name": "a", "timestamp": ahead}, write_key).status_code == 201


def test_timestamp_more_than_a_day_ahead_is_stored_at_receive_time_keeping_the_clients(post, write_key):
    ahead = (datetime.now(timezone.utc) + timedelta(days=1, minutes=1)).isoformat()
    response = post(EVENTS, {"name": "a", "properties": {"k": 1}, "timestamp": ahead}, write_key)
    assert response.status_code == 201
    event = Event.objects.get()
    assert event.timestamp == event.received_at
    assert event.properties == {"k": 1, "$client_timestamp": ahead}


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T00:00:00Z", 1709640000, "", "2026-03-05"])
def test_malformed_timestamp_is_400(post, write_key, value):
    response = post(EVENTS, {"name": "a", "timestamp": value}, write_key)
    assert _error(response)[0] == 400
    assert _error(response)[2].startswith("timestamp must be an ISO 8601 date-time")


@pytest.mark.parametrize("body", [{}, {"name": None}, {"name": ""}, {"name": "   "}])
def test_missing_name_is_400_event_name_is_required(post, write_key, body):
    assert _error(post(EVENTS, body, write_key)) == (400, "BAD_REQUEST", "Event name is required")


def test_name_is_trimmed(post, write_key):
    assert post(EVENTS, {"name": "  page.viewed "}, write_key).json()["data"]["name"] == "page.viewed"


def test_name_of_max_length_is_accepted_and_one_more_is_400(post, write_key):
    assert post(EVENTS, {"name": "n" * 200}, write_key).status_code == 201
    response = post(EVENTS, {"name": "n" * 201}, write_key)
    assert _error(response) == (400, "BAD_REQUEST", "Event name must be at most 200 characters")
    assert Event.objects.count() == 1


def test_name_bound_follows_the_setting(post, write_key, settings):
    settings.PULSE_EVENT_MAX_NAME_LENGTH = 5
    assert _error(post(EVENTS, {"name": "sixsix"}, write_key))[2] == "Event name must be at most 5 characters"


NUL_AT_1 = "Contains a character that cannot be stored: U+0000 at position 1."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": 12}, "Event name must be a string"),
        ({"name": "a\u0000b"}, "Event name: Contains a character that cannot be stored: U+0000 at position 1."),
        ({"name": "a", "properties": [1, 2]}, "properties must be a JSON object"),
        ({"name": "a", "properties": "x"}, "properties must be a JSON object"),
        (
            {"name": "a", "properties": {"k": "a\u0000"}},
            "properties: Contains a character that cannot be stored: U+0000 at position 1.",
        ),
        ({"name": "a", "userId": 42}, "userId must be a string"),
        ({"name": "a", "sessionId": ["s"]}, "sessionId must be a string"),
        ({"name": "a", "userId": "u" * 201}, "userId must be at most 200 characters"),
        ({"name": "a", "sessionId": "s" * 201}, "sessionId must be at most 200 characters"),
        ({"name": "a", "userId": "x\u0000"}, "userId: " + NUL_AT_1),
    ],
)
def test_invalid_fields_are_400_with_a_clear_message(post, write_key, body, message):
    assert _error(post(EVENTS, body, write_key)) == (400, "BAD_REQUEST", message)
    assert not Event.objects.exists() and not EventDailyCount.objects.exists()


def test_escaped_backslash_before_u0000_is_plain_text_not_nul(post, write_key):
    response = post(EVENTS, {"name": "a", "properties": {"path": "C:\\u0000"}}, write_key)
    assert response.status_code == 201
    assert Event.objects.get().properties == {"path": "C:\\u0000"}


def test_properties_at_the_byte_bound_are_accepted_and_over_it_are_400(post, write_key, settings):
    settings.PULSE_EVENT_MAX_PROPERTIES_BYTES = 100
    at_bound = {"k": "x" * (100 - len('{"k":""}'))}
    assert post(EVENTS, {"name": "a", "properties": at_bound}, write_key).status_code == 201
    over = {"k": "x" * (101 - len('{"k":""}'))}
    response = post(EVENTS, {"name": "a", "properties": over}, write_key)
    assert _error(response) == (400, "BAD_REQUEST", "properties must be at most 100 bytes of JSON")


def test_properties_nested_ten_levels_are_accepted_eleven_are_400(post, write_key):
    def nested(levels):
        value = {}
        for _ in range(levels - 1):
            value = {"k": value}
        return value

    assert post(EVENTS, {"name": "a", "properties": nested(10)}, write_key).status_code == 201
    response = post(EVENTS, {"name": "a", "properties": nested(11)}, write_key)
    assert _error(response) == (400, "BAD_REQUEST", "properties must be nested at most 10 levels deep")


def test_many_flat_brackets_are_not_mistaken_for_depth(post, write_key):
    flat = {f"k{i}": [] for i in range(30)}
    assert post(EVENTS, {"name": "a", "properties": flat}, write_key).status_code == 201


def test_absurdly_deep_json_is_400_not_500(post, write_key):
    response = post(EVENTS, '{"name": "a", "properties": ' + "[" * 5000 + "]" * 5000 + "}", write_key)
    assert _error(response) == (400, "BAD_REQUEST", "Invalid JSON body")


def test_body_that_is_not_an_object_is_400(post, write_key):
    response = post(EVENTS, [{"name": "a"}], write_key)
    assert _error(response) == (400, "BAD_REQUEST", "Request body must be a JSON object")


def test_malformed_json_is_400(post, write_key):
    assert _error(post(EVENTS, '{"name": ', write_key)) == (400, "BAD_REQUEST", "Invalid JSON body")


def test_body_over_request_bound_is_413(post, write_key, settings):
    settings.PULSE_EVENTS_MAX_REQUEST_BYTES = 1000
    response = post(EVENTS, {"name": "a", "properties": {"k": "x" * 1000}}, write_key)
    assert _error(response)[:2] == (413, "PAYLOAD_TOO_LARGE")
    assert not Event.objects.exists()


def test_unknown_fields_are_ignored(post, write_key):
    response = post(EVENTS, {"name": "a", "extra": True}, write_key)
    assert response.status_code == 201
    assert "extra" not in response.json()["data"]


def test_tracked_event_is_counted_in_the_rollup(post, write_key, project):
    post(EVENTS, {"name": "a", "timestamp": "2026-03-05T23:59:59.999Z"}, write_key)
    post(EVENTS, {"name": "a", "timestamp": "2026-03-06T00:00:00.000Z"}, write_key)
    rollup = set(EventDailyCount.objects.filter(project=project).values_list("day", "name", "count"))
    assert {(str(day), name, count) for day, name, count in rollup} == {("2026-03-05", "a", 1), ("2026-03-06", "a", 1)}
