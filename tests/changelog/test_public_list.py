"""GET /api/v1/projects/:slug/changelog: published entries, newest first, limit/offset."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from changelog.models import ChangelogEntry
from changelog.selectors import PUBLIC_FIELDS, published_entries
from changelog.serializers import ChangelogEntrySerializer
from changelog.services import create_entry, publish_entry
from pulse.api.renderers import dumps

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/changelog"


def titles(response):
    return [entry["title"] for entry in response.json()["data"]]


def test_list_returns_the_seed_fields_of_a_published_entry(client, make_entry):
    entry = make_entry(
        version="1.2.0",
        title="New Dashboard Layout",
        summary="Redesigned",
        content="<p>Full</p>",
        type="feature",
        category="ui",
        is_highlight=True,
        ai_summary="AI text",
    )
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["error"] is None
    assert body["data"] == [
        {
            "id": str(entry.id),
            "version": "1.2.0",
            "title": "New Dashboard Layout",
            "summary": "Redesigned",
            "content": "<p>Full</p>",
            "type": "feature",
            "category": "ui",
            "is_highlight": True,
            "ai_summary": "AI text",
            "published_at": entry.published_at.isoformat().replace("+00:00", "Z"),
            "created_at": entry.created_at.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_list_payload_matches_the_documented_serializer(make_entry):
    make_entry(title="A", content="<p>x</p>", version="1.0")
    entry = ChangelogEntry.objects.get()
    request = APIRequestFactory().get("/")
    assert dumps(published_entries(entry.project_id)) == dumps(
        ChangelogEntrySerializer([entry], many=True, context={"request": request}).data
    )
    assert list(ChangelogEntrySerializer().fields) == list(PUBLIC_FIELDS)


def test_list_is_newest_first_by_published_at(client, make_entry):
    make_entry(days_ago=10, title="old")
    make_entry(days_ago=1, title="new")
    make_entry(days_ago=5, title="middle")
    assert titles(client.get(URL)) == ["new", "middle", "old"]


def test_list_leaves_out_drafts(client, make_entry):
    make_entry(days_ago=None, title="draft")
    make_entry(title="live")
    assert titles(client.get(URL)) == ["live"]


def test_list_leaves_out_scheduled_entries(client, make_entry):
    make_entry(days_ago=-1, title="tomorrow")
    make_entry(title="live")
    assert titles(client.get(URL)) == ["live"]


def test_scheduled_entry_appears_once_its_time_has_come(client, project):
    create_entry(project=project, title="soon", published_at=timezone.now() + timedelta(milliseconds=800))
    assert titles(client.get(URL)) == []
    time.sleep(1)
    assert titles(client.get(URL)) == ["soon"]


def test_list_leaves_out_other_projects_entries(client, make_entry, other_project):
    make_entry(title="theirs", entry_project=other_project)
    make_entry(title="ours")
    assert titles(client.get(URL)) == ["ours"]


def test_list_of_a_project_without_entries_is_empty(client, project):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"data": [], "error": None}


def test_list_works_with_trailing_slash(client, make_entry):
    make_entry(title="live")
    assert titles(client.get(URL + "/")) == ["live"]


def test_list_without_limit_is_capped_at_100(client, project, bulk_published):
    bulk_published(105)
    data = client.get(URL).json()["data"]
    assert len(data) == 100
    assert data[0]["title"] == "e0"


def test_limit_returns_that_many_newest(client, make_entry):
    for day in range(1, 6):
        make_entry(days_ago=day, title=f"d{day}")
    assert titles(client.get(URL, {"limit": 2})) == ["d1", "d2"]


def test_offset_skips_the_newest(client, make_entry):
    for day in range(1, 6):
        make_entry(days_ago=day, title=f"d{day}")
    assert titles(client.get(URL, {"limit": 2, "offset": 3})) == ["d4", "d5"]


def test_offset_past_the_end_is_empty(client, make_entry):
    make_entry()
    assert titles(client.get(URL, {"offset": 5})) == []


def test_limit_100_is_accepted(client, make_entry):
    make_entry()
    assert client.get(URL, {"limit": 100}).status_code == 200


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "1.5", "", "1e2", "9" * 5000], ids=range(8))
def test_bad_limit_is_400(client, project, limit):
    response = client.get(URL, {"limit": limit})
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "limit must be an integer between 1 and 100"}


@pytest.mark.parametrize("offset", ["-1", "x", "", "1000001"])
def test_bad_offset_is_400(client, project, offset):
    response = client.get(URL, {"offset": offset})
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "offset must be an integer between 0 and 1000000"}


def test_list_never_returns_hostile_html(client, hostile_entry):
    _, marker = hostile_entry
    content = client.get(URL).json()["data"][0]["content"]
    assert marker not in content
    assert content.startswith("<p>safe</p>")


# Error table of GET /changelog


def test_unknown_project_is_404_project_not_found(client, db):
    response = client.get("/api/v1/projects/nope/changelog")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_over_rate_limit_is_429(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}


# Query counts


@pytest.mark.parametrize("rows", [1, 200])
def test_uncached_list_query_count_does_not_grow_with_rows(
    client, project, bulk_published, rows, settings, django_assert_max_num_queries
):
    settings.PULSE_PUBLIC_CACHE_ENABLED = False
    bulk_published(rows)
    client.get(URL)  # warms the project-by-slug cache
    with django_assert_max_num_queries(2):  # the entries, and the next scheduled date
        response = client.get(URL)
    assert len(response.json()["data"]) == min(rows, 100)


@pytest.mark.parametrize("rows", [1, 200])
def test_paginated_list_query_count_does_not_grow_with_rows(
    client, project, bulk_published, rows, django_assert_max_num_queries
):
    bulk_published(rows)
    client.get(URL)  # warms the project-by-slug cache
    with django_assert_max_num_queries(1):
        response = client.get(URL, {"limit": 50, "offset": 1})
    assert len(response.json()["data"]) == min(rows - 1, 50)


# The default list is the same for everyone: cached, with a strong ETag and 304s.


def test_cached_list_is_served_without_queries(client, make_entry, django_assert_num_queries):
    make_entry(title="cached")
    client.get(URL)
    with django_assert_num_queries(0):
        response = client.get(URL)
    assert titles(response) == ["cached"]


def test_list_answers_if_none_match_with_304(client, make_entry):
    make_entry()
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_saving_an_entry_refreshes_the_cached_list(client, make_entry):
    entry = make_entry(title="before")
    client.get(URL)
    entry.title = "after"
    entry.save()
    assert titles(client.get(URL)) == ["after"]


def test_publishing_a_draft_refreshes_the_cached_list(client, make_entry):
    draft = make_entry(days_ago=None, title="draft")
    assert titles(client.get(URL)) == []
    publish_entry(entry=draft)
    assert titles(client.get(URL)) == ["draft"]


def test_deleting_an_entry_refreshes_the_cached_list(client, make_entry):
    entry = make_entry(title="gone soon")
    client.get(URL)
    entry.delete()
    assert titles(client.get(URL)) == []


def test_limit_and_offset_are_never_served_from_the_default_cache(client, make_entry):
    make_entry(days_ago=2, title="older")
    make_entry(days_ago=1, title="newer")
    client.get(URL)
    assert titles(client.get(URL, {"offset": 1})) == ["older"]
