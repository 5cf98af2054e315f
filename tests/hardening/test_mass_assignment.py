"""Mass assignment: every write endpoint ignores (or refuses) `id`, `project`, `vote_count`,
`sender_role`, `status` and the like where the caller may not set them; the database says so."""

import json
import uuid

import pytest
from django.utils import timezone

from analytics.models import Event
from announcements.models import Announcement
from changelog.models import ChangelogEntry
from feedback.models import Feedback, FeedbackMessage
from notifications.models import Notification
from roadmap.models import RoadmapEntry
from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/projects/acme"
ADMIN = "/api/v1/admin"
FORGED_ID = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def forged(world, other_project):
    """Fields no caller may set, with values that would hurt if they stuck."""
    other = str(other_project.pk)
    return {"id": FORGED_ID, "project": other, "project_id": other, "vote_count": 1000}


def _post(client, path, body, headers, method="post"):
    return getattr(client, method)(path, json.dumps(body), content_type="application/json", **headers)


def _created_or_refused(response):
    assert response.status_code in (200, 201, 400), response.content
    return response.status_code != 400


def test_feedback_submit_ignores_id_project_status_and_author(client, world, project, forged):
    body = {**forged, "title": "Bug", "status": "closed", "priority": "high", "user_id": str(world["them"])}
    if _created_or_refused(_post(client, f"{PUBLIC}/feedback", body, visitor(world["me"]))):
        feedback = Feedback.objects.get(title="Bug")
        assert (str(feedback.pk), feedback.project_id) != (FORGED_ID, forged["project"])
        assert feedback.project_id == project.pk and feedback.user_id == world["me"]
        assert feedback.status == Feedback.Status.NEW and feedback.priority != "high"
    assert not Feedback.objects.filter(pk=FORGED_ID).exists()


def test_visitor_message_is_always_a_public_user_message(client, world, project, forged):
    feedback = Feedback.objects.create(project=project, user_id=world["me"], title="Mine")
    body = {**forged, "message": "hi", "sender_role": "team", "is_public": False, "sender_id": "admin"}
    if _created_or_refused(_post(client, f"{PUBLIC}/feedback/{feedback.pk}/messages", body, visitor(world["me"]))):
        message = FeedbackMessage.objects.get(feedback=feedback)
        assert (message.sender_role, message.is_public) == ("user", True)
        assert str(message.pk) != FORGED_ID and message.sender_id != "admin"


def test_team_message_is_always_a_team_message(client, world, project, forged):
    feedback = Feedback.objects.create(project=project, user_id=world["me"], title="Mine")
    body = {**forged, "message": "hi", "sender_role": "user", "feedback": str(uuid.uuid4())}
    if _created_or_refused(_post(client, f"{ADMIN}/feedback/{feedback.pk}/messages", body, bearer(world["key"]))):
        message = FeedbackMessage.objects.get(feedback=feedback)
        assert message.sender_role == "team" and str(message.pk) != FORGED_ID


def test_admin_feedback_update_changes_only_status_and_priority(client, world, project, forged):
    feedback = Feedback.objects.create(project=project, user_id=world["me"], title="Mine")
    body = {**forged, "status": "planned", "title": "Renamed", "user_id": str(world["them"])}
    assert _post(client, f"{ADMIN}/feedback/{feedback.pk}", body, bearer(world["key"]), "patch").status_code == 200
    feedback.refresh_from_db()
    assert (feedback.status, feedback.title, feedback.user_id, feedback.project_id) == (
        "planned",
        "Mine",
        world["me"],
        project.pk,
    )


def test_vote_ignores_a_vote_count_in_the_body(client, world, project):
    entry = RoadmapEntry.objects.create(project=project, feature_name="Dark mode", published_at=timezone.now())
    body = {"vote_type": "up", "vote_count": 1000, "user_vote": "down", "visitor_id": str(world["them"])}
    response = _post(client, f"{PUBLIC}/roadmap/{entry.pk}/vote", body, visitor(world["me"]))
    assert response.status_code == 200 and response.json()["data"] == {"vote_count": 1, "user_vote": "up"}
    entry.refresh_from_db()
    assert entry.vote_count == 1 and list(entry.votes.values_list("visitor_id", flat=True)) == [world["me"]]


@pytest.mark.parametrize(
    ("path", "body", "model"),
    [
        (f"{ADMIN}/announcements", {"title": "Hello"}, Announcement),
        (f"{ADMIN}/changelog", {"title": "Hello", "status": "published"}, ChangelogEntry),
        (f"{ADMIN}/roadmap", {"feature_name": "Hello"}, RoadmapEntry),
    ],
)
def test_admin_create_keeps_the_keys_project_and_its_own_id_and_counts(
    client, world, project, forged, path, body, model
):
    response = _post(client, path, {**forged, **body}, bearer(world["key"]))
    if _created_or_refused(response):
        obj = model.objects.get(pk=response.json()["data"]["id"])
        assert obj.project_id == project.pk and str(obj.pk) != FORGED_ID
        assert getattr(obj, "vote_count", 0) == 0
        if model is ChangelogEntry:  # status follows published_at, not the body
            assert obj.published_at is None and response.json()["data"]["status"] == "draft"


@pytest.mark.parametrize(
    ("path", "model", "fields"),
    [
        (f"{ADMIN}/announcements", Announcement, {"title": "Before"}),
        (f"{ADMIN}/changelog", ChangelogEntry, {"title": "Before"}),
        (f"{ADMIN}/roadmap", RoadmapEntry, {"feature_name": "Before"}),
    ],
)
def test_admin_update_keeps_the_objects_project_id_and_counts(client, world, project, forged, path, model, fields):
    obj = model.objects.create(project=project, **fields)
    response = _post(client, f"{path}/{obj.pk}", forged, bearer(world["key"]), "patch")
    assert response.status_code in (200, 400), response.content
    stored = model.objects.get(pk=obj.pk)
    assert stored.project_id == project.pk and getattr(stored, "vote_count", 0) == 0
    assert not model.objects.filter(pk=FORGED_ID).exists()


def test_admin_notification_ignores_id_project_and_read_state(client, world, project, forged):
    body = {**forged, "user_id": str(world["me"]), "title": "Hi", "read_at": "2026-01-01T00:00:00Z"}
    response = _post(client, f"{ADMIN}/notifications", body, bearer(world["key"]))
    if _created_or_refused(response):
        notification = Notification.objects.get(pk=response.json()["data"]["ids"][0])
        assert notification.project_id == project.pk and str(notification.pk) != FORGED_ID
        assert notification.read_at is None


@pytest.mark.parametrize("path", ["/api/v1/pulse/events", f"{PUBLIC}/events"])
def test_event_ignores_id_and_project(client, world, project, forged, path):
    body = {**forged, "id": 999999, "name": "signup"}
    headers = bearer(world["key"]) if path.startswith("/api/v1/pulse") else visitor(world["me"])
    assert _post(client, path, body, headers).status_code == 201
    event = Event.objects.get()
    assert event.project_id == project.pk and event.pk != 999999
