"""Brute force: API-key guessing is throttled per IP, and with Redis the count survives a
server restart (the per-process tests are in tests/core/test_ratelimit.py)."""

import os
import uuid

import pytest

from tests.servers import request, start_gunicorn, stop_process


@pytest.mark.redis
def test_key_guessing_throttle_survives_a_server_restart(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "RATE_LIMIT_AUTH": "5",
        # An hour's window: the two server starts take seconds under load, and a 60 s fixed
        # window that ends between them would reset the count for a reason of its own.
        "RATE_LIMIT_AUTH_WINDOW": "3600",
        "CACHE_KEY_PREFIX": f"restart-{uuid.uuid4().hex[:8]}",  # a count of its own in the shared Redis
    }

    def guess(times):
        server, base_url = start_gunicorn(env)
        try:
            return [
                request(f"{base_url}/api/v1/admin/me", {"x-api-key": f"plsk_{uuid.uuid4().hex}"})[0]
                for _ in range(times)
            ]
        finally:
            stop_process(server)

    assert guess(3) == [401] * 3
    assert guess(3) == [401, 401, 429]  # a new process, the same count
