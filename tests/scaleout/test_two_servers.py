"""Two gunicorn instances on one PostgreSQL database and one Redis share one correct state.

This is the deployment of the README (N identical processes behind a load balancer): the
rate limit is counted once across both, a write through one is visible at once through
the other (no stale cached list), and concurrent votes through both keep counts exact.
"""

import os
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from projects.services import create_api_key
from roadmap.models import RoadmapEntry, RoadmapVote
from tests.servers import get_json, start_gunicorn, stop_process

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def two_servers(transactional_db, project):
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "RATE_LIMIT_GENERAL": "100",
        "LOG_LEVEL": "WARNING",
        # What is shared is under test here, not how a slow Redis is survived (tests/faults):
        # on a loaded CI machine a 250 ms reply would open the circuit and the limits with it.
        "REDIS_SOCKET_TIMEOUT_MS": "2000",
    }
    servers = [start_gunicorn(env, workers=2), start_gunicorn(env, workers=2)]
    yield [url for _, url in servers]
    for process, _ in servers:
        stop_process(process)


def test_rate_limit_is_shared_the_101st_request_across_both_is_429(two_servers):
    statuses = [get_json(f"{two_servers[i % 2]}/api/v1/projects/acme/changelog")[0] for i in range(101)]
    assert statuses[:100] == [200] * 100
    assert statuses[100] == 429


def test_write_through_one_is_visible_at_once_through_the_other(two_servers, project):
    first, second = two_servers
    _, raw_key = create_api_key(project=project, name="scale", scopes=["write"])
    assert get_json(f"{second}/api/v1/projects/acme/changelog")[1]["data"] == []  # now cached, empty

    status, created = get_json(
        f"{first}/api/v1/admin/changelog",
        {"x-api-key": raw_key},
        method="POST",
        body={
            "title": "Scaled out",
            "content": "<p>hi</p>",
            "published_at": _iso(timezone.now() - timedelta(seconds=1)),
        },
    )
    assert status == 201, created

    status, listed = get_json(f"{second}/api/v1/projects/acme/changelog")
    assert status == 200
    assert [entry["title"] for entry in listed["data"]] == ["Scaled out"]


def test_concurrent_votes_through_both_keep_the_count_exact(two_servers, project):
    entry = RoadmapEntry.objects.create(
        project=project, milestone_number=1, milestone_name="M1", feature_name="Dark mode",
        feature_status="planned", published_at=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip
    visitors = [str(uuid.uuid4()) for _ in range(12)]
    rng = random.Random(7)
    calls = [(two_servers[i % 2], rng.choice(visitors), rng.choice(["up", "down"])) for i in range(120)]

    def vote(call):
        base, visitor_id, vote_type = call
        return get_json(
            f"{base}/api/v1/projects/acme/roadmap/{entry.pk}/vote",
            {"x-pulse-user-id": visitor_id},
            method="POST",
            body={"vote_type": vote_type},
        )[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(vote, calls))

    assert set(statuses) == {200}
    votes = RoadmapVote.objects.filter(entry=entry)
    net = votes.filter(vote_type="up").count() - votes.filter(vote_type="down").count()
    entry.refresh_from_db()
    assert entry.vote_count == net


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z")
