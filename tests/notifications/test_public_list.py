"""GET /api/v1/projects/:slug/notifications: the newest 50 and the count of all unread."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/notifications"


def send(project, user_id, count=1, **fields):
    """`count` notifications for `user_id`, the first oldest (distinct created_at)."""
    created = []
    for index in range(count):
        (notification,) = notify(project=project, user_ids=[user_id], type="general", title=f"n{index}", **fields)
        created.append(notification)
    start = timezone.now() - timedelta(minutes=count)
    for index, notification in enumerate(created):
        Notification.objects.filter(pk=notification.pk).update(created_at=start + timedelta(minutes=index))
    return created


def test_lists_the_visitors_notifications_with_the_seeds_fields(client, project, visitor_id):
    (notification,) = notify(
        project=project,
        user_ids=[visitor_id],
        type="changelog",
        title="New version released",
        message="Version 2.1 is now available",
        link="/changelog/v2.1",
    )
    response = client.get(URL, **visitor(visitor_id))
    assert response.status_code == 200
    notification.refresh_from_db()
    assert response.json() == {
        "data": {
            "notifications": [
                {
                    "id": str(notification.id),
                    "type": "changelog",
                    "title": "New version released",
                    "message": "Version 2.1 is now available",
                    "link": "/changelog/v2.1",
                    "metadata": {},
                    "read_at": None,
                    "created_at": notification.created_at.isoformat().replace("+00:00", "Z"),
                }
            ],
            "unreadCount": 1,
        },
        "error": None,
    }


def test_newest_first(client, project, visitor_id):
    send(project, visitor_id, count=3)
    titles = [item["title"] for item in client.get(URL, **visitor(visitor_id)).json()["data"]["notifications"]]
    assert titles == ["n2", "n1", "n0"]


def test_at_most_50_but_unread_count_counts_all(client, project, visitor_id):
    send(project, visitor_id, count=60)
    data = client.get(URL, **visitor(visitor_id)).json()["data"]
    assert len(data["notifications"]) == 50
    assert data["notifications"][0]["title"] == "n59"
    assert data["unreadCount"] == 60


def test_unread_count_leaves_out_read_ones(client, project, visitor_id):
    first, _ = send(project, visitor_id, count=2)
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    assert client.get(URL, **visitor(visitor_id)).json()["data"]["unreadCount"] == 1


def test_other_visitors_notifications_are_left_out(client, project, visitor_id):
    send(project, uuid.uuid4(), count=2)
    data = client.get(URL, **visitor(visitor_id)).json()["data"]
    assert data == {"notifications": [], "unreadCount": 0}


def test_other_projects_notifications_are_left_out(client, project, other_project, visitor_id):
    send(other_project, visitor_id, count=2)
    assert client.get(URL, **visitor(visitor_id)).json()["data"] == {"notifications": [], "unreadCount": 0}


def test_missing_visitor_header_is_401(client, project):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}


def test_malformed_visitor_header_is_400(client, project):
    response = client.get(URL, **visitor("550e8400-e29b-41d4-a716"))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_unknown_project_is_404(client, project, visitor_id):
    response = client.get("/api/v1/projects/nope/notifications", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_rate_limit_is_429(client, project, visitor_id, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    statuses = [client.get(URL, **visitor(visitor_id)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get(URL, **visitor(visitor_id)).json() == {"data": None, "error": "Rate limit exceeded"}


@pytest.mark.parametrize("rows", [1, 200])
def test_query_count_does_not_grow_with_rows(client, project, visitor_id, rows, django_assert_max_num_queries):
    notify(project=project, user_ids=[visitor_id], type="general", title="first")
    Notification.objects.bulk_create(
        Notification(project=project, user_id=visitor_id, title=f"n{index}") for index in range(rows - 1)
    )
    client.get(URL, **visitor(visitor_id))  # warm the project cache
    with django_assert_max_num_queries(2):
        response = client.get(URL, **visitor(visitor_id))
    assert response.json()["data"]["unreadCount"] == rows
