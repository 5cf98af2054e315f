"""GET /api/v1/pulse/events: newest first, pagination, filters, isolation, query count."""

import pytest

from analytics.services import ingest_events

from .conftest import EVENTS

pytestmark = pytest.mark.django_db


def _names(response):
    assert response.status_code == 200, response.content
    return [event["name"] for event in response.json()["data"]]


def _day(n, hour=12):
    return f"2026-03-{n:02d}T{hour:02d}:00:00.000Z"


@pytest.fixture
def march(project):
    """e1..e9 on March 1..9 at noon, alternating users/sessions."""
    events = [
        {"name": f"e{n}", "userId": f"u{n % 2}", "sessionId": f"s{n % 3}", "timestamp": _day(n)} for n in range(1, 10)
    ]
    ingest_events(project=project, events=events)


def test_newest_first(get, read_key, march):
    assert _names(get(EVENTS, read_key)) == [f"e{n}" for n in range(9, 0, -1)]


def test_same_timestamp_is_ordered_by_newest_id(get, read_key, project):
    ingest_events(project=project, events=[{"name": "first", "timestamp": _day(1)}])
    ingest_events(project=project, events=[{"name": "second", "timestamp": _day(1)}])
    assert _names(get(EVENTS, read_key)) == ["second", "first"]


def test_default_limit_is_50(get, read_key, project):
    ingest_events(project=project, events=[{"name": "a"}] * 60)
    assert len(_names(get(EVENTS, read_key))) == 50


def test_limit_and_offset_page_through(get, read_key, march):
    assert _names(get(EVENTS, read_key, limit=3)) == ["e9", "e8", "e7"]
    assert _names(get(EVENTS, read_key, limit=3, offset=3)) == ["e6", "e5", "e4"]
    assert _names(get(EVENTS, read_key, limit=3, offset=9)) == []


def test_limit_of_1000_is_allowed(get, read_key, march):
    assert len(_names(get(EVENTS, read_key, limit=1000))) == 9


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": 0}, "limit must be an integer between 1 and 1000"),
        ({"limit": 1001}, "limit must be an integer between 1 and 1000"),
        ({"limit": "ten"}, "limit must be an integer between 1 and 1000"),
        ({"limit": "-1"}, "limit must be an integer between 1 and 1000"),
        ({"offset": -1}, "offset must be an integer between 0 and 1000000"),
        ({"offset": "99999999999999999999999"}, "offset must be an integer between 0 and 1000000"),
        ({"from": "last week"}, "from must be an ISO 8601 date-time or date"),
        ({"to": "2026-02-30"}, "to must be an ISO 8601 date-time or date"),
        ({"from": "2026-03-05", "to": "2026-03-04"}, "from must not be after to"),
        ({"name": "a\u0000"}, "name: Contains a character that cannot be stored: U+0000 at position 1."),
    ],
)
def test_bad_query_parameters_are_400(get, read_key, params, message):
    response = get(EVENTS, read_key, **params)
    assert response.status_code == 400
    assert response.json() == {"success": False, "error": {"code": "BAD_REQUEST", "message": message}}


def test_filter_by_name(get, read_key, march):
    assert _names(get(EVENTS, read_key, name="e4")) == ["e4"]


def test_filter_by_user_and_session(get, read_key, march):
    assert _names(get(EVENTS, read_key, userId="u0")) == ["e8", "e6", "e4", "e2"]
    assert _names(get(EVENTS, read_key, sessionId="s0")) == ["e9", "e6", "e3"]
    assert _names(get(EVENTS, read_key, userId="u0", sessionId="s0")) == ["e6"]


def test_from_and_to_date_times_are_inclusive(get, read_key, march):
    assert _names(get(EVENTS, read_key, **{"from": _day(3), "to": _day(5)})) == ["e5", "e4", "e3"]


def test_to_date_covers_its_whole_day(get, read_key, march, project):
    ingest_events(project=project, events=[{"name": "late", "timestamp": "2026-03-05T23:59:59.999Z"}])
    assert _names(get(EVENTS, read_key, **{"from": "2026-03-05", "to": "2026-03-05"})) == ["late", "e5"]


def test_from_with_offset_time_zone(get, read_key, march):
    assert _names(get(EVENTS, read_key, **{"from": "2026-03-09T13:00:00+01:00"})) == ["e9"]


def test_key_of_project_a_never_sees_project_b_events(get, read_key, march, other_project, make_key):
    ingest_events(project=other_project, events=[{"name": "secret", "userId": "u0"}])
    assert "secret" not in _names(get(EVENTS, read_key, limit=1000))
    assert _names(get(EVENTS, read_key, name="secret")) == []
    assert _names(get(EVENTS, make_key(other_project, "analytics:read"))) == ["secret"]


@pytest.mark.parametrize("stored", [1, 200])
def test_list_query_count_does_not_grow(get, read_key, project, stored, django_assert_max_num_queries):
    ingest_events(project=project, events=[{"name": "a", "properties": {"i": i}} for i in range(stored)])
    with django_assert_max_num_queries(3):  # key lookup, last_used_at at most once a minute, the list
        response = get(EVENTS, read_key, limit=1000)
    assert len(response.json()["data"]) == stored
