"""Admin API of notifications: POST /api/v1/admin/notifications and GET ?user_id=."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/admin/notifications"


@pytest.fixture
def key(project, make_key):
    return make_key(project, "notifications:write")


def post(client, key, body):
    return client.post(URL, data=body, content_type="application/json", **bearer(key))


# create


def test_create_for_one_user_id(client, key, project, visitor_id):
    body = {
        "user_id": visitor_id,
        "type": "changelog",
        "title": "Version 2.1",
        "message": "Now available",
        "link": "/changelog/2.1",
        "metadata": {"version": "2.1"},
    }
    response = post(client, key, body)
    assert response.status_code == 201
    notification = Notification.objects.get()
    assert response.json() == {"data": {"created": 1, "ids": [str(notification.id)]}, "error": None}
    assert (notification.project_id, str(notification.user_id), notification.type) == (
        project.id,
        visitor_id,
        "changelog",
    )
    assert (notification.title, notification.link, notification.metadata) == (
        "Version 2.1",
        "/changelog/2.1",
        {"version": "2.1"},
    )


def test_create_for_many_user_ids_in_one_bulk_insert(client, key, project):
    user_ids = [str(uuid.uuid4()) for _ in range(1000)]
    with CaptureQueriesContext(connection) as queries:
        response = post(client, key, {"user_ids": user_ids, "title": "Hello"})
    assert response.status_code == 201
    assert response.json()["data"]["created"] == 1000
    assert len(response.json()["data"]["ids"]) == 1000
    assert {str(u) for u in Notification.objects.values_list("user_id", flat=True)} == set(user_ids)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    # Besides the key's lookup and touch, only multi-row INSERTs: 2 of 500 rows on PostgreSQL,
    # about 11 on SQLite (999 parameters per statement). Never a query per recipient.
    assert len(queries.captured_queries) - len(inserts) <= 2
    assert len(inserts) <= 12


def test_create_deduplicates_user_ids(client, key, visitor_id):
    response = post(client, key, {"user_ids": [visitor_id, visitor_id], "title": "Once"})
    assert response.json()["data"]["created"] == 1
    assert Notification.objects.count() == 1


def test_create_needs_write_scope(client, project, make_key, visitor_id):
    response = post(client, make_key(project, "notifications:read"), {"user_id": visitor_id, "title": "x"})
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the notifications:write scope"}
    assert not Notification.objects.exists()


def test_create_writes_to_the_keys_project_only(client, project, other_project, make_key, visitor_id):
    response = post(client, make_key(other_project, "write"), {"user_id": visitor_id, "title": "x"})
    assert response.status_code == 201
    assert list(Notification.objects.values_list("project_id", flat=True)) == [other_project.id]


@pytest.mark.parametrize(
    ("body", "error_prefix"),
    [
        ({"title": "x"}, "user_id: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "user_ids": [], "title": "x"}, "user_ids: "),
        (
            {
                "user_id": "11111111-1111-4111-8111-111111111111",
                "user_ids": ["22222222-2222-4222-8222-222222222222"],
                "title": "x",
            },
            "user_id: ",
        ),
        ({"user_id": "not-a-uuid", "title": "x"}, "user_id: "),
        ({"user_ids": [], "title": "x"}, "user_ids: "),
        ({"user_ids": ["11111111-1111-4111-8111-111111111111", "nope"], "title": "x"}, "user_ids[1]: "),
        ({"user_ids": "11111111-1111-4111-8111-111111111111", "title": "x"}, "user_ids: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111"}, "title: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "title": "x" * 201}, "title: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "title": "x", "message": "x" * 2001}, "message: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "title": "x", "type": "spam"}, "type: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "title": "x", "link": "javascript:alert(1)"}, "link: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "title": "x", "metadata": [1]}, "metadata: "),
        (
            {"user_id": "11111111-1111-4111-8111-111111111111", "title": "x", "metadata": {"k": "x" * 5000}},
            "metadata: ",
        ),
    ],
)
def test_create_with_invalid_body_is_400_naming_the_field(client, key, body, error_prefix):
    response = post(client, key, body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(error_prefix), response.json()
    assert not Notification.objects.exists()


def test_create_for_more_than_1000_user_ids_is_400(client, key):
    response = post(client, key, {"user_ids": [str(uuid.uuid4()) for _ in range(1001)], "title": "x"})
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "user_ids: Ensure this field has no more than 1000 elements."}
    assert not Notification.objects.exists()


def test_create_with_invalid_json_is_400(client, key):
    response = client.post(URL, data="[nope", content_type="application/json", **bearer(key))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}


# list


def test_list_returns_the_visitors_notifications_newest_first(client, key, project, visitor_id):
    old, new = (notify(project=project, user_ids=[visitor_id], type="general", title=t)[0] for t in ("old", "new"))
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    notify(project=project, user_ids=[uuid.uuid4()], type="general", title="someone else")
    response = client.get(URL, {"user_id": visitor_id}, **bearer(key))
    assert response.status_code == 200
    data = response.json()["data"]
    assert [item["title"] for item in data] == ["new", "old"]
    assert data[0]["id"] == str(new.id)
    assert data[0]["user_id"] == visitor_id
    assert set(data[0]) == {"id", "user_id", "type", "title", "message", "link", "metadata", "read_at", "created_at"}


def test_list_paginates_with_limit_and_offset(client, key, project, visitor_id):
    start = timezone.now() - timedelta(hours=1)
    for index in range(5):
        (notification,) = notify(project=project, user_ids=[visitor_id], type="general", title=f"n{index}")
        Notification.objects.filter(pk=notification.pk).update(created_at=start + timedelta(minutes=index))
    response = client.get(URL, {"user_id": visitor_id, "limit": 2, "offset": 1}, **bearer(key))
    assert [item["title"] for item in response.json()["data"]] == ["n3", "n2"]


def test_list_needs_read_scope(client, project, make_key, visitor_id):
    response = client.get(URL, {"user_id": visitor_id}, **bearer(make_key(project, "announcements:read")))
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the notifications:read scope"}


def test_list_never_shows_another_projects_notifications(client, project, other_project, make_key, visitor_id):
    notify(project=other_project, user_ids=[visitor_id], type="general", title="theirs")
    response = client.get(URL, {"user_id": visitor_id}, **bearer(make_key(project, "read")))
    assert response.status_code == 200
    assert response.json()["data"] == []


@pytest.mark.parametrize(
    ("params", "error_prefix"),
    [
        ({}, "user_id: "),
        ({"user_id": "nope"}, "user_id: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "limit": 0}, "limit: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "limit": 101}, "limit: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "limit": "ten"}, "limit: "),
        ({"user_id": "11111111-1111-4111-8111-111111111111", "offset": -1}, "offset: "),
    ],
)
def test_list_with_invalid_query_is_400_naming_the_parameter(client, key, params, error_prefix):
    response = client.get(URL, params, **bearer(key))
    assert response.status_code == 400
    assert response.json()["error"].startswith(error_prefix)


@pytest.mark.parametrize("rows", [1, 200])
def test_list_query_count_does_not_grow_with_rows(
    client, key, project, visitor_id, rows, django_assert_max_num_queries
):
    Notification.objects.bulk_create(
        Notification(project=project, user_id=visitor_id, title=f"n{index}") for index in range(rows)
    )
    with django_assert_max_num_queries(3):  # key lookup, key touch, the page
        response = client.get(URL, {"user_id": visitor_id, "limit": 100}, **bearer(key))
    assert len(response.json()["data"]) == min(rows, 100)
