"""GET /changelog/unseen and POST /changelog/:id/viewed (idempotent, one row per visitor)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from changelog.models import ChangelogView
from tests.helpers import visitor

UNSEEN = "/api/v1/projects/acme/changelog/unseen"


def viewed_url(entry_id, slug="acme"):
    return f"/api/v1/projects/{slug}/changelog/{entry_id}/viewed"


@pytest.mark.django_db
def test_unseen_lists_every_published_entry_for_a_new_visitor(client, make_entry, visitor_id):
    old = make_entry(days_ago=3)
    new = make_entry(days_ago=1)
    response = client.get(UNSEEN, **visitor(visitor_id))
    assert response.status_code == 200
    assert response.json() == {"data": {"unseen_count": 2, "unseen_ids": [str(new.id), str(old.id)]}, "error": None}


@pytest.mark.django_db
def test_viewed_entry_leaves_the_unseen_list(client, make_entry, visitor_id):
    seen = make_entry(days_ago=3)
    unseen = make_entry(days_ago=1)
    client.post(viewed_url(seen.id), **visitor(visitor_id))
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"] == {
        "unseen_count": 1,
        "unseen_ids": [str(unseen.id)],
    }


@pytest.mark.django_db
def test_another_visitors_views_do_not_count(client, make_entry, visitor_id):
    entry = make_entry()
    client.post(viewed_url(entry.id), **visitor(uuid.uuid4()))
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"]["unseen_ids"] == [str(entry.id)]


@pytest.mark.django_db
def test_unseen_leaves_out_drafts_scheduled_and_other_projects(client, make_entry, other_project, visitor_id):
    make_entry(days_ago=None)
    make_entry(days_ago=-2)
    make_entry(entry_project=other_project)
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"] == {"unseen_count": 0, "unseen_ids": []}


@pytest.mark.django_db
def test_viewed_returns_viewed_true_and_records_one_row(client, make_entry, visitor_id):
    entry = make_entry()
    response = client.post(viewed_url(entry.id), **visitor(visitor_id))
    assert response.status_code == 200
    assert response.json() == {"data": {"viewed": True}, "error": None}
    view = ChangelogView.objects.get()
    assert (view.entry_id, str(view.visitor_id), view.project_id) == (entry.id, visitor_id, entry.project_id)


@pytest.mark.django_db
def test_viewed_twice_is_200_twice_and_one_row(client, make_entry, visitor_id):
    entry = make_entry()
    assert client.post(viewed_url(entry.id), **visitor(visitor_id)).status_code == 200
    assert client.post(viewed_url(entry.id) + "/", **visitor(visitor_id)).status_code == 200
    assert ChangelogView.objects.count() == 1


# Error table of GET /changelog/unseen


@pytest.mark.django_db
def test_unseen_without_visitor_header_is_401(client, project):
    response = client.get(UNSEEN)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}


@pytest.mark.django_db
def test_unseen_with_malformed_visitor_header_is_400(client, project):
    response = client.get(UNSEEN, **visitor("not-a-uuid"))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


@pytest.mark.django_db
def test_unseen_of_unknown_project_is_404(client, db, visitor_id):
    response = client.get("/api/v1/projects/nope/changelog/unseen", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


@pytest.mark.django_db
def test_unseen_over_rate_limit_is_429(client, project, settings, visitor_id):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(UNSEEN, **visitor(visitor_id)).status_code == 200
    response = client.get(UNSEEN, **visitor(visitor_id))
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}


# Error table of POST /changelog/:id/viewed


@pytest.mark.django_db
def test_viewed_without_visitor_header_is_401(client, make_entry):
    response = client.post(viewed_url(make_entry().id))
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}
    assert not ChangelogView.objects.exists()


@pytest.mark.django_db
def test_viewed_with_malformed_visitor_header_is_400(client, make_entry):
    response = client.post(viewed_url(make_entry().id), **visitor("123"))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


@pytest.mark.django_db
def test_viewed_on_unknown_project_is_404(client, make_entry, visitor_id):
    response = client.post(viewed_url(make_entry().id, slug="nope"), **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


@pytest.mark.django_db
def test_viewed_on_unknown_entry_is_404(client, project, visitor_id):
    response = client.post(viewed_url(uuid.uuid4()), **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


@pytest.mark.django_db
def test_viewed_on_draft_entry_is_404(client, make_entry, visitor_id):
    response = client.post(viewed_url(make_entry(days_ago=None).id), **visitor(visitor_id))
    assert response.status_code == 404
    assert not ChangelogView.objects.exists()


@pytest.mark.django_db
def test_viewed_on_scheduled_entry_is_404(client, make_entry, visitor_id):
    response = client.post(viewed_url(make_entry(days_ago=-1).id), **visitor(visitor_id))
    assert response.status_code == 404
    assert not ChangelogView.objects.exists()


@pytest.mark.django_db
def test_viewed_on_other_projects_entry_is_404(client, make_entry, other_project, visitor_id):
    theirs = make_entry(entry_project=other_project)
    response = client.post(viewed_url(theirs.id), **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}
    assert not ChangelogView.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("entry_id", ["not-a-uuid", "1", "%20", "00000000-0000-0000-0000-00000000000g"])
def test_viewed_on_malformed_id_is_404_not_500(client, project, visitor_id, entry_id):
    response = client.post(viewed_url(entry_id), **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json()["data"] is None


@pytest.mark.django_db
def test_viewed_over_rate_limit_is_429(client, make_entry, settings, visitor_id):
    entry = make_entry()
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.post(viewed_url(entry.id), **visitor(visitor_id)).status_code == 200
    response = client.post(viewed_url(entry.id), **visitor(visitor_id))
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}


# Query counts


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 200])
def test_unseen_query_count_does_not_grow_with_rows(
    client, project, bulk_published, rows, visitor_id, django_assert_max_num_queries
):
    entries = bulk_published(rows)
    ChangelogView.objects.bulk_create(
        [ChangelogView(project=project, entry=entry, visitor_id=visitor_id) for entry in entries[::2]]
    )
    client.get(UNSEEN, **visitor(visitor_id))  # warms the project-by-slug cache
    with django_assert_max_num_queries(1):
        response = client.get(UNSEEN, **visitor(visitor_id))
    assert response.json()["data"]["unseen_count"] == rows // 2


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 200])
def test_viewed_query_count_does_not_grow_with_rows(
    client, project, bulk_published, rows, visitor_id, django_assert_max_num_queries
):
    entries = bulk_published(rows)
    ChangelogView.objects.bulk_create(
        [ChangelogView(project=project, entry=entry, visitor_id=uuid.uuid4()) for entry in entries]
    )
    client.get(UNSEEN, **visitor(visitor_id))  # warms the project-by-slug cache
    with django_assert_max_num_queries(2):
        response = client.post(viewed_url(entries[-1].id), **visitor(visitor_id))
    assert response.status_code == 200


# Concurrency, on PostgreSQL


IS_POSTGRES = connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL) for real concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_20_concurrent_identical_viewed_calls_give_20_ok_and_one_row(make_entry, visitor_id):
    entry = make_entry()
    threads_count = 20
    barrier = threading.Barrier(threads_count)
    statuses = []

    def call():
        try:
            barrier.wait()
            response = Client().post(viewed_url(entry.id), **visitor(visitor_id))
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * threads_count
    assert ChangelogView.objects.filter(entry=entry, visitor_id=visitor_id).count() == 1


@pytest.mark.django_db
def test_unseen_is_answered_before_the_view_with_the_views_response(client, make_entry, visitor_id, monkeypatch):
    from changelog.api import ChangelogViewSet

    seen, unseen = make_entry(days_ago=2), make_entry(days_ago=1)
    client.post(viewed_url(seen.id), **visitor(visitor_id))
    from_view = client.get(UNSEEN + "?from=view", **visitor(visitor_id))
    calls = []
    original = ChangelogViewSet.unseen
    monkeypatch.setattr(ChangelogViewSet, "unseen", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    early = client.get(UNSEEN, **visitor(visitor_id))
    assert calls == []
    assert early.json()["data"] == {"unseen_count": 1, "unseen_ids": [str(unseen.id)]}
    assert early.content == from_view.content
    ignored = {"Date", "RateLimit"}
    assert {k: v for k, v in early.items() if k not in ignored} == {
        k: v for k, v in from_view.items() if k not in ignored
    }


@pytest.mark.django_db
def test_entry_published_after_a_cached_unseen_shows_at_once(client, make_entry, visitor_id):
    make_entry(days_ago=2)
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"]["unseen_count"] == 1
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"]["unseen_count"] == 1  # from the cache
    make_entry(days_ago=0)
    assert client.get(UNSEEN, **visitor(visitor_id)).json()["data"]["unseen_count"] == 2
