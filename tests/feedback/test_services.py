"""feedback.services: who gets notified, and that notes and no-op changes notify nobody."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from feedback.models import Feedback, FeedbackMessage
from feedback.services import add_team_message, add_visitor_message, change_feedback, submit_feedback
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return uuid.uuid4()


@pytest.fixture
def feedback(project, author):
    return submit_feedback(project=project, visitor_id=author, title="Export is broken", category="bug")


def test_submit_sets_status_new_and_priority_by_category(project):
    bug = submit_feedback(project=project, visitor_id=None, title="b", category="bug")
    other = submit_feedback(project=project, visitor_id=None, title="g", category="nonsense")
    assert (bug.status, bug.priority, bug.category) == ("new", "medium", "bug")
    assert (other.status, other.priority, other.category) == ("new", "low", "general")


def test_submit_refuses_fields_a_visitor_may_not_set(project):
    with pytest.raises(TypeError):
        submit_feedback(project=project, visitor_id=None, title="t", status="done")
    assert not Feedback.objects.exists()


def test_public_team_reply_notifies_the_author(project, feedback, author):
    message = add_team_message(feedback=feedback, message="Fixed in 2.3", is_public=True, sender_id="42")
    notification = Notification.objects.get()
    assert notification.project_id == project.id
    assert notification.user_id == author
    assert notification.type == "feedback"
    assert notification.title == "New reply to your feedback: Export is broken"
    assert notification.message == "Fixed in 2.3"
    assert notification.metadata == {
        "feedback_id": str(feedback.pk),
        "message_id": str(message.pk),
        "event": "reply",
    }
    assert (message.sender_role, message.sender_id, message.is_public) == ("team", "42", True)


def test_internal_note_notifies_nobody(project, feedback):
    note = add_team_message(feedback=feedback, message="Dup of #12", is_public=False, sender_id="42")
    assert not Notification.objects.exists()
    assert FeedbackMessage.objects.get() == note and note.is_public is False


def test_reply_to_anonymous_feedback_notifies_nobody(project):
    anonymous = submit_feedback(project=project, visitor_id=None, title="anon")
    add_team_message(feedback=anonymous, message="Thanks", is_public=True, sender_id="42")
    assert FeedbackMessage.objects.count() == 1
    assert not Notification.objects.exists()


def test_status_change_notifies_the_author(project, feedback, author):
    change_feedback(feedback=feedback, status="in_progress")
    assert Feedback.objects.get(pk=feedback.pk).status == "in_progress"
    notification = Notification.objects.get()
    assert notification.user_id == author
    assert notification.type == "feedback"
    assert notification.title == "Your feedback is now in progress: Export is broken"
    assert notification.metadata == {
        "feedback_id": str(feedback.pk),
        "event": "status",
        "status": "in_progress",
        "previous_status": "new",
    }


def test_same_status_again_notifies_nobody(project, feedback):
    change_feedback(feedback=feedback, status="new")
    assert not Notification.objects.exists()


def test_priority_change_alone_notifies_nobody(project, feedback):
    change_feedback(feedback=feedback, priority="urgent")
    assert Feedback.objects.get(pk=feedback.pk).priority == "urgent"
    assert not Notification.objects.exists()


def test_status_change_of_stale_instance_compares_with_the_database(project, feedback):
    stale = Feedback.objects.get(pk=feedback.pk)
    change_feedback(feedback=feedback, status="planned")
    change_feedback(feedback=stale, status="planned")
    assert Notification.objects.count() == 1
    assert stale.status == "planned"


def test_unknown_status_is_refused_and_changes_nothing(project, feedback):
    with pytest.raises(ValidationError):
        change_feedback(feedback=feedback, status="shipped")
    assert Feedback.objects.get(pk=feedback.pk).status == "new"
    assert not Notification.objects.exists()


def test_long_title_is_shortened_in_the_notification(project, author):
    long = submit_feedback(project=project, visitor_id=author, title="x" * 200)
    add_team_message(feedback=long, message="y" * 5000, is_public=True, sender_id="42")
    notification = Notification.objects.get()
    assert len(notification.title) == 200 and notification.title.endswith("…")
    assert len(notification.message) == 500


def test_notification_failure_rolls_back_the_reply(project, feedback, monkeypatch):
    def broken_notify(**kwargs):
        raise IntegrityError("notifications down")

    monkeypatch.setattr("feedback.services.notify", broken_notify)
    with pytest.raises(IntegrityError):
        add_team_message(feedback=feedback, message="lost", is_public=True, sender_id="42")
    assert not FeedbackMessage.objects.exists()


def test_notification_failure_rolls_back_the_status_change(project, feedback, monkeypatch):
    def broken_notify(**kwargs):
        raise IntegrityError("notifications down")

    monkeypatch.setattr("feedback.services.notify", broken_notify)
    with pytest.raises(IntegrityError):
        change_feedback(feedback=feedback, status="done")
    assert Feedback.objects.get(pk=feedback.pk).status == "new"


def test_visitor_message_by_someone_else_is_refused(project, feedback):
    with pytest.raises(PermissionDenied):
        add_visitor_message(feedback=feedback, visitor_id=uuid.uuid4(), message="hi")
    assert not FeedbackMessage.objects.exists()


def test_visitor_message_notifies_nobody(project, feedback, author):
    add_visitor_message(feedback=feedback, visitor_id=author, message="more info")
    assert not Notification.objects.exists()
