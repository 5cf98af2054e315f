"""roadmap/signals.py: vote_count follows every vote save, switch and delete."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmap.models import RoadmapEntry, RoadmapVote

pytestmark = pytest.mark.django_db


def count(entry):
    return RoadmapEntry.objects.get(pk=entry.pk).vote_count


def test_created_upvote_adds_one(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    assert count(entry) == 1


def test_created_downvote_takes_one(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="down")
    assert count(entry) == -1


def test_switch_of_a_loaded_vote_moves_the_count_by_two(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    vote = RoadmapVote.objects.get(entry=entry)
    vote.vote_type = "down"
    vote.save()
    assert count(entry) == -1


def test_switch_of_a_just_created_vote_moves_the_count_by_two(entry):
    vote = RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="down")
    vote.vote_type = "up"
    vote.save()
    assert count(entry) == 1


def test_a_switch_through_an_instance_not_loaded_from_the_database_is_refused_before_writing(entry):
    stored = RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    detached = RoadmapVote(pk=stored.pk, entry=entry, visitor_id=stored.visitor_id, vote_type="down")
    detached._state.adding = False
    with pytest.raises(ValueError, match="loaded from the database"):
        detached.save(update_fields=["vote_type"])
    assert RoadmapVote.objects.get(pk=stored.pk).vote_type == "up"
    assert count(entry) == 1


def test_saving_only_other_fields_of_a_changed_vote_leaves_the_count(entry):
    vote = RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    vote.vote_type = "down"
    vote.visitor_id = uuid.uuid4()
    vote.save(update_fields=["visitor_id"])
    assert (RoadmapVote.objects.get(pk=vote.pk).vote_type, count(entry)) == ("up", 1)


def test_saving_only_the_entry_of_a_moved_and_switched_vote_moves_its_stored_type(project, make_entry):
    first, second = make_entry(project, "first"), make_entry(project, "second")
    vote = RoadmapVote.objects.create(entry=first, visitor_id=uuid.uuid4(), vote_type="up")
    vote.entry = second
    vote.vote_type = "down"
    vote.save(update_fields=["entry"])
    assert RoadmapVote.objects.get(pk=vote.pk).vote_type == "up"
    assert (count(first), count(second)) == (0, 1)


def test_moving_a_vote_to_another_entry_moves_its_weight(project, make_entry):
    first, second = make_entry(project, "first"), make_entry(project, "second")
    vote = RoadmapVote.objects.create(entry=first, visitor_id=uuid.uuid4(), vote_type="down")
    vote = RoadmapVote.objects.get(pk=vote.pk)
    vote.entry = second
    vote.vote_type = "up"
    vote.save()
    assert (count(first), count(second)) == (0, 1)


def test_saving_an_unchanged_vote_changes_nothing(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    RoadmapVote.objects.get(entry=entry).save()
    assert count(entry) == 1


def test_deleted_vote_takes_its_weight_back(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    down = RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="down")
    down.delete()
    assert count(entry) == 1


def test_queryset_delete_of_votes_updates_the_count(entry):
    for vote_type in ["up", "up", "down"]:
        RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type=vote_type)
    RoadmapVote.objects.filter(entry=entry, vote_type="up").delete()
    assert count(entry) == -1


def test_deleting_an_entry_deletes_its_votes_without_updating_its_count(entry):
    for vote_type in ["up", "up", "down"]:
        RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type=vote_type)
    with CaptureQueriesContext(connection) as queries:
        entry.delete()
    assert not RoadmapVote.objects.exists() and not RoadmapEntry.objects.exists()
    # (an idea promoted to the entry would lose its link: an UPDATE of feedback, not of a count)
    updates = [query["sql"] for query in queries.captured_queries if query["sql"].startswith("UPDATE")]
    assert not [sql for sql in updates if "roadmap_roadmapentry" in sql]


def test_deleting_a_project_deletes_its_entries_and_votes(entry):
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    entry.project.delete()
    assert not RoadmapVote.objects.exists() and not RoadmapEntry.objects.exists()


def test_a_stale_entry_save_does_not_overwrite_the_count(entry):
    stale = RoadmapEntry.objects.get(pk=entry.pk)
    RoadmapVote.objects.create(entry=entry, visitor_id=uuid.uuid4(), vote_type="up")
    stale.feature_name = "Renamed"
    stale.save()
    refreshed = RoadmapEntry.objects.get(pk=entry.pk)
    assert (refreshed.feature_name, refreshed.vote_count) == ("Renamed", 1)


def test_a_vote_on_one_entry_leaves_the_others_alone(project, make_entry):
    first, second = make_entry(project, "first"), make_entry(project, "second")
    RoadmapVote.objects.create(entry=first, visitor_id=uuid.uuid4(), vote_type="up")
    assert (count(first), count(second)) == (1, 0)


def test_saving_a_partly_loaded_entry_writes_only_what_was_loaded(entry, django_assert_num_queries):
    partial = RoadmapEntry.objects.only("id", "project", "feature_name").get(pk=entry.pk)
    partial.feature_name = "Renamed"
    with django_assert_num_queries(1):
        partial.save()
    refreshed = RoadmapEntry.objects.get(pk=entry.pk)
    assert (refreshed.feature_name, refreshed.category) == ("Renamed", "ui")
