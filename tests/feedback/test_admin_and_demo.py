"""Django Admin pages of feedback, and the demo data `seed_demo` adds."""

import uuid

import pytest
from django.contrib.auth import get_user_model

from feedback import demo
from feedback.models import Feedback, FeedbackMessage
from feedback.services import add_team_message, submit_feedback
from notifications.models import Notification

pytestmark = pytest.mark.django_db
DEMO_VISITOR = uuid.UUID("550e8400-e29b-41d4-a716-446655440000")


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-for-tests")
    client.force_login(user)
    return client


def test_admin_changelist_filters_by_status_category_and_priority(staff_client, project):
    submit_feedback(project=project, visitor_id=None, title="A bug report", category="bug")
    submit_feedback(project=project, visitor_id=None, title="An idea", category="feature")
    filters = {"category__exact": "bug", "priority__exact": "medium", "status__exact": "new"}
    response = staff_client.get("/admin/feedback/feedback/", filters)
    assert response.status_code == 200
    assert b"A bug report" in response.content
    assert b"An idea" not in response.content


@pytest.mark.parametrize("term", ["Safari", "not-a-uuid", str(uuid.uuid4())])
def test_admin_search_works_with_any_term(staff_client, project, term):
    submit_feedback(project=project, visitor_id=None, title="Safari login", category="bug")
    response = staff_client.get("/admin/feedback/feedback/", {"q": term})
    assert response.status_code == 200
    assert (b"Safari login" in response.content) == (term == "Safari")


def test_admin_change_page_shows_the_thread_inline(staff_client, project):
    feedback = submit_feedback(project=project, visitor_id=None, title="Threaded", category="bug")
    add_team_message(feedback=feedback, message="An internal remark", is_public=False, sender_id="1")
    response = staff_client.get(f"/admin/feedback/feedback/{feedback.pk}/change/")
    assert response.status_code == 200
    assert b"An internal remark" in response.content


def test_demo_has_feedback_in_every_status_with_threads_and_a_note(project):
    demo.seed(project=project, visitor_id=DEMO_VISITOR)
    feedback = Feedback.objects.filter(project=project)
    assert set(feedback.values_list("status", flat=True)) == set(Feedback.Status.values)
    assert feedback.filter(user_id=DEMO_VISITOR).count() >= 3
    messages = FeedbackMessage.objects.filter(feedback__project=project)
    assert {"user", "team"} <= set(messages.values_list("sender_role", flat=True))
    assert messages.filter(is_public=False).exists()
    assert messages.filter(feedback__user_id=DEMO_VISITOR, is_public=False).exists()


def test_demo_is_idempotent(project):
    demo.seed(project=project, visitor_id=DEMO_VISITOR)
    counts = (Feedback.objects.count(), FeedbackMessage.objects.count())
    demo.seed(project=project, visitor_id=DEMO_VISITOR)
    assert (Feedback.objects.count(), FeedbackMessage.objects.count()) == counts
    assert not Notification.objects.exists()


def test_demo_visitor_sees_own_threads_without_notes(client, project):
    demo.seed(project=project, visitor_id=DEMO_VISITOR)
    headers = {"HTTP_X_PULSE_USER_ID": str(DEMO_VISITOR)}
    listed = client.get("/api/v1/projects/acme/feedback", **headers).json()["data"]
    assert len(listed) == Feedback.objects.filter(user_id=DEMO_VISITOR).count()
    for item in listed:
        detail = client.get(f"/api/v1/projects/acme/feedback/{item['id']}", **headers).json()["data"]
        assert all(message["is_public"] for message in detail["messages"])
