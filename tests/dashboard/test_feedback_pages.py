"""Feedback inbox and thread: filters, counts, public reply, internal note, triage."""

import uuid

import pytest

from feedback.models import Feedback, FeedbackMessage
from feedback.services import submit_feedback
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def submit(project, title, **fields):
    return submit_feedback(project=project, visitor_id=fields.pop("visitor_id", uuid.uuid4()), title=title, **fields)


def test_inbox_counts_per_status_and_filters(login, team, project):
    submit(project, "Crash on login", category="bug")
    idea = submit(project, "Dark mode please", category="feature")
    Feedback.objects.filter(pk=idea.pk).update(status="planned")
    client = login(team["member"])
    response = client.get("/p/acme/feedback/?status=planned")
    body = response.content.decode()
    assert "Dark mode please" in body and "Crash on login" not in body
    counts = {value: count for value, _, count in response.context["status_counts"]}
    assert counts["new"] == 1 and counts["planned"] == 1


def test_inbox_text_search(login, team, project):
    submit(project, "Crash on login")
    submit(project, "Dark mode please")
    body = login(team["member"]).get("/p/acme/feedback/?q=crash").content.decode()
    assert "Crash on login" in body and "Dark mode please" not in body


def test_public_reply_is_stored_and_notifies_the_visitor(login, team, project):
    visitor = uuid.uuid4()
    feedback = submit(project, "Crash", visitor_id=visitor)
    response = login(team["member"]).post(
        f"/p/acme/feedback/{feedback.pk}/messages/", {"message": "Fixed in 2.1", "visibility": "public"}
    )
    assert response.status_code == 302
    message = FeedbackMessage.objects.get()
    assert (message.is_public, message.sender_role, message.sender_id) == (True, "team", str(team["member"].pk))
    assert Notification.objects.get().user_id == visitor


def test_internal_note_notifies_nobody(login, team, project):
    feedback = submit(project, "Crash")
    login(team["member"]).post(
        f"/p/acme/feedback/{feedback.pk}/messages/", {"message": "dup of #3", "visibility": "internal"}
    )
    assert FeedbackMessage.objects.get().is_public is False
    assert not Notification.objects.exists()


def test_empty_reply_is_refused(login, team, project):
    feedback = submit(project, "Crash")
    response = login(team["member"]).post(
        f"/p/acme/feedback/{feedback.pk}/messages/", {"message": "", "visibility": "public"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not FeedbackMessage.objects.exists()


def test_triage_changes_status_and_priority(login, team, project):
    feedback = submit(project, "Crash")
    login(team["member"]).post(f"/p/acme/feedback/{feedback.pk}/triage/", {"status": "in_progress", "priority": "high"})
    feedback.refresh_from_db()
    assert (feedback.status, feedback.priority) == ("in_progress", "high")
    assert Notification.objects.count() == 1


def test_feedback_of_another_project_is_404(login, team, other_project):
    foreign = submit(other_project, "Theirs")
    client = login(team["owner"])
    assert client.get(f"/p/acme/feedback/{foreign.pk}/").status_code == 404
    response = client.post(f"/p/acme/feedback/{foreign.pk}/messages/", {"message": "x", "visibility": "public"})
    assert response.status_code == 404
    assert not FeedbackMessage.objects.exists()


def test_thread_shows_internal_notes_to_the_team(login, team, project):
    from feedback.services import add_team_message

    feedback = submit(project, "Crash")
    add_team_message(feedback=feedback, message="secret triage note", is_public=False, sender_id=team["admin"].pk)
    body = login(team["member"]).get(f"/p/acme/feedback/{feedback.pk}/").content.decode()
    assert "secret triage note" in body and "internal note" in body and "admin" in body


def test_inbox_query_count_does_not_grow_with_feedback(login, team, project, queries_for):
    login(team["member"])
    submit(project, "one")
    first = queries_for("/p/acme/feedback/")
    for index in range(60):
        submit(project, f"item {index}")
    assert queries_for("/p/acme/feedback/") == first
