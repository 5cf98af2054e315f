"""roadmap/services.py: toggles, entry writes, the upvoter fan-out and reordering."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification
from projects.models import Project
from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import (
    create_roadmap_entry,
    delete_roadmap_entry,
    reorder_entries,
    toggle_vote,
    update_roadmap_entry,
)

pytestmark = pytest.mark.django_db


def test_toggle_returns_count_and_user_vote_through_a_full_cycle(entry):
    visitor_id = uuid.uuid4()
    ids = {"entry_id": entry.pk, "project_id": entry.project_id, "visitor_id": visitor_id}
    assert toggle_vote(**ids, vote_type="up") == (1, "up")
    assert toggle_vote(**ids, vote_type="down") == (-1, "down")
    assert toggle_vote(**ids, vote_type="down") == (0, None)
    assert not RoadmapVote.objects.exists()


def test_toggle_of_a_deleted_entry_raises_does_not_exist(entry):
    RoadmapEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(RoadmapEntry.DoesNotExist):
        toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")


def test_create_puts_an_entry_last_in_its_milestone(project, make_entry):
    make_entry(project, "a", milestone_number=1, sort_order=4)
    make_entry(project, "b", milestone_number=2, sort_order=9)
    entry = create_roadmap_entry(project=project, feature_name="new", milestone_number=1)
    assert entry.sort_order == 5
    assert entry.published_at is None


def test_create_validates_the_model(project):
    with pytest.raises(ValidationError) as error:
        create_roadmap_entry(project=project, feature_name="x", tags=["ok", ""])
    assert "tags" in error.value.message_dict
    assert not RoadmapEntry.objects.exists()


def test_create_refuses_fields_that_are_not_editable(project):
    with pytest.raises(TypeError):
        create_roadmap_entry(project=project, feature_name="x", vote_count=99)


def change(entry, **fields):
    """update_roadmap_entry, then the fan-out its commit starts (the worker's, inline here)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return update_roadmap_entry(entry=entry, **fields)


def upvote_and_downvote(entry, ups, downs):
    for vote_type, visitors in (("up", ups), ("down", downs)):
        for visitor_id in visitors:
            toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type=vote_type)


def test_status_change_notifies_upvoters_only(entry, settings):
    settings.PULSE_PUBLIC_URL = "https://pulse.example.com"
    ups, downs = [uuid.uuid4(), uuid.uuid4()], [uuid.uuid4()]
    upvote_and_downvote(entry, ups, downs)
    change(entry, feature_status="completed")
    notifications = Notification.objects.filter(project=entry.project)
    assert sorted(n.user_id for n in notifications) == sorted(ups)
    notification = notifications.first()
    assert notification.type == "roadmap"
    assert notification.title == "“Dark mode” has shipped"
    assert notification.message
    assert notification.link == f"https://pulse.example.com/portal/{entry.project.slug}/roadmap/#entry-{entry.pk}"
    assert notification.metadata == {
        "roadmap_entry_id": str(entry.pk),
        "feature_status": "completed",
        "previous_status": "in_progress",
    }


def test_a_notification_links_the_widgets_roadmap_when_the_portal_is_not_public(entry):
    Project.objects.filter(pk=entry.project_id).update(portal_public=False)
    entry.project.refresh_from_db()
    upvote_and_downvote(entry, [uuid.uuid4()], [])
    change(entry, feature_status="completed")
    assert Notification.objects.get(project=entry.project).link == f"/roadmap#{entry.pk}"


def test_status_change_writes_one_outbox_row_and_the_fan_out_notifies_in_one_insert(entry):
    upvote_and_downvote(entry, [uuid.uuid4() for _ in range(30)], [uuid.uuid4()])
    with CaptureQueriesContext(connection) as request_queries:
        with TestCase.captureOnCommitCallbacks(execute=False) as fan_out:
            update_roadmap_entry(entry=entry, feature_status="completed")
    request_inserts = [q["sql"] for q in request_queries.captured_queries if q["sql"].startswith("INSERT")]
    # The request writes the outbox event only: the upvoters are fanned out by the worker.
    assert len(request_inserts) == 1 and "notifications_outboxevent" in request_inserts[0]
    with CaptureQueriesContext(connection) as worker_queries:
        for callback in fan_out:
            callback()
    inserts = [q["sql"] for q in worker_queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len([sql for sql in inserts if "notifications_notification" in sql]) == 1
    assert Notification.objects.count() == 30


def test_a_switched_upvote_is_not_notified(entry):
    visitor_id = uuid.uuid4()
    upvote_and_downvote(entry, [visitor_id], [visitor_id])
    change(entry, feature_status="completed")
    assert not Notification.objects.exists()


def test_same_status_notifies_nobody(entry):
    upvote_and_downvote(entry, [uuid.uuid4()], [])
    change(entry, feature_status="in_progress")
    assert not Notification.objects.exists()


def test_other_field_changes_notify_nobody(entry):
    upvote_and_downvote(entry, [uuid.uuid4()], [])
    update_roadmap_entry(entry=entry, feature_name="Darker mode", sort_order=3)
    entry.refresh_from_db()
    assert (entry.feature_name, entry.sort_order, entry.vote_count) == ("Darker mode", 3, 1)
    assert not Notification.objects.exists()


def test_status_change_compares_with_the_stored_status_not_a_stale_instance(entry):
    upvote_and_downvote(entry, [uuid.uuid4()], [])
    stale = RoadmapEntry.objects.get(pk=entry.pk)
    change(entry, feature_status="completed")
    change(stale, feature_status="completed")
    assert Notification.objects.count() == 1


def test_invalid_update_changes_nothing_and_notifies_nobody(entry):
    upvote_and_downvote(entry, [uuid.uuid4()], [])
    with pytest.raises(ValidationError):
        change(entry, feature_status="shipped")
    assert RoadmapEntry.objects.get(pk=entry.pk).feature_status == "in_progress"
    assert not Notification.objects.exists()


def test_delete_removes_the_entry_and_its_votes(entry):
    upvote_and_downvote(entry, [uuid.uuid4()], [uuid.uuid4()])
    delete_roadmap_entry(entry=entry)
    assert not RoadmapEntry.objects.exists() and not RoadmapVote.objects.exists()


def test_reorder_gives_positions_in_list_order(project, make_entry):
    a, b, c = (make_entry(project, name, sort_order=0) for name in "abc")
    reorder_entries(project=project, ids=[c.pk, a.pk, b.pk])
    assert dict(RoadmapEntry.objects.values_list("feature_name", "sort_order")) == {"c": 1, "a": 2, "b": 3}


def test_reorder_with_another_projects_id_changes_nothing(project, other_project, make_entry):
    ours, theirs = make_entry(project, "ours", sort_order=7), make_entry(other_project, "theirs", sort_order=7)
    with pytest.raises(RoadmapEntry.DoesNotExist):
        reorder_entries(project=project, ids=[theirs.pk, ours.pk])
    assert set(RoadmapEntry.objects.values_list("sort_order", flat=True)) == {7}
