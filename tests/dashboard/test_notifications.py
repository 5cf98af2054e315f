"""Notifications page: send one to a visitor, see the recent ones; members only."""

import uuid

import pytest

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db
URL = "/p/acme/notifications/"


def test_member_sends_a_notification_to_a_visitor(login, team, project):
    visitor = uuid.uuid4()
    response = login(team["member"]).post(
        URL, {"user_id": str(visitor), "type": "general", "title": "Your export is ready", "message": "Grab it"}
    )
    assert response.status_code == 302
    notification = Notification.objects.get()
    assert (notification.project, notification.user_id) == (project, visitor)
    assert notification.title == "Your export is ready"


def test_invalid_visitor_id_is_refused_next_to_the_field(login, team):
    response = login(team["member"]).post(URL, {"user_id": "not-a-uuid", "type": "general", "title": "Hi"})
    assert response.status_code == 200
    assert "Enter a valid UUID." in response.content.decode()
    assert 'value="Hi"' in response.content.decode()
    assert not Notification.objects.exists()


def test_recent_list_shows_only_this_projects_notifications(login, team, project, other_project):
    notify(project=project, user_ids=[uuid.uuid4()], type="general", title="Ours")
    notify(project=other_project, user_ids=[uuid.uuid4()], type="general", title="Theirs")
    body = login(team["member"]).get(URL).content.decode()
    assert "Ours" in body
    assert "Theirs" not in body


def test_non_member_cannot_send(login, team):
    response = login(team["outsider"]).post(URL, {"user_id": str(uuid.uuid4()), "type": "general", "title": "x"})
    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_notifications_page_query_count_does_not_grow(login, team, project, queries_for):
    login(team["member"])
    notify(project=project, user_ids=[uuid.uuid4()], type="general", title="one")
    first = queries_for(URL)
    notify(project=project, user_ids=[uuid.uuid4() for _ in range(200)], type="general", title="many")
    assert queries_for(URL) == first
