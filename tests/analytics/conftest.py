"""Fixtures of the event API tests: keys per scope and JSON request helpers."""

import orjson
import pytest

from tests.helpers import bearer

EVENTS = "/api/v1/pulse/events"
BATCH = "/api/v1/pulse/events/batch"
TOP = "/api/v1/pulse/reports/top-events"


@pytest.fixture(autouse=True)
def _fixed_dates_stay_believable(settings):
    """These tests send fixed dates (March 2026); the clock bound (PULSE_EVENT_MAX_AGE_DAYS,
    issue 15) is tested in tests/hardening/test_bad_input.py, not here, so it must not
    start replacing them a year from now."""
    settings.PULSE_EVENT_MAX_AGE_DAYS = 100 * 365


@pytest.fixture
def write_key(project, make_key):
    return make_key(project, "analytics:write")


@pytest.fixture
def read_key(project, make_key):
    return make_key(project, "analytics:read")


@pytest.fixture
def post(client):
    """post(path, body, key=None) -> response; `body` is JSON-encoded unless bytes/str."""

    def send(path, body, key=None, **extra):
        data = body if isinstance(body, (bytes, str)) else orjson.dumps(body)
        headers = bearer(key) if key else {}
        return client.post(path, data=data, content_type="application/json", **headers, **extra)

    return send


@pytest.fixture
def get(client):
    def fetch(path, key=None, **params):
        return client.get(path, params, **(bearer(key) if key else {}))

    return fetch
