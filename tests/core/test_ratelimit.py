"""Rate-limit groups: 429 with the seed's body and headers, per-IP ceilings, auth throttling,
canonical client addresses, one count per request, DRF's throttle contract."""

import json
import os
import uuid

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from projects import keys
from pulse.api.ratelimit import (
    UNKNOWN_ADDRESS,
    GroupRateThrottle,
    Usage,
    client_address,
    count_request,
    rate_limit_headers,
)
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


@pytest.mark.parametrize("path", ["/api/v1/admin/me", "/api/v1/pulse/events"])
def test_right_key_after_five_failures_from_the_same_address_is_200(client, project, make_key, path):
    good = make_key(project, "read,write,analytics")
    for _ in range(5):
        assert client.get(path, **bearer(keys.generate_raw_key())).status_code == 401
    assert client.get(path, **bearer(good)).status_code == 200


def test_invalid_key_after_five_failures_is_429_with_body_and_headers(client, project):
    bad = keys.generate_raw_key()
    for _ in range(5):
        assert client.get("/api/v1/admin/me", **bearer(bad)).status_code == 401
    response = client.get("/api/v1/admin/me", **bearer(bad))
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["RateLimit-Policy"] == '"auth";q=5;w=60'


def test_guessing_many_keys_from_one_address_hits_the_address_ceiling(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "auth": (2, 60)}
    settings.PULSE_RATE_LIMIT_IP_MULTIPLIER = 3
    statuses = [client.get("/api/v1/admin/me", **bearer(keys.generate_raw_key())).status_code for _ in range(7)]
    assert statuses == [401] * 6 + [429]


def test_key_guesses_from_one_ipv6_64_share_one_count(client, project):
    bad = {"HTTP_X_API_KEY": "plsk_wrong"}
    statuses = [
        client.get("/api/v1/admin/me", REMOTE_ADDR=f"2001:db8:aa:bb::{i}", **bad).status_code for i in range(1, 7)
    ]
    assert statuses == [401] * 5 + [429]
    assert client.get("/api/v1/admin/me", REMOTE_ADDR="2001:db8:aa:cc::1", **bad).status_code == 401


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


# Client addresses: one canonical key per client.


@pytest.mark.parametrize(
    "remote_addr, expected",
    [
        ("198.51.100.7", "198.51.100.7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
        ("::FFFF:c633:6407", "198.51.100.7"),
        ("2001:db8:aa:bb::1", "2001:db8:aa:bb::/64"),
        ("2001:0DB8:00AA:00BB:0000:0000:0000:0015", "2001:db8:aa:bb::/64"),
        ("2001:db8:aa:bb:ffff:ffff:ffff:ffff", "2001:db8:aa:bb::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("[2001:db8::1]:443", "2001:db8::/64"),
        ("198.51.100.7:8080", "198.51.100.7"),
        (" 198.51.100.7 ", "198.51.100.7"),
        ("", UNKNOWN_ADDRESS),
        ("not an address", UNKNOWN_ADDRESS),
        ("999.1.1.1", UNKNOWN_ADDRESS),
    ],
)
def test_client_address_is_canonical(remote_addr, expected):
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr)) == expected


@pytest.mark.parametrize(
    "prefix, remote_addr, expected",
    [
        (48, "2001:db8:aa:bb::1", "2001:db8:aa::/48"),
        (128, "2001:db8:aa:bb::1", "2001:db8:aa:bb::1/128"),
    ],
)
def test_ipv6_grouping_follows_the_prefix_setting(settings, prefix, remote_addr, expected):
    settings.PULSE_RATE_LIMIT_IPV6_PREFIX = prefix
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr)) == expected


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.9", "10.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, ::ffff:203.0.113.9", "203.0.113.9"),
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.2", "10.0.0.1"),  # fewer hops than trusted proxies: REMOTE_ADDR
        (1, "garbage", UNKNOWN_ADDRESS),
    ],
)
def test_forwarded_address_is_taken_from_the_trusted_hop(settings, proxies, forwarded, expected):
    settings.PULSE_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_ipv4_mapped_ipv6_address_shares_the_ipv4_count(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(ECHO, REMOTE_ADDR="::ffff:198.51.100.7").status_code == 200
    assert client.get(ECHO, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_a_garbage_address_is_counted_under_one_key_not_an_error(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(ECHO, REMOTE_ADDR="not an address").status_code == 200
    assert client.get(ECHO, REMOTE_ADDR="also garbage").status_code == 429


def test_feedback_from_one_ipv6_64_is_limited_together(client, project):
    def post(address):
        body = json.dumps({"title": f"from {address}"})
        return client.post("/api/v1/projects/acme/feedback", body, content_type="application/json", REMOTE_ADDR=address)

    statuses = [post(f"2001:db8:aa:bb::{i:x}").status_code for i in range(1, 16)]
    assert statuses == [201] * 10 + [429] * 5
    assert post("2001:db8:aa:cc::1").status_code == 201  # another /64


# One count per request, whatever path answers it.


def test_count_request_counts_a_request_once(project):
    request = RequestFactory().get(ECHO)
    first = count_request(request, group="general", slug="acme")
    again = count_request(Request(request), group="general", slug="acme")  # DRF's wrapper: same request
    assert again is first
    assert rate_limit_headers(first)["RateLimit"].startswith('"general";r=99;')
    other = count_request(RequestFactory().get(ECHO), group="general", slug="acme")
    assert rate_limit_headers(other)["RateLimit"].startswith('"general";r=98;')


def test_count_request_is_empty_when_limits_are_off(project, settings):
    settings.PULSE_RATE_LIMITS_ENABLED = False
    assert count_request(RequestFactory().get(ECHO), group="general", slug="acme") == []


GENERAL = Usage("general", 100, 60, 5, 30)
CEILING = Usage("general:ip", 1000, 60, 1001, 42)
OVER = Usage("general", 100, 60, 101, 12)


@pytest.mark.parametrize(
    "usages, expected",
    [
        ([], {}),
        ([GENERAL], {"RateLimit-Policy": '"general";q=100;w=60', "RateLimit": '"general";r=95;t=30'}),
        (
            [OVER],
            {"RateLimit-Policy": '"general";q=100;w=60', "RateLimit": '"general";r=0;t=12', "Retry-After": "12"},
        ),
        (
            [GENERAL, CEILING],
            {"RateLimit-Policy": '"general:ip";q=1000;w=60', "RateLimit": '"general:ip";r=0;t=42', "Retry-After": "42"},
        ),
        (
            [OVER, CEILING],
            {"RateLimit-Policy": '"general:ip";q=1000;w=60', "RateLimit": '"general:ip";r=0;t=42', "Retry-After": "42"},
        ),
    ],
)
def test_rate_limit_headers_show_the_first_counter_or_the_exceeded_one(usages, expected):
    assert rate_limit_headers(usages) == expected


class _View:
    kwargs = {"slug": "acme"}

    def get_rate_limit_group(self):
        return "general"


def test_throttle_follows_drf_contract_allow_request_then_wait(project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    throttle = GroupRateThrottle()
    assert throttle.allow_request(Request(RequestFactory().get(ECHO)), _View()) is True
    assert throttle.wait() is None
    assert throttle.allow_request(Request(RequestFactory().get(ECHO)), _View()) is False
    assert 1 <= throttle.wait() <= 60
