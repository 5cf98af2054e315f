"""Admin API of the changelog: /api/v1/admin/changelog[/:id[/publish|/unpublish]]."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from changelog.models import ChangelogEntry
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
LIST = "/api/v1/admin/changelog"


def detail(entry_id):
    return f"{LIST}/{entry_id}"


def iso(value):
    return value.isoformat().replace("+00:00", "Z")


@pytest.fixture
def write_key(project, make_key):
    return bearer(make_key(project, "changelog:write"))


@pytest.fixture
def read_key(project, make_key):
    return bearer(make_key(project, "changelog:read"))


@pytest.fixture
def other_module_key(project, make_key):
    return bearer(make_key(project, "roadmap:write"))


def send(client, method, url, body, headers):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **headers)


# List


def test_list_includes_drafts_and_scheduled_with_their_status(client, make_entry, read_key):
    make_entry(days_ago=3, title="published")
    make_entry(days_ago=None, title="draft")
    make_entry(days_ago=-2, title="scheduled")
    response = client.get(LIST, **read_key)
    assert response.status_code == 200
    assert [(e["title"], e["status"]) for e in response.json()["data"]] == [
        ("draft", "draft"),
        ("scheduled", "scheduled"),
        ("published", "published"),
    ]


def test_list_entry_has_every_field(client, make_entry, read_key):
    entry = make_entry(title="T", content="<p>c</p>", version="1.0")
    (item,) = client.get(LIST, **read_key).json()["data"]
    assert item == {
        "id": str(entry.id),
        "version": "1.0",
        "title": "T",
        "summary": "",
        "content": "<p>c</p>",
        "content_markdown": "",
        "type": "feature",
        "category": "",
        "is_highlight": False,
        "ai_summary": "",
        "published_at": iso(entry.published_at),
        "status": "published",
        "created_at": iso(entry.created_at),
        "updated_at": iso(entry.updated_at),
    }


@pytest.mark.parametrize("status", ["draft", "scheduled", "published"])
def test_list_filters_by_status(client, make_entry, read_key, status):
    make_entry(days_ago=3, title="published")
    make_entry(days_ago=None, title="draft")
    make_entry(days_ago=-2, title="scheduled")
    data = client.get(LIST, {"status": status}, **read_key).json()["data"]
    assert [e["title"] for e in data] == [status]


def test_list_paginates_with_limit_and_offset(client, make_entry, read_key):
    for day in range(1, 6):
        make_entry(days_ago=day, title=f"d{day}")
    data = client.get(LIST, {"limit": 2, "offset": 1}, **read_key).json()["data"]
    assert [e["title"] for e in data] == ["d2", "d3"]


def test_list_shows_only_the_keys_project(client, make_entry, other_project, read_key):
    make_entry(title="theirs", entry_project=other_project)
    make_entry(title="ours")
    assert [e["title"] for e in client.get(LIST, **read_key).json()["data"]] == ["ours"]


def test_list_with_unknown_status_is_400(client, project, read_key):
    response = client.get(LIST, {"status": "archived"}, **read_key)
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "status must be one of draft, scheduled, published"}


def test_list_with_bad_limit_is_400(client, project, read_key):
    response = client.get(LIST, {"limit": "0"}, **read_key)
    assert response.status_code == 400
    assert response.json()["error"] == "limit must be an integer between 1 and 100"


def test_list_with_other_modules_key_is_403(client, project, other_module_key):
    response = client.get(LIST, **other_module_key)
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the changelog:read scope"}


def test_list_without_key_is_401(client, project):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "Invalid or missing API key"}


# Create


def test_create_with_html_stores_sanitised_draft(client, project, write_key):
    body = {
        "title": "Dark mode",
        "version": "2.0",
        "type": "improvement",
        "category": "ui",
        "content": '<p>Hi</p><script>alert(1)</script><a href="javascript:x">a</a>',
    }
    response = send(client, "post", LIST, body, write_key)
    assert response.status_code == 201
    data = response.json()["data"]
    entry = ChangelogEntry.objects.get()
    assert data["id"] == str(entry.id)
    assert data["status"] == "draft" and entry.published_at is None
    assert data["content"] == entry.content == '<p>Hi</p><a rel="noopener noreferrer">a</a>'
    assert (entry.project_id, entry.title, entry.type) == (project.id, "Dark mode", "improvement")
    assert data["content_markdown"] == entry.content_markdown == ""


def test_create_with_markdown_renders_and_sanitises(client, project, write_key):
    body = {"title": "T", "content_markdown": "## New\n\n*fast* <iframe src='https://e.x'></iframe>"}
    response = send(client, "post", LIST, body, write_key)
    assert response.status_code == 201
    assert ChangelogEntry.objects.get().content == "<h2>New</h2>\n<p><em>fast</em> </p>"


def test_create_with_published_at_in_the_future_is_scheduled(client, project, write_key):
    when = timezone.now() + timedelta(days=2)
    response = send(client, "post", LIST, {"title": "T", "published_at": iso(when)}, write_key)
    assert response.json()["data"]["status"] == "scheduled"
    assert ChangelogEntry.objects.get().published_at == when


def test_create_ignores_id_project_and_created_at(client, project, other_project, write_key):
    forged = {"id": str(uuid.uuid4()), "project": str(other_project.id), "created_at": "2000-01-01T00:00:00Z"}
    response = send(client, "post", LIST, {"title": "T", **forged}, write_key)
    assert response.status_code == 201
    entry = ChangelogEntry.objects.get()
    assert str(entry.id) != forged["id"]
    assert entry.project_id == project.id
    assert entry.created_at.year == timezone.now().year


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({}, "title: This field is required."),
        ({"title": 123}, "title: Must be a string."),
        ({"title": ""}, "title: This field may not be blank."),
        ({"title": "x" * 201}, "title: Ensure this field has no more than 200 characters."),
        ({"title": "T", "type": "bogus"}, "type: \"bogus\" is not a valid choice; use one of: feature, improvement, "
         "fix, security, deprecation, announcement"),
        ({"title": "T", "is_highlight": "yes"}, "is_highlight: Must be true or false."),
        ({"title": "T", "summary": ["a"]}, "summary: Must be a string."),
        ({"title": "T", "category": "c" * 51}, "category: Ensure this field has no more than 50 characters."),
        ({"title": "T", "published_at": "tomorrow"}, "published_at: Datetime has wrong format."),
        ({"title": "T", "content": "<p>b</p>", "content_markdown": "a"},
         "content_markdown: Send content or content_markdown, not both"),
        ({"title": "T", "titel": "typo"}, "titel: Unknown field."),
        ({"title": "T\x00"}, "title: Contains a character that cannot be stored: U+0000 at position 1."),
    ],
    ids=["missing-title", "title-int", "title-blank", "title-long", "type-unknown", "highlight-string",
         "summary-list", "category-long", "published-at-bad", "both-contents", "unknown-field", "nul"],
)  # fmt: skip
def test_create_with_invalid_field_is_400_naming_it(client, project, write_key, body, error):
    response = send(client, "post", LIST, body, write_key)
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None
    assert body["error"].startswith(error)
    assert not ChangelogEntry.objects.exists()


def test_create_with_a_list_body_is_400(client, project, write_key):
    response = send(client, "post", LIST, [{"title": "T"}], write_key)
    assert response.status_code == 400
    assert not ChangelogEntry.objects.exists()


def test_create_with_lone_surrogate_is_400(client, project, write_key):
    response = client.post(LIST, data='{"title": "a\\ud800"}', content_type="application/json", **write_key)
    assert response.status_code == 400
    assert response.json()["data"] is None
    assert not ChangelogEntry.objects.exists()


def test_create_with_read_key_is_403(client, project, read_key):
    response = send(client, "post", LIST, {"title": "T"}, read_key)
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the changelog:write scope"}
    assert not ChangelogEntry.objects.exists()


def test_create_with_generic_write_key_is_allowed(client, project, make_key):
    response = send(client, "post", LIST, {"title": "T"}, bearer(make_key(project, "write")))
    assert response.status_code == 201


# Retrieve


def test_retrieve_returns_a_draft(client, make_entry, read_key):
    entry = make_entry(days_ago=None, title="draft")
    response = client.get(detail(entry.id), **read_key)
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(entry.id)
    assert response.json()["data"]["status"] == "draft"


def test_retrieve_never_returns_hostile_html(client, hostile_entry, read_key):
    entry, marker = hostile_entry
    content = client.get(detail(entry.id), **read_key).json()["data"]["content"]
    assert marker not in content
    assert content.startswith("<p>safe</p>")


def test_retrieve_with_other_modules_key_is_403(client, make_entry, other_module_key):
    response = client.get(detail(make_entry().id), **other_module_key)
    assert response.status_code == 403


def test_retrieve_other_projects_entry_is_404(client, make_entry, other_project, read_key):
    response = client.get(detail(make_entry(entry_project=other_project).id), **read_key)
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


def test_retrieve_malformed_id_is_404(client, project, read_key):
    response = client.get(detail("not-a-uuid"), **read_key)
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


# Partial update


def test_update_changes_given_fields_and_sanitises_content(client, make_entry, write_key):
    entry = make_entry(title="old", summary="keep")
    body = {"title": "new", "content": '<img src="https://x.example/a.png" onerror="x">'}
    response = send(client, "patch", detail(entry.id), body, write_key)
    assert response.status_code == 200
    entry.refresh_from_db()
    assert (entry.title, entry.summary, entry.content) == ("new", "keep", '<img src="https://x.example/a.png">')
    assert response.json()["data"]["content"] == entry.content


def test_update_with_markdown_replaces_content(client, make_entry, write_key):
    entry = make_entry(content="<p>old</p>")
    send(client, "patch", detail(entry.id), {"content_markdown": "**new**"}, write_key)
    entry.refresh_from_db()
    assert entry.content == "<p><strong>new</strong></p>"


def test_update_ignores_id_and_created_at(client, make_entry, write_key):
    entry = make_entry(title="T")
    body = {"id": str(uuid.uuid4()), "created_at": "2000-01-01T00:00:00Z", "title": "U"}
    response = send(client, "patch", detail(entry.id), body, write_key)
    assert response.status_code == 200
    stored = ChangelogEntry.objects.get()
    assert (stored.id, stored.created_at, stored.title) == (entry.id, entry.created_at, "U")


def test_update_a_whole_object_read_from_the_api_is_accepted(client, make_entry, write_key):
    entry = make_entry(title="T")
    data = client.get(detail(entry.id), **write_key).json()["data"]
    response = send(client, "patch", detail(entry.id), {**data, "title": "U"}, write_key)
    assert response.status_code == 200
    assert ChangelogEntry.objects.get().title == "U"


def test_update_with_unknown_type_is_400(client, make_entry, write_key):
    entry = make_entry(type="fix")
    response = send(client, "patch", detail(entry.id), {"type": "hotfix"}, write_key)
    assert response.status_code == 400
    assert response.json()["error"].startswith('type: "hotfix" is not a valid choice')
    entry.refresh_from_db()
    assert entry.type == "fix"


def test_update_with_read_key_is_403(client, make_entry, read_key):
    entry = make_entry(title="T")
    response = send(client, "patch", detail(entry.id), {"title": "U"}, read_key)
    assert response.status_code == 403
    assert ChangelogEntry.objects.get().title == "T"


def test_update_other_projects_entry_is_404(client, make_entry, other_project, write_key):
    entry = make_entry(title="T", entry_project=other_project)
    response = send(client, "patch", detail(entry.id), {"title": "U"}, write_key)
    assert response.status_code == 404
    assert ChangelogEntry.objects.get().title == "T"


def test_put_is_not_allowed(client, make_entry, write_key):
    response = send(client, "put", detail(make_entry().id), {"title": "U"}, write_key)
    assert response.status_code == 405


# Delete


def test_delete_removes_the_entry(client, make_entry, write_key):
    entry = make_entry()
    response = client.delete(detail(entry.id), **write_key)
    assert response.status_code == 204
    assert not ChangelogEntry.objects.exists()


def test_delete_with_read_key_is_403(client, make_entry, read_key):
    response = client.delete(detail(make_entry().id), **read_key)
    assert response.status_code == 403
    assert ChangelogEntry.objects.count() == 1


def test_delete_other_projects_entry_is_404(client, make_entry, other_project, write_key):
    response = client.delete(detail(make_entry(entry_project=other_project).id), **write_key)
    assert response.status_code == 404
    assert ChangelogEntry.objects.count() == 1


def test_delete_malformed_id_is_404(client, project, write_key):
    assert client.delete(detail("123"), **write_key).status_code == 404


# Publish / unpublish


def test_publish_without_body_publishes_now(client, make_entry, write_key):
    entry = make_entry(days_ago=None)
    response = client.post(f"{detail(entry.id)}/publish", content_type="application/json", **write_key)
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "published"
    entry.refresh_from_db()
    assert timezone.now() - entry.published_at < timedelta(seconds=10)


def test_publish_at_a_future_date_schedules(client, make_entry, write_key):
    entry = make_entry(days_ago=None)
    when = timezone.now() + timedelta(days=5)
    response = send(client, "post", f"{detail(entry.id)}/publish/", {"published_at": iso(when)}, write_key)
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "scheduled"
    entry.refresh_from_db()
    assert entry.published_at == when


def test_publish_with_bad_date_is_400(client, make_entry, write_key):
    entry = make_entry(days_ago=None)
    response = send(client, "post", f"{detail(entry.id)}/publish", {"published_at": 12}, write_key)
    assert response.status_code == 400
    assert response.json()["error"].startswith("published_at:")
    entry.refresh_from_db()
    assert entry.published_at is None


def test_publish_with_read_key_is_403(client, make_entry, read_key):
    entry = make_entry(days_ago=None)
    assert client.post(f"{detail(entry.id)}/publish", content_type="application/json", **read_key).status_code == 403
    entry.refresh_from_db()
    assert entry.published_at is None


def test_publish_other_projects_entry_is_404(client, make_entry, other_project, write_key):
    entry = make_entry(days_ago=None, entry_project=other_project)
    assert client.post(f"{detail(entry.id)}/publish", content_type="application/json", **write_key).status_code == 404
    entry.refresh_from_db()
    assert entry.published_at is None


def test_unpublish_makes_a_draft(client, make_entry, write_key):
    entry = make_entry(days_ago=2)
    response = client.post(f"{detail(entry.id)}/unpublish", content_type="application/json", **write_key)
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "draft"
    entry.refresh_from_db()
    assert entry.published_at is None


def test_unpublish_with_read_key_is_403(client, make_entry, read_key):
    entry = make_entry(days_ago=2)
    assert client.post(f"{detail(entry.id)}/unpublish", content_type="application/json", **read_key).status_code == 403
    entry.refresh_from_db()
    assert entry.published_at is not None


def test_unpublish_other_projects_entry_is_404(client, make_entry, other_project, write_key):
    entry = make_entry(days_ago=2, entry_project=other_project)
    assert client.post(f"{detail(entry.id)}/unpublish", content_type="application/json", **write_key).status_code == 404
    entry.refresh_from_db()
    assert entry.published_at is not None


def test_unpublish_malformed_id_is_404(client, project, write_key):
    assert client.post(f"{detail('x')}/unpublish", content_type="application/json", **write_key).status_code == 404


# The whole flow


def test_draft_written_in_markdown_then_published_appears_on_public_changelog(client, project, write_key):
    created = send(
        client, "post", LIST, {"title": "Faster search", "content_markdown": "Search is **2x** faster."}, write_key
    )
    entry_id = created.json()["data"]["id"]
    assert client.get("/api/v1/projects/acme/changelog").json()["data"] == []
    client.post(f"{detail(entry_id)}/publish", content_type="application/json", **write_key)
    (public,) = client.get("/api/v1/projects/acme/changelog").json()["data"]
    assert (public["id"], public["content"]) == (entry_id, "<p>Search is <strong>2x</strong> faster.</p>")
