"""Retried writes under real concurrency (PostgreSQL): a double-clicked vote and a
double-submitted mark-read. Dismiss/viewed twice and many-visitor vote races are covered
in tests/announcements, tests/changelog and tests/roadmap/test_concurrency.py."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from notifications.models import Notification
from roadmap.models import RoadmapEntry, RoadmapVote
from tests.helpers import visitor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises every write, so nothing races",
    ),
]


def _twice_at_once(path, body, visitor_id):
    """The same request from two threads released together; returns both responses."""
    start, responses = threading.Barrier(2), []

    def send():
        try:
            start.wait()
            responses.append(Client().post(path, body, content_type="application/json", **visitor(visitor_id)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


@pytest.mark.parametrize("attempt", range(5))
def test_double_clicked_vote_is_applied_twice_in_order_never_duplicated(transactional_db, project, attempt):
    entry = RoadmapEntry.objects.create(project=project, feature_name="Dark mode", published_at=timezone.now())
    me = uuid.uuid4()
    responses = _twice_at_once(f"/api/v1/projects/acme/roadmap/{entry.pk}/vote", {"vote_type": "up"}, me)
    assert sorted(response.status_code for response in responses) == [200, 200]
    # A toggle: one request added the vote, the other (serialised after it) removed it.
    results = sorted((r.json()["data"]["vote_count"], r.json()["data"]["user_vote"] or "") for r in responses)
    assert results == [(0, ""), (1, "up")]
    assert RoadmapEntry.objects.get(pk=entry.pk).vote_count == 0
    assert not RoadmapVote.objects.filter(entry=entry).exists()


def test_double_submitted_mark_read_sets_read_at_once(transactional_db, project):
    me = uuid.uuid4()
    notification = Notification.objects.create(project=project, user_id=me, title="Hi")
    earlier = Notification.objects.create(project=project, user_id=me, title="Old")
    read_before = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=earlier.pk).update(read_at=read_before)
    body = {"notification_id": str(notification.pk)}
    responses = _twice_at_once("/api/v1/projects/acme/notifications/read", body, me)
    assert [response.status_code for response in responses] == [200, 200]
    notification.refresh_from_db()
    earlier.refresh_from_db()
    assert notification.read_at is not None and earlier.read_at == read_before
    assert Notification.objects.filter(user_id=me).count() == 2
