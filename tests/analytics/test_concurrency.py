"""Concurrent batches on PostgreSQL: no deadlock, no lost rollup update."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models.functions import TruncDate

from analytics.models import Event, EventDailyCount
from analytics.services import ingest_events

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL): real concurrency"),
]


def test_concurrent_batches_on_the_same_rollup_rows_lose_nothing(project):
    names = ["a", "b", "c", "d"]
    errors = []

    def worker(seed):
        try:
            for round_ in range(10):
                # Each batch touches the same (day, name) rows in a different order.
                order = names[seed % 4 :] + names[: seed % 4]
                events = [
                    {"name": order[i % 4], "timestamp": f"2026-03-0{1 + (i + round_) % 3}T12:00:00Z"} for i in range(50)
                ]
                ingest_events(project=project, events=events)
        except Exception as error:  # reported below: a deadlock would land here
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    days_and_names = Event.objects.filter(project=project).annotate(day=TruncDate("timestamp"))
    raw = Counter(days_and_names.values_list("day", "name"))
    rollup = {(r.day, r.name): r.count for r in EventDailyCount.objects.filter(project=project)}
    assert sum(raw.values()) == 6 * 10 * 50
    assert rollup == dict(raw)
