"""Public roadmap API: `GET /roadmap` (published entries in roadmap order) and its errors."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import RoadmapEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/roadmap"


def names(response):
    return [item["feature_name"] for item in response.json()["data"]]


def test_list_returns_the_seed_fields_of_a_published_entry(client, entry):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": str(entry.id),
                "milestone_number": 1,
                "milestone_name": "v2.0 Launch",
                "feature_name": "Dark mode",
                "feature_status": "in_progress",
                "user_friendly_description": "Full dark mode theme.",
                "target_date": "2025-06-01",
                "category": "ui",
                "tags": ["theme", "accessibility"],
                "sort_order": 1,
                "is_highlight": False,
                "vote_count": 0,
                "published_at": entry.published_at.isoformat().replace("+00:00", "Z"),
            }
        ],
        "error": None,
    }


def test_published_at_is_iso_8601_utc_with_z(client, entry):
    assert client.get(URL).json()["data"][0]["published_at"].endswith("Z")


def test_list_is_ordered_by_milestone_then_sort_order_then_creation(client, project, make_entry):
    make_entry(project, "m2 first", milestone_number=2, sort_order=0)
    make_entry(project, "m1 second", milestone_number=1, sort_order=2)
    make_entry(project, "m1 first", milestone_number=1, sort_order=1)
    make_entry(project, "m1 second, created later", milestone_number=1, sort_order=2)
    make_entry(project, "m0", milestone_number=0, sort_order=9)
    assert names(client.get(URL)) == ["m0", "m1 first", "m1 second", "m1 second, created later", "m2 first"]


def test_creation_order_breaks_ties_even_when_ids_sort_the_other_way(client, project, make_entry):
    now = timezone.now()
    later = make_entry(project, "created second", id=uuid.UUID(int=1))
    earlier = make_entry(project, "created first", id=uuid.UUID(int=2))
    RoadmapEntry.objects.filter(pk=earlier.pk).update(created_at=now - timedelta(hours=1))
    RoadmapEntry.objects.filter(pk=later.pk).update(created_at=now)
    assert names(client.get(URL)) == ["created first", "created second"]


def test_drafts_are_hidden(client, project, make_entry):
    make_entry(project, "draft", published_at=None)
    assert client.get(URL).json()["data"] == []


def test_scheduled_entries_are_hidden_until_their_time(client, project, make_entry):
    make_entry(project, "scheduled", published_at=timezone.now() + timedelta(hours=1))
    assert client.get(URL).json()["data"] == []


def test_entry_published_just_now_is_shown(client, project, make_entry):
    make_entry(project, "now", published_at=timezone.now())
    assert names(client.get(URL)) == ["now"]


def test_other_projects_entries_are_not_listed(client, project, other_project, make_entry):
    make_entry(other_project, "theirs")
    make_entry(project, "ours")
    assert names(client.get(URL)) == ["ours"]


def test_list_works_with_trailing_slash(client, entry):
    assert client.get(URL + "/").status_code == 200


def test_list_of_unknown_project_is_404(client, db):
    response = client.get("/api/v1/projects/nope/roadmap")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_list_over_the_rate_limit_is_429(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(URL).json() == {"data": None, "error": "Rate limit exceeded"}


@pytest.mark.parametrize("rows", [1, 200])
def test_list_runs_a_fixed_number_of_queries(client, project, rows, django_assert_max_num_queries):
    RoadmapEntry.objects.bulk_create(
        RoadmapEntry(project=project, feature_name=f"f{n}", published_at=timezone.now(), tags=["t"])
        for n in range(rows)
    )
    with django_assert_max_num_queries(2):  # the project (first request only) and the entries
        response = client.get(URL)
    assert len(response.json()["data"]) == rows
