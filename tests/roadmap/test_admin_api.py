"""Admin API of the roadmap: per endpoint success, scope refusal, cross-project 404, validation 400."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Notification
from roadmap.models import RoadmapEntry
from roadmap.services import toggle_vote
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
LIST = "/api/v1/admin/roadmap"
REORDER = "/api/v1/admin/roadmap/reorder"


def detail(entry_id):
    return f"{LIST}/{entry_id}"


@pytest.fixture
def auth(project, make_key):
    return bearer(make_key(project, "roadmap:read,roadmap:write"))


@pytest.fixture
def read_only(project, make_key):
    return bearer(make_key(project, "roadmap:read"))


@pytest.fixture
def theirs(other_project, make_entry):
    return make_entry(other_project, "Their feature")


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def patch(client, url, body, headers):
    return client.patch(url, body, content_type="application/json", **headers)


# List


def test_list_includes_drafts_and_scheduled_in_roadmap_order(client, auth, project, make_entry):
    make_entry(project, "scheduled", milestone_number=2, published_at=timezone.now() + timedelta(days=1))
    make_entry(project, "draft", milestone_number=1, sort_order=2, published_at=None)
    make_entry(project, "published", milestone_number=1, sort_order=1)
    response = client.get(LIST, **auth)
    assert response.status_code == 200
    assert [e["feature_name"] for e in response.json()["data"]] == ["published", "draft", "scheduled"]
    assert {"created_at", "updated_at", "vote_count"} <= set(response.json()["data"][0])


@pytest.mark.parametrize(
    ("query", "expected"),
    [("status=draft", ["draft"]), ("status=scheduled", ["scheduled"]), ("status=published", ["published"])],
)
def test_list_filters_by_publication_state(client, auth, project, make_entry, query, expected):
    make_entry(project, "draft", published_at=None)
    make_entry(project, "scheduled", published_at=timezone.now() + timedelta(days=1))
    make_entry(project, "published")
    assert [e["feature_name"] for e in client.get(f"{LIST}?{query}", **auth).json()["data"]] == expected


def test_list_filters_by_feature_status_and_milestone(client, auth, project, make_entry):
    make_entry(project, "a", feature_status="completed", milestone_number=1)
    make_entry(project, "b", feature_status="completed", milestone_number=2)
    make_entry(project, "c", feature_status="planned", milestone_number=1)
    response = client.get(f"{LIST}?feature_status=completed&milestone_number=1", **auth)
    assert [e["feature_name"] for e in response.json()["data"]] == ["a"]


def test_list_with_unknown_filter_value_is_400(client, auth, project):
    response = client.get(f"{LIST}?feature_status=shipped", **auth)
    assert response.status_code == 400
    assert response.json()["error"].startswith("feature_status:")


def test_list_leaves_out_other_projects_entries(client, auth, project, theirs):
    assert client.get(LIST, **auth).json()["data"] == []


def test_list_without_roadmap_scope_is_403(client, project, make_key):
    response = client.get(LIST, **bearer(make_key(project, "changelog:read")))
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the roadmap:read scope"}


def test_list_without_key_is_401(client, project):
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize("rows", [1, 200])
def test_list_runs_a_fixed_number_of_queries(client, auth, project, rows, django_assert_max_num_queries):
    RoadmapEntry.objects.bulk_create(RoadmapEntry(project=project, feature_name=f"f{n}") for n in range(rows))
    with django_assert_max_num_queries(3):  # key, last_used_at, entries
        response = client.get(LIST, **auth)
    assert len(response.json()["data"]) == rows


# Create


def test_create_returns_201_with_the_entry(client, auth, project):
    body = {
        "feature_name": "Dark mode",
        "milestone_number": 2,
        "milestone_name": "v2.1",
        "feature_status": "planned",
        "user_friendly_description": "A dark theme.",
        "target_date": "2026-06-01",
        "category": "ui",
        "tags": ["theme"],
        "is_highlight": True,
        "published_at": "2026-01-01T10:00:00Z",
    }
    response = post(client, LIST, body, auth)
    assert response.status_code == 201
    data = response.json()["data"]
    assert {key: data[key] for key in body} == body
    assert data["vote_count"] == 0 and data["sort_order"] == 0
    entry = RoadmapEntry.objects.get(pk=data["id"])
    assert entry.project == project and entry.feature_name == "Dark mode" and entry.tags == ["theme"]


def test_create_ignores_fields_the_client_may_not_set(client, auth, project, other_project):
    forced_id = uuid.uuid4()
    body = {
        "feature_name": "x",
        "id": str(forced_id),
        "project": str(other_project.id),
        "vote_count": 99,
        "created_at": "2000-01-01T00:00:00Z",
    }
    data = post(client, LIST, body, auth).json()["data"]
    entry = RoadmapEntry.objects.get(pk=data["id"])
    assert entry.pk != forced_id
    assert entry.project == project
    assert entry.vote_count == 0
    assert entry.created_at.year > 2000


def test_create_with_read_scope_only_is_403(client, read_only, project):
    response = post(client, LIST, {"feature_name": "x"}, read_only)
    assert response.status_code == 403
    assert response.json()["error"] == "This API key lacks the roadmap:write scope"
    assert not RoadmapEntry.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "feature_name"),
        ({"feature_name": ""}, "feature_name"),
        ({"feature_name": "x" * 201}, "feature_name"),
        ({"feature_name": "x", "feature_status": "shipped"}, "feature_status"),
        ({"feature_name": "x", "milestone_number": -1}, "milestone_number"),
        ({"feature_name": "x", "milestone_number": "one"}, "milestone_number"),
        ({"feature_name": "x", "sort_order": 10**12}, "sort_order"),
        ({"feature_name": "x", "tags": "theme"}, "tags"),
        ({"feature_name": "x", "tags": ["ok", ""]}, "tags"),
        ({"feature_name": "x", "tags": [["nested"]]}, "tags"),
        ({"feature_name": "x", "tags": [f"t{n}" for n in range(21)]}, "tags"),
        ({"feature_name": "x", "target_date": "June"}, "target_date"),
        ({"feature_name": "x", "published_at": "soon"}, "published_at"),
        ({"feature_name": "x", "is_highlight": "maybe"}, "is_highlight"),
        ({"feature_name": "x", "user_friendly_description": "x" * 5001}, "user_friendly_description"),
        ({"feature_name": "x", "category": "x" * 51}, "category"),
    ],
)
def test_create_with_invalid_field_is_400_naming_it(client, auth, project, body, field):
    response = post(client, LIST, body, auth)
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{field}")
    assert not RoadmapEntry.objects.exists()


def test_create_with_a_json_list_body_is_400(client, auth, project):
    assert post(client, LIST, [], auth).status_code == 400


# Retrieve


def test_retrieve_returns_the_entry(client, auth, entry):
    response = client.get(detail(entry.id), **auth)
    assert response.status_code == 200
    assert response.json()["data"]["feature_name"] == "Dark mode"
    assert response.json()["data"]["id"] == str(entry.id)


def test_retrieve_a_draft(client, auth, project, make_entry):
    draft = make_entry(project, "draft", published_at=None)
    assert client.get(detail(draft.id), **auth).json()["data"]["published_at"] is None


def test_retrieve_of_another_projects_entry_is_404(client, auth, project, theirs):
    response = client.get(detail(theirs.id), **auth)
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


@pytest.mark.parametrize("entry_id", ["not-a-uuid", str(uuid.uuid4())])
def test_retrieve_of_malformed_or_unknown_id_is_404(client, auth, project, entry_id):
    assert client.get(detail(entry_id), **auth).status_code == 404


def test_retrieve_without_roadmap_scope_is_403(client, project, make_key, entry):
    assert client.get(detail(entry.id), **bearer(make_key(project, "feedback:read"))).status_code == 403


# Partial update


def test_partial_update_changes_only_the_given_fields(client, auth, entry):
    response = patch(client, detail(entry.id), {"feature_name": "Darker mode", "tags": []}, auth)
    assert response.status_code == 200
    assert response.json()["data"]["feature_name"] == "Darker mode"
    entry.refresh_from_db()
    assert (entry.feature_name, entry.tags, entry.category) == ("Darker mode", [], "ui")


def test_partial_update_of_status_notifies_upvoters(client, auth, entry, django_capture_on_commit_callbacks):
    upvoter, downvoter = uuid.uuid4(), uuid.uuid4()
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=upvoter, vote_type="up")
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=downvoter, vote_type="down")
    with django_capture_on_commit_callbacks(execute=True):  # the fan-out task (eager here)
        response = patch(client, detail(entry.id), {"feature_status": "completed"}, auth)
    assert response.status_code == 200
    assert response.json()["data"]["feature_status"] == "completed"
    assert list(Notification.objects.values_list("user_id", "type")) == [(upvoter, "roadmap")]


def test_partial_update_ignores_vote_count_and_id(client, auth, entry):
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    response = patch(client, detail(entry.id), {"vote_count": 1000, "id": str(uuid.uuid4())}, auth)
    assert response.status_code == 200
    assert response.json()["data"]["vote_count"] == 1
    assert RoadmapEntry.objects.get().pk == entry.pk
    assert RoadmapEntry.objects.get().vote_count == 1


def test_partial_update_can_unpublish(client, auth, entry):
    patch(client, detail(entry.id), {"published_at": None}, auth)
    entry.refresh_from_db()
    assert entry.published_at is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"feature_status": "shipped"}, "feature_status"),
        ({"feature_name": ""}, "feature_name"),
        ({"feature_name": None}, "feature_name"),
        ({"tags": [1, {}]}, "tags"),
        ({"sort_order": "first"}, "sort_order"),
    ],
)
def test_partial_update_with_invalid_field_is_400_naming_it(client, auth, entry, body, field):
    response = patch(client, detail(entry.id), body, auth)
    assert response.status_code == 400
    assert response.json()["error"].startswith(field)
    entry.refresh_from_db()
    assert (entry.feature_name, entry.feature_status) == ("Dark mode", "in_progress")


def test_partial_update_of_another_projects_entry_is_404(client, auth, project, theirs):
    response = patch(client, detail(theirs.id), {"feature_name": "hijacked"}, auth)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.feature_name == "Their feature"


def test_partial_update_with_read_scope_is_403(client, read_only, entry):
    response = patch(client, detail(entry.id), {"feature_name": "nope"}, read_only)
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.feature_name == "Dark mode"


def test_put_is_not_allowed(client, auth, entry):
    response = client.put(detail(entry.id), {"feature_name": "x"}, content_type="application/json", **auth)
    assert response.status_code == 405


# Delete


def test_delete_removes_the_entry(client, auth, entry):
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    response = client.delete(detail(entry.id), **auth)
    assert response.status_code == 200
    assert response.json() == {"data": {"deleted": True}, "error": None}
    assert not RoadmapEntry.objects.exists()


def test_delete_of_another_projects_entry_is_404(client, auth, project, theirs):
    assert client.delete(detail(theirs.id), **auth).status_code == 404
    assert RoadmapEntry.objects.filter(pk=theirs.pk).exists()


def test_delete_with_read_scope_is_403(client, read_only, entry):
    assert client.delete(detail(entry.id), **read_only).status_code == 403
    assert RoadmapEntry.objects.filter(pk=entry.pk).exists()


def test_delete_of_malformed_id_is_404(client, auth, project):
    assert client.delete(detail("123"), **auth).status_code == 404


# Reorder


def test_reorder_sets_sort_order_in_list_order_and_returns_the_list(client, auth, project, make_entry):
    a, b, c = (make_entry(project, name) for name in "abc")
    response = post(client, REORDER, {"ids": [str(c.id), str(a.id), str(b.id)]}, auth)
    assert response.status_code == 200
    assert [e["feature_name"] for e in response.json()["data"]] == ["c", "a", "b"]
    assert dict(RoadmapEntry.objects.values_list("feature_name", "sort_order")) == {"c": 1, "a": 2, "b": 3}


def test_reorder_works_with_trailing_slash(client, auth, entry):
    assert post(client, REORDER + "/", {"ids": [str(entry.id)]}, auth).status_code == 200


def test_reorder_with_another_projects_id_is_404_and_changes_nothing(client, auth, project, make_entry, theirs):
    ours = make_entry(project, "ours", sort_order=5)
    response = post(client, REORDER, {"ids": [str(ours.id), str(theirs.id)]}, auth)
    assert response.status_code == 404
    assert response.json()["error"] == "Entry not found"
    ours.refresh_from_db()
    assert ours.sort_order == 5


@pytest.mark.parametrize(
    "body",
    [{}, {"ids": []}, {"ids": "abc"}, {"ids": ["not-a-uuid"]}, {"ids": None}],
)
def test_reorder_with_invalid_ids_is_400(client, auth, project, body):
    response = post(client, REORDER, body, auth)
    assert response.status_code == 400
    assert response.json()["error"].startswith("ids")


def test_reorder_with_a_duplicate_id_is_400(client, auth, entry):
    response = post(client, REORDER, {"ids": [str(entry.id), str(entry.id)]}, auth)
    assert response.status_code == 400
    assert response.json()["error"] == "ids: Each id may appear only once."


def test_reorder_with_read_scope_is_403(client, read_only, entry):
    assert post(client, REORDER, {"ids": [str(entry.id)]}, read_only).status_code == 403


def test_general_write_scope_is_enough(client, project, make_key):
    response = post(client, LIST, {"feature_name": "x"}, bearer(make_key(project, "write")))
    assert response.status_code == 201
