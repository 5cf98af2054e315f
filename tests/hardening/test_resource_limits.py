"""Resource limits on the real endpoints (the core's own tests use a stub route): oversized
bodies, huge limit/offset, deep JSON, huge headers, non-UTF-8 bodies and wrong content types
each get a clean 4xx in the right envelope, and nothing is stored."""

import json
import os
import uuid

import pytest

from analytics.models import Event
from changelog.models import ChangelogEntry
from feedback.models import Feedback
from tests.helpers import bearer, visitor
from tests.servers import request, start_gunicorn, stop_process

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/projects/acme"
EVENTS = "/api/v1/pulse/events"


def _error(response):
    body = response.json()
    if "success" in body:
        assert body["success"] is False
        return response.status_code, body["error"]["message"]
    assert body["data"] is None
    return response.status_code, body["error"]


def _nested(depth):
    value = "leaf"
    for _ in range(depth):
        value = {"k": value}
    return value


@pytest.fixture
def headers(world):
    return {**visitor(world["me"]), **bearer(world["key"])}


@pytest.mark.parametrize(
    ("path", "field", "size"),
    [
        (f"{PUBLIC}/feedback", "description", 70_000),
        ("/api/v1/admin/changelog", "content", 70_000),
        (f"{PUBLIC}/events", "name", 2_200_000),
        (f"{EVENTS}/batch", "events", 2_200_000),
    ],
)
def test_oversized_body_is_413_and_stores_nothing(client, headers, path, field, size):
    before = Feedback.objects.count(), ChangelogEntry.objects.count(), Event.objects.count()
    response = client.post(path, json.dumps({field: "x" * size}), content_type="application/json", **headers)
    status, message = _error(response)
    assert status == 413 and "too large" in message
    assert (Feedback.objects.count(), ChangelogEntry.objects.count(), Event.objects.count()) == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/admin/feedback",
        "/api/v1/admin/changelog",
        f"/api/v1/admin/notifications?user_id={uuid.uuid4()}",
        f"{PUBLIC}/changelog",
        EVENTS,
    ],
)
@pytest.mark.parametrize(
    "query", ["limit=999999999999999999999", "offset=99999999999999999999", "limit=-1", "limit=1e3"]
)
def test_huge_or_malformed_limit_and_offset_are_400(client, headers, path, query):
    separator = "&" if "?" in path else "?"
    status, message = _error(client.get(f"{path}{separator}{query}", **headers))
    assert status == 400 and query.split("=")[0] in message


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"{PUBLIC}/events", {"name": "deep", "properties": _nested(50)}),
        (EVENTS, {"name": "deep", "properties": _nested(50)}),
        (f"{EVENTS}/batch", {"events": [{"name": "deep", "properties": _nested(50)}]}),
        (f"{PUBLIC}/feedback", {"title": "Deep", "browser_info": _nested(50)}),
    ],
)
def test_deeply_nested_properties_and_browser_info_are_400(client, headers, path, body):
    status, message = _error(client.post(path, json.dumps(body), content_type="application/json", **headers))
    assert status == 400 and "nested" in message
    assert not Event.objects.exists() and not Feedback.objects.filter(title="Deep").exists()


@pytest.mark.parametrize("path", [f"{PUBLIC}/events", f"{PUBLIC}/feedback", f"{EVENTS}/batch"])
def test_json_nested_beyond_the_parser_limit_is_400_invalid_json(client, headers, path):
    body = '{"name": "x", "properties": ' + "[" * 5000 + "]" * 5000 + "}"
    assert _error(client.post(path, body, content_type="application/json", **headers)) == (400, "Invalid JSON body")


@pytest.mark.parametrize("path", [f"{PUBLIC}/feedback", f"{PUBLIC}/events", EVENTS, "/api/v1/admin/announcements"])
def test_non_utf8_body_is_400(client, headers, path):
    body = b'{"title": "caf\xe9", "name": "caf\xe9"}'
    assert _error(client.post(path, body, content_type="application/json", **headers)) == (400, "Invalid JSON body")


@pytest.mark.parametrize("path", [f"{PUBLIC}/feedback", EVENTS, "/api/v1/admin/roadmap"])
@pytest.mark.parametrize(
    "content_type", ["application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_wrong_content_type_is_415(client, headers, path, content_type):
    status, _ = _error(client.post(path, "title=x&name=x", content_type=content_type, **headers))
    assert status == 415


@pytest.mark.parametrize(
    ("header", "path", "expected"),
    [
        ("HTTP_X_PULSE_USER_ID", f"{PUBLIC}/notifications", (400, "x-pulse-user-id must be a valid UUID")),
        ("HTTP_AUTHORIZATION", "/api/v1/admin/me", 401),
        ("HTTP_X_API_KEY", EVENTS, 401),
        ("HTTP_IF_NONE_MATCH", f"{PUBLIC}/changelog", 200),
        ("HTTP_ORIGIN", f"{PUBLIC}/roadmap", 200),
    ],
)
def test_ten_thousand_character_header_is_handled_cleanly(client, project, header, path, expected):
    value = ("Bearer " if header == "HTTP_AUTHORIZATION" else "") + "a" * 10_000
    response = client.get(path, **{header: value})
    if isinstance(expected, tuple):
        assert _error(response) == expected
    else:
        assert response.status_code == expected
        assert response.json()


def test_gunicorn_refuses_a_ten_thousand_character_header_before_the_app(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    server, base_url = start_gunicorn(env)
    try:
        status, _ = request(f"{base_url}/api/v1/projects/acme/roadmap", {"x-pulse-user-id": "a" * 10_000})
    finally:
        stop_process(server)
    assert status == 431  # Request Header Fields Too Large: gunicorn's 8190-byte field limit
