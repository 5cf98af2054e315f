"""Django Admin pages of the roadmap: lists with filters and search; edits notify upvoters."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from notifications.models import Notification
from roadmap.services import toggle_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_entry_list_shows_vote_count_and_filters(admin_client, entry):
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="up")
    response = admin_client.get("/admin/roadmap/roadmapentry/?feature_status__exact=in_progress&q=Dark")
    assert response.status_code == 200
    assert b"Dark mode" in response.content
    assert b"column-vote_count" in response.content


def test_vote_list_loads(admin_client, entry):
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=uuid.uuid4(), vote_type="down")
    response = admin_client.get("/admin/roadmap/roadmapvote/?vote_type__exact=down")
    assert response.status_code == 200
    assert b"Dark mode" in response.content


def test_status_change_in_admin_notifies_upvoters(admin_client, entry, project, django_capture_on_commit_callbacks):
    upvoter = uuid.uuid4()
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=upvoter, vote_type="up")
    form = admin_client.get(f"/admin/roadmap/roadmapentry/{entry.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(feature_status="completed", tags='["theme"]', target_date="2025-06-01")
    data["published_at_0"], data["published_at_1"] = entry.published_at.strftime("%Y-%m-%d"), "10:00:00"
    data = {key: value for key, value in data.items() if value is not None and key != "published_at"}
    with django_capture_on_commit_callbacks(execute=True):  # the fan-out task (eager here)
        response = admin_client.post(f"/admin/roadmap/roadmapentry/{entry.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert entry.feature_status == "completed" and entry.vote_count == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [upvoter]
