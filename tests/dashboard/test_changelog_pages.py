"""Changelog pages: list by status, Markdown editor, publish now / schedule / unpublish."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changelog.models import ChangelogEntry
from changelog.services import create_entry, publish_entry

pytestmark = pytest.mark.django_db
NEW = "/p/acme/changelog/new/"


def entry_data(**overrides):
    data = {"title": "Dark mode", "version": "2.1.0", "type": "feature", "category": "ui", "summary": "At last."}
    data["content_markdown"] = "## Dark mode\n\nToggle it in **Settings**."
    return {**data, **overrides}


def test_member_saves_a_draft_rendered_from_markdown(login, team, project):
    response = login(team["member"]).post(NEW, entry_data(action="save"))
    entry = ChangelogEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/p/acme/changelog/{entry.pk}/"
    assert entry.project == project
    assert entry.status == "draft"
    assert "<h2>Dark mode</h2>" in entry.content
    assert "<strong>Settings</strong>" in entry.content


def test_publish_now_makes_the_entry_public(login, team, client):
    login(team["member"]).post(NEW, entry_data(action="publish"))
    entry = ChangelogEntry.objects.get()
    assert entry.status == "published"
    public = client.get("/api/v1/projects/acme/changelog").json()["data"]
    assert [item["title"] for item in public] == ["Dark mode"]


def test_schedule_sets_a_future_publication(login, team):
    when = timezone.now() + timedelta(days=2)
    login(team["member"]).post(NEW, entry_data(action="schedule", publish_at=when.strftime("%Y-%m-%dT%H:%M")))
    entry = ChangelogEntry.objects.get()
    assert entry.status == "scheduled"
    assert entry.published_at.replace(second=0, microsecond=0) == when.replace(second=0, microsecond=0)


def test_schedule_in_the_past_is_refused_next_to_the_field(login, team):
    past = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = login(team["member"]).post(NEW, entry_data(action="schedule", publish_at=past))
    assert response.status_code == 200
    assert "A schedule must be in the future" in response.content.decode()
    assert 'value="Dark mode"' in response.content.decode()
    assert not ChangelogEntry.objects.exists()


def test_unpublish_returns_the_entry_to_draft(login, team, project):
    entry = publish_entry(entry=create_entry(project=project, title="Old news", content_markdown="x"))
    response = login(team["member"]).post(
        f"/p/acme/changelog/{entry.pk}/", entry_data(title="Old news", action="unpublish")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_missing_title_is_shown_and_input_kept(login, team):
    response = login(team["member"]).post(NEW, entry_data(title="", action="save"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This field is required." in body
    assert "Toggle it in **Settings**." in body
    assert not ChangelogEntry.objects.exists()


def test_preview_button_renders_without_saving(login, team):
    response = login(team["member"]).post(NEW, entry_data(action="preview"))
    assert response.status_code == 200
    assert "<strong>Settings</strong>" in response.content.decode()
    assert not ChangelogEntry.objects.exists()


def test_preview_endpoint_sanitises_script(login, team):
    response = login(team["member"]).post(
        "/p/acme/changelog/preview/", {"content_markdown": "Hi <script>alert(1)</script> **there**"}
    )
    assert response.status_code == 200
    assert "<script" not in response.content.decode()
    assert "<strong>there</strong>" in response.content.decode()


def test_list_filters_by_status(login, team, project):
    create_entry(project=project, title="A draft")
    publish_entry(entry=create_entry(project=project, title="A release"))
    client = login(team["member"])
    drafts = client.get("/p/acme/changelog/?status=draft").content.decode()
    assert "A draft" in drafts and "A release" not in drafts
    everything = client.get("/p/acme/changelog/").content.decode()
    assert "A draft" in everything and "A release" in everything


def test_entry_of_another_project_is_404(login, team, other_project):
    foreign = create_entry(project=other_project, title="Theirs")
    client = login(team["owner"])
    assert client.get(f"/p/acme/changelog/{foreign.pk}/").status_code == 404
    assert client.post(f"/p/acme/changelog/{foreign.pk}/", entry_data(action="publish")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "draft"


def test_changelog_list_query_count_does_not_grow_with_entries(login, team, project, queries_for):
    login(team["member"])
    create_entry(project=project, title="one")
    first = queries_for("/p/acme/changelog/")
    for index in range(60):
        create_entry(project=project, title=f"entry {index}")
    assert queries_for("/p/acme/changelog/") == first
