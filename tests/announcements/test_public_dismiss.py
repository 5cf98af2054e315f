"""POST /api/v1/projects/:slug/announcements/:id/dismiss: an idempotent upsert per visitor."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from announcements.models import AnnouncementDismissal
from tests.helpers import visitor

pytestmark = pytest.mark.django_db


def url(announcement_id, slug="acme"):
    return f"/api/v1/projects/{slug}/announcements/{announcement_id}/dismiss"


def test_dismiss_records_the_dismissal(client, make_announcement, visitor_id):
    announcement = make_announcement()
    response = client.post(url(announcement.id), **visitor(visitor_id))
    assert response.status_code == 200
    assert response.json() == {"data": {"dismissed": True}, "error": None}
    assert AnnouncementDismissal.objects.filter(announcement=announcement, visitor_id=visitor_id).count() == 1


def test_dismissed_announcement_no_longer_listed_for_that_visitor(client, make_announcement, visitor_id):
    announcement = make_announcement()
    client.post(url(announcement.id), **visitor(visitor_id))
    assert client.get("/api/v1/projects/acme/announcements", **visitor(visitor_id)).json()["data"] == []


def test_dismissing_twice_is_200_and_keeps_one_row(client, make_announcement, visitor_id):
    announcement = make_announcement()
    first = client.post(url(announcement.id), **visitor(visitor_id))
    second = client.post(url(announcement.id) + "/", **visitor(visitor_id))
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"data": {"dismissed": True}, "error": None}
    assert AnnouncementDismissal.objects.count() == 1


def test_non_dismissible_announcement_is_400(client, make_announcement, visitor_id):
    announcement = make_announcement(is_dismissible=False)
    response = client.post(url(announcement.id), **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "This announcement cannot be dismissed"}
    assert not AnnouncementDismissal.objects.exists()


def test_missing_visitor_header_is_401(client, make_announcement):
    announcement = make_announcement()
    response = client.post(url(announcement.id))
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}
    assert not AnnouncementDismissal.objects.exists()


def test_malformed_visitor_header_is_400(client, make_announcement):
    announcement = make_announcement()
    response = client.post(url(announcement.id), **visitor("12345"))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}
    assert not AnnouncementDismissal.objects.exists()


def assert_announcement_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Announcement not found"}
    assert not AnnouncementDismissal.objects.exists()


def test_inactive_announcement_is_404(client, make_announcement, visitor_id):
    announcement = make_announcement(is_active=False)
    assert_announcement_not_found(client.post(url(announcement.id), **visitor(visitor_id)))


def test_expired_announcement_is_404(client, make_announcement, visitor_id, past):
    announcement = make_announcement(ends_at=past)
    assert_announcement_not_found(client.post(url(announcement.id), **visitor(visitor_id)))


def test_not_yet_started_announcement_is_404(client, make_announcement, visitor_id, future):
    announcement = make_announcement(starts_at=future)
    assert_announcement_not_found(client.post(url(announcement.id), **visitor(visitor_id)))


def test_other_projects_announcement_is_404(client, make_announcement, other_project, visitor_id):
    announcement = make_announcement(project=other_project)
    assert_announcement_not_found(client.post(url(announcement.id), **visitor(visitor_id)))


def test_unknown_announcement_is_404(client, project, visitor_id):
    assert_announcement_not_found(client.post(url(uuid.uuid4()), **visitor(visitor_id)))


def test_malformed_announcement_id_is_404(client, project, visitor_id):
    assert_announcement_not_found(client.post(url("not-a-uuid"), **visitor(visitor_id)))


def test_unknown_project_is_404(client, make_announcement, visitor_id):
    announcement = make_announcement()
    response = client.post(url(announcement.id, slug="nope"), **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}
    assert not AnnouncementDismissal.objects.exists()


def test_rate_limit_is_429(client, make_announcement, visitor_id, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    announcement = make_announcement()
    assert client.post(url(announcement.id), **visitor(visitor_id)).status_code == 200
    response = client.post(url(announcement.id), **visitor(visitor_id))
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}


@pytest.mark.parametrize("rows", [1, 200])
def test_query_count_does_not_grow_with_rows(
    client, make_announcement, visitor_id, rows, django_assert_max_num_queries
):
    announcements = [make_announcement(title=f"a{index}") for index in range(rows)]
    AnnouncementDismissal.objects.bulk_create(
        AnnouncementDismissal(announcement=a, visitor_id=uuid.uuid4()) for a in announcements
    )
    client.get("/api/v1/projects/acme/announcements")  # warm the project cache
    with django_assert_max_num_queries(2):
        response = client.post(url(announcements[-1].id), **visitor(visitor_id))
    assert response.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_dismissals_give_twenty_200s_and_one_row(make_announcement, visitor_id):
    announcement = make_announcement()
    start = threading.Barrier(20)

    def dismiss(_):
        try:
            start.wait()
            return Client().post(url(announcement.id), **visitor(visitor_id)).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(dismiss, range(20)))
    assert statuses == [200] * 20
    assert AnnouncementDismissal.objects.filter(announcement=announcement, visitor_id=visitor_id).count() == 1
