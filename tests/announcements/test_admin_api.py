"""Admin API of announcements: /api/v1/admin/announcements (list, create, get, patch, delete)."""

import uuid

import pytest

from announcements.models import Announcement
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
URL = "/api/v1/admin/announcements"

VALID = {
    "title": "Scheduled maintenance",
    "message": "Read-only from 02:00 to 03:00 UTC.",
    "type": "warning",
    "banner_color": "#d97706",
    "is_dismissible": False,
    "priority": 10,
    "starts_at": "2030-03-18T00:00:00Z",
    "ends_at": "2030-03-21T00:00:00Z",
}


@pytest.fixture
def key(project, make_key):
    return make_key(project, "announcements:write")


def post(client, key, body):
    return client.post(URL, data=body, content_type="application/json", **bearer(key))


def patch(client, key, announcement_id, body):
    return client.patch(f"{URL}/{announcement_id}", data=body, content_type="application/json", **bearer(key))


# list


def test_list_returns_all_of_the_projects_announcements_priority_first(client, key, make_announcement):
    make_announcement(title="low", priority=1, is_active=False)
    make_announcement(title="high", priority=9)
    response = client.get(URL, **bearer(key))
    assert response.status_code == 200
    data = response.json()["data"]
    assert [item["title"] for item in data] == ["high", "low"]
    assert set(data[0]) == {*VALID, "id", "is_active", "created_at", "updated_at"}


def test_list_filters_by_type_and_is_active(client, key, make_announcement):
    make_announcement(title="info on", type="info")
    make_announcement(title="info off", type="info", is_active=False)
    make_announcement(title="error on", type="error")
    response = client.get(URL, {"type": "info", "is_active": "true"}, **bearer(key))
    assert [item["title"] for item in response.json()["data"]] == ["info on"]


def test_list_with_unknown_type_filter_is_400(client, key, project):
    response = client.get(URL, {"type": "urgent"}, **bearer(key))
    assert response.status_code == 400
    assert response.json()["error"].startswith("type: ")


def test_list_leaves_out_other_projects(client, key, make_announcement, other_project):
    make_announcement(title="theirs", project=other_project)
    assert client.get(URL, **bearer(key)).json()["data"] == []


def test_list_needs_read_scope(client, project, make_key):
    response = client.get(URL, **bearer(make_key(project, "changelog:read")))
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the announcements:read scope"}


def test_list_without_key_is_401(client, project):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "Invalid or missing API key"}


# create


def test_create_stores_the_announcement_in_the_keys_project(client, key, project):
    response = post(client, key, VALID)
    assert response.status_code == 201
    data = response.json()["data"]
    announcement = Announcement.objects.get(pk=data["id"])
    assert announcement.project_id == project.id
    assert (announcement.title, announcement.banner_color, announcement.is_dismissible) == (
        "Scheduled maintenance",
        "#d97706",
        False,
    )
    assert data["starts_at"] == "2030-03-18T00:00:00Z"
    assert data["is_active"] is True


def test_create_ignores_id_project_and_created_at(client, key, project, other_project):
    forced_id = str(uuid.uuid4())
    body = {**VALID, "id": forced_id, "project": str(other_project.id), "created_at": "2000-01-01T00:00:00Z"}
    data = post(client, key, body).json()["data"]
    announcement = Announcement.objects.get(pk=data["id"])
    assert data["id"] != forced_id
    assert announcement.project_id == project.id
    assert announcement.created_at.year > 2000


def test_create_needs_write_scope(client, project, make_key):
    response = post(client, make_key(project, "announcements:read"), VALID)
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the announcements:write scope"}
    assert not Announcement.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("banner_color", "red"),
        ("banner_color", "#12345"),
        ("banner_color", "#1234567"),
        ("banner_color", "#gggggg"),
        ("type", "urgent"),
        ("title", "x" * 201),
        ("title", ""),
        ("message", "x" * 2001),
        ("priority", "high"),
        ("priority", 2**40),
        ("is_dismissible", "maybe"),
        ("starts_at", "tomorrow"),
    ],
)
def test_create_with_invalid_field_is_400_naming_it(client, key, field, value):
    response = post(client, key, {**VALID, field: value})
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{field}: ")
    assert not Announcement.objects.exists()


