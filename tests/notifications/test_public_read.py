"""POST /api/v1/projects/:slug/notifications/read: one (notification_id) or all unread ones."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/notifications/read"


def send(project, user_id, count=1):
    return [notify(project=project, user_ids=[user_id], type="general", title=f"n{i}")[0] for i in range(count)]


def post(client, body, visitor_id, content_type="application/json"):
    return client.post(URL, data=body, content_type=content_type, **visitor(visitor_id))


def unread(user_id):
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def test_notification_id_marks_that_one_read(client, project, visitor_id):
    first, second = send(project, visitor_id, count=2)
    response = post(client, {"notification_id": str(first.id)}, visitor_id)
    assert response.status_code == 200
    assert response.json() == {"data": {"read": True}, "error": None}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_empty_body_marks_all_unread_ones_read(client, project, visitor_id):
    send(project, visitor_id, count=3)
    response = client.post(URL, **visitor(visitor_id))
    assert response.status_code == 200
    assert response.json() == {"data": {"read": True}, "error": None}
    assert unread(visitor_id) == 0


def test_empty_json_object_marks_all_read(client, project, visitor_id):
    send(project, visitor_id, count=2)
    assert post(client, {}, visitor_id).status_code == 200
    assert unread(visitor_id) == 0


def test_invalid_json_marks_all_read_instead_of_400(client, project, visitor_id):
    send(project, visitor_id, count=2)
    response = post(client, "{not json", visitor_id)
    assert response.status_code == 200
    assert response.json() == {"data": {"read": True}, "error": None}
    assert unread(visitor_id) == 0


def test_non_json_body_marks_all_read(client, project, visitor_id):
    send(project, visitor_id, count=2)
    assert post(client, "read please", visitor_id, content_type="text/plain").status_code == 200
    assert unread(visitor_id) == 0


def test_null_notification_id_marks_all_read(client, project, visitor_id):
    send(project, visitor_id, count=2)
    assert post(client, {"notification_id": None}, visitor_id).status_code == 200
    assert unread(visitor_id) == 0


def test_mark_all_leaves_other_visitors_and_projects_unread(client, project, other_project, visitor_id):
    someone = uuid.uuid4()
    send(project, someone)
    send(other_project, visitor_id)
    send(project, visitor_id)
    post(client, {}, visitor_id)
    assert unread(someone) == 1
    assert Notification.objects.filter(project=other_project, read_at__isnull=True).count() == 1
    assert Notification.objects.filter(project=project, user_id=visitor_id, read_at__isnull=True).count() == 0


def test_mark_all_keeps_read_at_of_already_read_ones(client, project, visitor_id):
    earlier = timezone.now() - timedelta(days=3)
    read, _ = send(project, visitor_id, count=2)
    Notification.objects.filter(pk=read.pk).update(read_at=earlier)
    post(client, {}, visitor_id)
    read.refresh_from_db()
    assert read.read_at == earlier
    assert unread(visitor_id) == 0


def test_marking_an_already_read_one_keeps_its_read_at(client, project, visitor_id):
    earlier = timezone.now() - timedelta(days=3)
    (notification,) = send(project, visitor_id)
    Notification.objects.filter(pk=notification.pk).update(read_at=earlier)
    response = post(client, {"notification_id": str(notification.id)}, visitor_id)
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.read_at == earlier


def assert_notification_not_found(response):
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Notification not found"}


def test_another_visitors_notification_is_404(client, project, visitor_id):
    (theirs,) = send(project, uuid.uuid4())
    assert_notification_not_found(post(client, {"notification_id": str(theirs.id)}, visitor_id))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_projects_notification_is_404(client, project, other_project, visitor_id):
    (theirs,) = send(other_project, visitor_id)
    assert_notification_not_found(post(client, {"notification_id": str(theirs.id)}, visitor_id))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_unknown_notification_id_is_404(client, project, visitor_id):
    send(project, visitor_id)
    assert_notification_not_found(post(client, {"notification_id": str(uuid.uuid4())}, visitor_id))
    assert unread(visitor_id) == 1


def test_malformed_notification_id_is_404(client, project, visitor_id):
    send(project, visitor_id)
    assert_notification_not_found(post(client, {"notification_id": "not-a-uuid"}, visitor_id))
    assert unread(visitor_id) == 1


def test_missing_visitor_header_is_401(client, project, visitor_id):
    send(project, visitor_id)
    response = client.post(URL, data={}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}
    assert unread(visitor_id) == 1


def test_malformed_visitor_header_is_400(client, project, visitor_id):
    response = post(client, {}, "nope")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_unknown_project_is_404(client, project, visitor_id):
    send(project, visitor_id)
    response = client.post("/api/v1/projects/nope/notifications/read", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}
    assert unread(visitor_id) == 1


def test_rate_limit_is_429(client, project, visitor_id, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert post(client, {}, visitor_id).status_code == 200
    response = post(client, {}, visitor_id)
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}


@pytest.mark.parametrize("rows", [1, 200])
def test_mark_all_query_count_does_not_grow_with_rows(client, project, visitor_id, rows, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        Notification(project=project, user_id=visitor_id, title=f"n{index}") for index in range(rows)
    )
    client.get("/api/v1/projects/acme/notifications", **visitor(visitor_id))  # warm the project cache
    with django_assert_max_num_queries(1):
        assert post(client, {}, visitor_id).status_code == 200
    assert unread(visitor_id) == 0
