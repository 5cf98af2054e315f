"""Roadmap pages: the board by milestone and status, editor, reorder, status change notifying upvoters."""

import uuid

import pytest

from notifications.models import Notification
from roadmap.models import RoadmapEntry
from roadmap.services import create_roadmap_entry, toggle_vote

pytestmark = pytest.mark.django_db


def make(project, name, **fields):
    return create_roadmap_entry(project=project, feature_name=name, **fields)


def test_board_groups_entries_by_milestone_with_vote_counts(login, team, project):
    entry = make(project, "Dark mode", milestone_number=1, milestone_name="Spring")
    make(project, "SSO", milestone_number=2, milestone_name="Summer", feature_status="in_progress")
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    body = login(team["member"]).get("/p/acme/roadmap/").content.decode()
    assert "Milestone 1: Spring" in body and "Milestone 2: Summer" in body
    assert '+1<span class="visually-hidden"> net votes' in body


def test_member_creates_an_entry(login, team, project):
    response = login(team["member"]).post(
        "/p/acme/roadmap/new/",
        {"feature_name": "CSV export", "feature_status": "planned", "milestone_number": "3", "tags": "export, data"},
    )
    assert response.status_code == 302
    entry = RoadmapEntry.objects.get()
    assert (entry.project, entry.milestone_number, entry.tags) == (project, 3, ["export", "data"])
    assert entry.published_at is None  # the public checkbox was not sent


def test_editor_keeps_input_on_error(login, team):
    response = login(team["member"]).post(
        "/p/acme/roadmap/new/", {"feature_name": "", "feature_status": "planned", "milestone_number": "1"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not RoadmapEntry.objects.exists()


def test_status_change_notifies_upvoters(login, team, project, django_capture_on_commit_callbacks):
    entry = make(project, "Dark mode")
    voter = uuid.uuid4()
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=voter, vote_type="up")
    with django_capture_on_commit_callbacks(execute=True):  # the fan-out task (eager here)
        response = login(team["member"]).post(f"/p/acme/roadmap/{entry.pk}/status/", {"feature_status": "completed"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.feature_status == "completed"
    assert Notification.objects.get().user_id == voter


def test_move_down_swaps_with_the_next_entry_of_the_same_column(login, team, project):
    first, second = make(project, "First"), make(project, "Second")
    make(project, "Elsewhere", feature_status="completed")
    login(team["member"]).post(f"/p/acme/roadmap/{first.pk}/move/", {"direction": "down"})
    ordered = list(
        RoadmapEntry.objects.filter(feature_status="planned").order_by("sort_order").values_list("pk", flat=True)
    )
    assert ordered == [second.pk, first.pk]


def test_entry_of_another_project_is_404(login, team, other_project):
    foreign = make(other_project, "Theirs")
    client = login(team["owner"])
    assert client.get(f"/p/acme/roadmap/{foreign.pk}/").status_code == 404
    assert client.post(f"/p/acme/roadmap/{foreign.pk}/status/", {"feature_status": "cancelled"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.feature_status == "planned"


def test_board_query_count_does_not_grow_with_entries(login, team, project, queries_for):
    login(team["member"])
    make(project, "one")
    first = queries_for("/p/acme/roadmap/")
    for index in range(40):
        make(project, f"item {index}", milestone_number=index % 4)
    assert queries_for("/p/acme/roadmap/") == first
