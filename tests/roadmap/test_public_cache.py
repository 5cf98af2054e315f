"""The public roadmap in the core's list cache: served without queries, dropped on every change."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from roadmap.models import RoadmapVote
from roadmap.selectors import public_roadmap
from roadmap.services import (
    create_roadmap_entry,
    delete_roadmap_entry,
    reorder_entries,
    toggle_vote,
    update_roadmap_entry,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/roadmap"


def listed(client):
    return [(e["feature_name"], e["vote_count"]) for e in client.get(URL).json()["data"]]


def test_second_request_is_served_from_the_cache_without_queries(client, entry, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.content == first.content


def test_matching_etag_is_304(client, entry):
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_a_vote_shows_on_the_next_list(client, entry):
    assert listed(client) == [("Dark mode", 0)]
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    assert listed(client) == [("Dark mode", 1)]


def test_a_removed_vote_shows_on_the_next_list(client, entry):
    visitor_id = uuid.uuid4()
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type="down")
    assert listed(client) == [("Dark mode", -1)]
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type="down")
    assert listed(client) == [("Dark mode", 0)]


def test_an_entry_update_shows_on_the_next_list(client, entry):
    listed(client)
    update_roadmap_entry(entry=entry, feature_name="Darker mode")
    assert listed(client) == [("Darker mode", 0)]


def test_a_new_published_entry_shows_on_the_next_list(client, entry, project):
    listed(client)
    create_roadmap_entry(project=project, feature_name="New", published_at=timezone.now(), milestone_number=9)
    assert listed(client) == [("Dark mode", 0), ("New", 0)]


def test_a_deleted_entry_leaves_the_next_list(client, entry):
    listed(client)
    delete_roadmap_entry(entry=entry)
    assert listed(client) == []


def test_a_reorder_shows_on_the_next_list(client, project, make_entry):
    a, b = make_entry(project, "a"), make_entry(project, "b")
    assert [name for name, _ in listed(client)] == ["a", "b"]
    reorder_entries(project=project, ids=[b.pk, a.pk])
    assert [name for name, _ in listed(client)] == ["b", "a"]


def test_a_recount_shows_on_the_next_list(client, entry):
    RoadmapVote.objects.bulk_create([RoadmapVote(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")])
    assert listed(client) == [("Dark mode", 0)]
    call_command("recount_votes", stdout=StringIO())
    assert listed(client) == [("Dark mode", 1)]


def test_another_projects_vote_keeps_this_projects_cache(
    client, entry, other_project, make_entry, django_assert_num_queries
):
    client.get(URL)
    theirs = make_entry(other_project)
    toggle_vote(entry_id=theirs.pk, project_id=theirs.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    with django_assert_num_queries(0):
        client.get(URL)


def test_the_cache_knows_when_the_next_scheduled_entry_goes_live(project, make_entry):
    soon = timezone.now() + timedelta(minutes=5)
    make_entry(project, "live")
    make_entry(project, "soon", published_at=soon)
    make_entry(project, "later", published_at=soon + timedelta(days=1))
    make_entry(project, "draft", published_at=None)
    entries, next_change = public_roadmap(project_id=project.id)
    assert [entry.feature_name for entry in entries] == ["live"]
    assert next_change == soon


def test_a_list_without_scheduled_entries_has_no_next_change(project, entry):
    assert public_roadmap(project_id=project.id)[1] is None
