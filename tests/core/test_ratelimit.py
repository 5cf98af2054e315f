"""Rate-limit groups: 429 with the seed's body and headers, per-IP ceilings, auth throttling."""

import os
import uuid

import pytest

from projects import keys
from tests.helpers import bearer, visitor
from tests.servers import request, start_gunicorn, stop_process

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]
ECHO = "/api/v1/projects/acme/echo"


def test_101st_general_request_is_429_with_body_and_headers(client, project):
    for _ in range(100):
        assert client.get(ECHO).status_code == 200
    response = client.get(ECHO)
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["RateLimit-Policy"] == '"general";q=100;w=60'
    assert response["RateLimit"].startswith('"general";r=0;t=')


def test_successful_responses_carry_remaining_count(client, project):
    response = client.get(ECHO)
    assert response["RateLimit"].startswith('"general";r=99;')


def test_visitors_are_counted_separately(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (3, 60)}
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    for _ in range(3):
        assert client.get(ECHO, **visitor(first)).status_code == 200
    assert client.get(ECHO, **visitor(first)).status_code == 429
    assert client.get(ECHO, **visitor(second)).status_code == 200


def test_rotating_visitor_ids_from_one_ip_hits_the_ip_ceiling(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    settings.PULSE_RATE_LIMIT_IP_MULTIPLIER = 10
    statuses = [client.get(ECHO, **visitor(uuid.uuid4())).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_other_client_ip_has_its_own_count(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(ECHO, REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get(ECHO, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(ECHO, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(ECHO, HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert client.get(ECHO, HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    settings.PULSE_TRUSTED_PROXY_COUNT = 1
    assert client.get(ECHO, HTTP_X_FORWARDED_FOR="3.3.3.3").status_code == 200


def test_sixth_authentication_after_five_failures_is_429_even_with_right_key(client, project, make_key):
    good = make_key(project)
    for _ in range(5):
        assert client.get("/api/v1/admin/me", **bearer(keys.generate_raw_key())).status_code == 401
    response = client.get("/api/v1/admin/me", **bearer(good))
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert "Retry-After" in response


def test_auth_throttle_uses_events_envelope_on_event_api(client, project):
    for _ in range(5):
        client.get("/api/v1/pulse/echo", HTTP_X_API_KEY="plsk_wrong")
    response = client.get("/api/v1/pulse/echo", HTTP_X_API_KEY="plsk_wrong")
    assert response.status_code == 429
    assert response.json() == {"success": False, "error": {"code": "RATE_LIMITED", "message": "Rate limit exceeded"}}


def test_api_key_requests_count_per_key(client, project, make_key, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    first, second = make_key(project), make_key(project)
    assert client.get("/api/v1/admin/me", **bearer(first)).status_code == 200
    assert client.get("/api/v1/admin/me", **bearer(first)).status_code == 200
    assert client.get("/api/v1/admin/me", **bearer(first)).status_code == 429
    assert client.get("/api/v1/admin/me", **bearer(second)).status_code == 200


def test_limits_fail_open_when_cache_is_unreachable(client, project, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(ECHO)
    assert response.status_code == 200
    assert "RateLimit" not in response


@pytest.mark.redis
def test_auth_failures_are_counted_across_two_server_processes(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "RATE_LIMIT_AUTH": "5"}
    servers = [start_gunicorn(env), start_gunicorn(env)]
    try:
        bad = {"x-api-key": f"plsk_{uuid.uuid4().hex}"}
        statuses = [request(f"{servers[i % 2][1]}/api/v1/admin/me", bad)[0] for i in range(6)]
    finally:
        for process, _ in servers:
            stop_process(process)
    assert statuses == [401] * 5 + [429]