def test_create_with_ends_at_before_starts_at_is_400(client, key):
    response = post(client, key, {**VALID, "starts_at": "2030-03-21T00:00:00Z", "ends_at": "2030-03-18T00:00:00Z"})
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "ends_at: must be after starts_at"}
    assert not Announcement.objects.exists()


def test_create_without_title_is_400(client, key):
    body = {k: v for k, v in VALID.items() if k != "title"}
    response = post(client, key, body)
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "title: This field is required."}


def test_create_with_invalid_json_is_400(client, key):
    response = client.post(URL, data="{nope", content_type="application/json", **bearer(key))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}


# retrieve


def test_retrieve_returns_the_announcement(client, key, make_announcement):
    announcement = make_announcement(title="one")
    response = client.get(f"{URL}/{announcement.id}", **bearer(key))
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(announcement.id)
    assert response.json()["data"]["title"] == "one"


def test_retrieve_other_projects_announcement_is_404(client, key, make_announcement, other_project):
    announcement = make_announcement(project=other_project)
    response = client.get(f"{URL}/{announcement.id}", **bearer(key))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Announcement not found"}


def test_retrieve_malformed_id_is_404(client, key, project):
    assert client.get(f"{URL}/not-a-uuid", **bearer(key)).status_code == 404


def test_retrieve_needs_read_scope(client, project, make_key, make_announcement):
    announcement = make_announcement()
    response = client.get(f"{URL}/{announcement.id}", **bearer(make_key(project, "notifications:write")))
    assert response.status_code == 403


# partial update


def test_partial_update_changes_only_the_given_fields(client, key, make_announcement):
    announcement = make_announcement(title="before", priority=1)
    response = patch(client, key, announcement.id, {"priority": 7, "is_active": False})
    assert response.status_code == 200
    announcement.refresh_from_db()
    assert (announcement.title, announcement.priority, announcement.is_active) == ("before", 7, False)
    assert response.json()["data"]["priority"] == 7


def test_partial_update_checks_ends_at_against_stored_starts_at(client, key, make_announcement, future, past):
    announcement = make_announcement(starts_at=future)
    response = patch(client, key, announcement.id, {"ends_at": past.isoformat()})
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "ends_at: must be after starts_at"}
    announcement.refresh_from_db()
    assert announcement.ends_at is None


def test_partial_update_with_bad_banner_color_is_400(client, key, make_announcement):
    announcement = make_announcement(banner_color="#2563eb")
    response = patch(client, key, announcement.id, {"banner_color": "blue"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("banner_color: ")
    announcement.refresh_from_db()
    assert announcement.banner_color == "#2563eb"


def test_partial_update_other_projects_announcement_is_404(client, key, make_announcement, other_project):
    announcement = make_announcement(project=other_project, title="theirs")
    response = patch(client, key, announcement.id, {"title": "mine now"})
    assert response.status_code == 404
    announcement.refresh_from_db()
    assert announcement.title == "theirs"


def test_partial_update_needs_write_scope(client, project, make_key, make_announcement):
    announcement = make_announcement(title="kept")
    response = patch(client, make_key(project, "read"), announcement.id, {"title": "changed"})
    assert response.status_code == 403
    announcement.refresh_from_db()
    assert announcement.title == "kept"


def test_put_is_not_allowed(client, key, make_announcement):
    announcement = make_announcement()
    response = client.put(f"{URL}/{announcement.id}", data=VALID, content_type="application/json", **bearer(key))
    assert response.status_code == 405


# delete


def test_delete_removes_the_announcement(client, key, make_announcement):
    announcement = make_announcement()
    response = client.delete(f"{URL}/{announcement.id}", **bearer(key))
    assert response.status_code == 204
    assert not Announcement.objects.filter(pk=announcement.pk).exists()


def test_delete_other_projects_announcement_is_404(client, key, make_announcement, other_project):
    announcement = make_announcement(project=other_project)
    response = client.delete(f"{URL}/{announcement.id}", **bearer(key))
    assert response.status_code == 404
    assert Announcement.objects.filter(pk=announcement.pk).exists()


def test_delete_needs_write_scope(client, project, make_key, make_announcement):
    announcement = make_announcement()
    response = client.delete(f"{URL}/{announcement.id}", **bearer(make_key(project, "announcements:read")))
    assert response.status_code == 403
    assert Announcement.objects.filter(pk=announcement.pk).exists()
