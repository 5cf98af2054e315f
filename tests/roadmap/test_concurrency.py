"""Votes under real concurrency (PostgreSQL): 240 toggles from 8 threads through the API lose
no update, answer no 500 and store one vote per visitor; the count a toggle returns after
them is the stored net."""

import random
import threading
import uuid

import pytest
from django.db import connection, connections
from django.db.models import Case, Sum, When
from django.test import Client

from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import toggle_vote
from tests.helpers import visitor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every write, so nothing races",
    ),
]
THREADS = 8
TOGGLES_PER_THREAD = 30
VISITORS = 12  # few, so one visitor's toggles race each other, first votes included


def net_of_vote_rows(entry):
    weight = Case(When(vote_type="up", then=1), default=-1)
    return RoadmapVote.objects.filter(entry=entry).aggregate(net=Sum(weight))["net"] or 0


def test_concurrent_toggles_keep_vote_count_equal_to_the_votes(transactional_db, project, make_entry, settings):
    settings.PULSE_RATE_LIMITS_ENABLED = False
    entry = make_entry(project)
    url = f"/api/v1/projects/acme/roadmap/{entry.id}/vote"
    visitors = [uuid.uuid4() for _ in range(VISITORS)]
    start = threading.Barrier(THREADS)
    statuses, bodies = [], []
    lock = threading.Lock()

    def worker(seed):
        rng = random.Random(seed)
        client = Client()
        try:
            start.wait()
            for _ in range(TOGGLES_PER_THREAD):
                response = client.post(
                    url,
                    {"vote_type": rng.choice(["up", "down"])},
                    content_type="application/json",
                    **visitor(rng.choice(visitors)),
                )
                with lock:
                    statuses.append(response.status_code)
                    bodies.append(response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(statuses) == THREADS * TOGGLES_PER_THREAD >= 200
    assert set(statuses) == {200}, [body for body in bodies if body["error"]][:3]
    assert RoadmapEntry.objects.get(pk=entry.pk).vote_count == net_of_vote_rows(entry)
    assert RoadmapVote.objects.filter(entry=entry).count() <= VISITORS
    after = toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    assert after == (net_of_vote_rows(entry), "up") == (RoadmapEntry.objects.get(pk=entry.pk).vote_count, "up")
