"""Demo notifications and the Django Admin page of notifications."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify
from projects.management.commands.seed_demo import DEMO_VISITOR_ID
from tests.helpers import visitor

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_demo_visitor_notifications_some_read_once(client):
    call_command("seed_demo", "--force", stdout=None)
    call_command("seed_demo", "--force", stdout=None)
    mine = Notification.objects.filter(project__slug="demo", user_id=DEMO_VISITOR_ID)
    assert mine.count() == 4
    assert mine.filter(read_at__isnull=False).count() == 2
    data = client.get("/api/v1/projects/demo/notifications", **visitor(DEMO_VISITOR_ID)).json()["data"]
    assert data["unreadCount"] == 2
    assert len(data["notifications"]) == 4


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_filters_notifications_by_read_state(admin_client, project, visitor_id):
    (read,) = notify(project=project, user_ids=[visitor_id], type="feedback", title="Already seen")
    notify(project=project, user_ids=[visitor_id], type="feedback", title="Still new")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    response = admin_client.get("/admin/notifications/notification/", {"read": "no", "type__exact": "feedback"})
    assert response.status_code == 200
    assert b"Still new" in response.content
    assert b"Already seen" not in response.content
