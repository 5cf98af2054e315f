"""GET /feedback, GET /feedback/:id, POST /feedback/:id/messages: the visitor's own threads."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Feedback, FeedbackMessage
from feedback.services import add_team_message, submit_feedback
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
LIST = "/api/v1/projects/acme/feedback"


def detail_url(feedback):
    return f"{LIST}/{feedback.pk}"


def messages_url(feedback):
    return f"{LIST}/{feedback.pk}/messages"


def post_message(client, feedback, body, **headers):
    return client.post(messages_url(feedback), json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def own(project, visitor_id):
    return submit_feedback(project=project, visitor_id=uuid.UUID(visitor_id), title="Mine", category="bug")


def make_many(project, visitor_id, count):
    now = timezone.now()
    rows = [
        Feedback(project=project, user_id=visitor_id, title=f"Feedback {i}", category="feature", priority="low")
        for i in range(count)
    ]
    Feedback.objects.bulk_create(rows)
    for i, row in enumerate(rows):  # distinct, known creation times
        Feedback.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=count - i))
    return rows


# GET /feedback


def test_list_returns_own_feedback_newest_first_with_the_references_fields(client, project, visitor_id):
    rows = make_many(project, visitor_id, 3)
    response = client.get(LIST, **visitor(visitor_id))
    assert response.status_code == 200
    data = response.json()["data"]
    assert [item["id"] for item in data] == [str(row.pk) for row in reversed(rows)]
    assert set(data[0]) == {"id", "title", "category", "status", "priority", "created_at"}
    assert data[0]["created_at"].endswith("Z")
    assert (data[0]["category"], data[0]["status"], data[0]["priority"]) == ("feature", "new", "low")


def test_list_leaves_out_other_visitors_anonymous_and_other_projects_feedback(
    client, project, other_project, visitor_id, own
):
    submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Someone else's")
    submit_feedback(project=project, visitor_id=None, title="Anonymous")
    submit_feedback(project=other_project, visitor_id=uuid.UUID(visitor_id), title="Other project")
    data = client.get(LIST, **visitor(visitor_id)).json()["data"]
    assert [item["id"] for item in data] == [str(own.pk)]


def test_list_of_visitor_without_feedback_is_empty(client, project, visitor_id):
    assert client.get(LIST, **visitor(visitor_id)).json() == {"data": [], "error": None}


def test_list_without_visitor_header_is_401(client, project):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}


def test_list_with_malformed_visitor_header_is_400(client, project):
    response = client.get(LIST, HTTP_X_PULSE_USER_ID="123")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_list_of_unknown_project_is_404(client, db, visitor_id):
    response = client.get("/api/v1/projects/nope/feedback", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_list_works_with_trailing_slash(client, project, visitor_id, own):
    response = client.get(LIST + "/", **visitor(visitor_id))
    assert response.status_code == 200
    assert len(response.json()["data"]) == 1


@pytest.mark.parametrize("count", [1, 200])
def test_list_query_count_does_not_grow(client, project, visitor_id, django_assert_max_num_queries, count):
    make_many(project, visitor_id, count)
    client.get(LIST, **visitor(visitor_id))  # warm the project cache
    with django_assert_max_num_queries(1):
        response = client.get(LIST, **visitor(visitor_id))
    assert len(response.json()["data"]) == count


# GET /feedback/:id


def test_detail_returns_own_feedback_with_public_messages_oldest_first(client, project, visitor_id, own):
    first = add_team_message(feedback=own, message="Which browser?", is_public=True, sender_id="7")
    post_message(client, own, {"message": "Firefox 125"}, **visitor(visitor_id))
    response = client.get(detail_url(own), **visitor(visitor_id))
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["id"] == str(own.pk)
    assert (data["title"], data["category"], data["status"], data["priority"]) == ("Mine", "bug", "new", "medium")
    assert [m["message"] for m in data["messages"]] == ["Which browser?", "Firefox 125"]
    assert data["messages"][0] == {
        "id": str(first.pk),
        "feedback_id": str(own.pk),
        "message": "Which browser?",
        "sender_role": "team",
        "sender_id": None,  # who in the team answered stays internal
        "is_public": True,
        "created_at": data["messages"][0]["created_at"],
    }
    assert data["messages"][1]["sender_id"] == visitor_id


def test_detail_never_shows_internal_notes(client, project, visitor_id, own):
    add_team_message(feedback=own, message="Customer is grumpy, be nice", is_public=False, sender_id="7")
    add_team_message(feedback=own, message="Thanks, looking into it", is_public=True, sender_id="7")
    response = client.get(detail_url(own), **visitor(visitor_id))
    assert [m["message"] for m in response.json()["data"]["messages"]] == ["Thanks, looking into it"]
    assert b"grumpy" not in response.content


def test_list_never_shows_internal_notes(client, project, visitor_id, own):
    add_team_message(feedback=own, message="Customer is grumpy", is_public=False, sender_id="7")
    response = client.get(LIST, **visitor(visitor_id))
    assert response.status_code == 200
    assert b"grumpy" not in response.content


def test_detail_of_someone_elses_feedback_is_404(client, project, own):
    response = client.get(detail_url(own), **visitor(uuid.uuid4()))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_detail_of_anonymous_feedback_is_404(client, project, visitor_id):
    anonymous = submit_feedback(project=project, visitor_id=None, title="Anon")
    assert client.get(detail_url(anonymous), **visitor(visitor_id)).status_code == 404


def test_detail_of_unknown_id_is_404(client, project, visitor_id):
    response = client.get(f"{LIST}/{uuid.uuid4()}", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_detail_with_malformed_id_is_404(client, project, visitor_id):
    response = client.get(f"{LIST}/not-a-uuid", **visitor(visitor_id))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_detail_through_another_projects_slug_is_404(client, project, other_project, visitor_id, own):
    response = client.get(f"/api/v1/projects/other/feedback/{own.pk}", **visitor(visitor_id))
    assert response.status_code == 404


def test_detail_without_visitor_header_is_401(client, project, own):
    assert client.get(detail_url(own)).status_code == 401


@pytest.mark.parametrize("count", [1, 200])
def test_detail_query_count_does_not_grow(client, project, visitor_id, own, django_assert_max_num_queries, count):
    FeedbackMessage.objects.bulk_create(
        FeedbackMessage(feedback=own, message=f"m{i}", sender_role="team", sender_id="7", is_public=i % 2 == 0)
        for i in range(count)
    )
    client.get(LIST, **visitor(visitor_id))  # warm the project cache
    with django_assert_max_num_queries(2):
        response = client.get(detail_url(own), **visitor(visitor_id))
    assert len(response.json()["data"]["messages"]) == (count + 1) // 2


# POST /feedback/:id/messages


def test_author_message_is_201_with_the_references_message_object(client, project, visitor_id, own):
    response = post_message(client, own, {"message": "Here is additional context..."}, **visitor(visitor_id))
    assert response.status_code == 201
    data = response.json()["data"]
    message = FeedbackMessage.objects.get()
    assert data == {
        "id": str(message.pk),
        "feedback_id": str(own.pk),
        "message": "Here is additional context...",
        "sender_role": "user",
        "sender_id": visitor_id,
        "is_public": True,
        "created_at": data["created_at"],
    }
    assert data["created_at"].endswith("Z")
    assert (message.sender_role, message.sender_id, message.is_public) == ("user", visitor_id, True)


def test_author_message_ignores_role_and_visibility_in_body(client, project, visitor_id, own):
    body = {"message": "hi", "sender_role": "team", "is_public": False, "sender_id": "admin"}
    post_message(client, own, body, **visitor(visitor_id))
    message = FeedbackMessage.objects.get()
    assert (message.sender_role, message.is_public, message.sender_id) == ("user", True, visitor_id)


def test_author_message_marks_the_thread_active(client, project, visitor_id, own):
    before = Feedback.objects.get(pk=own.pk).updated_at
    post_message(client, own, {"message": "ping"}, **visitor(visitor_id))
    assert Feedback.objects.get(pk=own.pk).updated_at > before


# The reference's error table: 400, 401, 403, 404, 429.


def test_message_with_invalid_json_body_is_400(client, project, visitor_id, own):
    response = client.post(messages_url(own), "{oops", content_type="application/json", **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}
    assert not FeedbackMessage.objects.exists()


def test_missing_message_is_400(client, project, visitor_id, own):
    response = post_message(client, own, {}, **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "message: This field is required."}
    assert not FeedbackMessage.objects.exists()


def test_blank_message_is_400(client, project, visitor_id, own):
    response = post_message(client, own, {"message": " \n "}, **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "message: This field may not be blank."}
    assert not FeedbackMessage.objects.exists()


def test_message_over_10000_characters_is_400(client, project, visitor_id, own):
    response = post_message(client, own, {"message": "m" * 10_001}, **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json()["error"] == "message: Ensure this field has no more than 10000 characters."
    assert not FeedbackMessage.objects.exists()


def test_non_string_message_is_400(client, project, visitor_id, own):
    response = post_message(client, own, {"message": 5}, **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json()["error"] == "message: Must be a string."


def test_message_without_visitor_header_is_401(client, project, own):
    response = post_message(client, own, {"message": "hi"})
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}
    assert not FeedbackMessage.objects.exists()


def test_message_with_malformed_visitor_header_is_400(client, project, own):
    response = post_message(client, own, {"message": "hi"}, HTTP_X_PULSE_USER_ID="zzz")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_message_from_another_visitor_is_403(client, project, own):
    response = post_message(client, own, {"message": "hijack"}, **visitor(uuid.uuid4()))
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "Forbidden"}
    assert not FeedbackMessage.objects.exists()


def test_message_on_anonymous_feedback_is_403(client, project, visitor_id):
    anonymous = submit_feedback(project=project, visitor_id=None, title="Anon")
    response = post_message(client, anonymous, {"message": "mine now"}, **visitor(visitor_id))
    assert response.status_code == 403
    assert not FeedbackMessage.objects.exists()


def test_message_on_unknown_feedback_is_404(client, project, visitor_id):
    response = client.post(
        f"{LIST}/{uuid.uuid4()}/messages", {"message": "hi"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_message_on_malformed_feedback_id_is_404(client, project, visitor_id):
    response = client.post(
        f"{LIST}/123/messages", {"message": "hi"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_message_in_unknown_project_is_404(client, project, visitor_id, own):
    response = client.post(
        f"/api/v1/projects/nope/feedback/{own.pk}/messages",
        {"message": "hi"},
        content_type="application/json",
        **visitor(visitor_id),
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_message_through_another_projects_slug_is_404(client, project, other_project, visitor_id, own):
    response = client.post(
        f"/api/v1/projects/other/feedback/{own.pk}/messages",
        {"message": "hi"},
        content_type="application/json",
        **visitor(visitor_id),
    )
    assert response.status_code == 404
    assert not FeedbackMessage.objects.exists()


def test_eleventh_message_in_a_minute_is_429(client, project, visitor_id, own):
    statuses = [post_message(client, own, {"message": f"m{i}"}, **visitor(visitor_id)).status_code for i in range(11)]
    assert statuses == [201] * 10 + [429]
    assert FeedbackMessage.objects.count() == 10


def test_messages_and_submissions_share_the_feedback_group(client, project, visitor_id, own):
    for i in range(10):
        post_message(client, own, {"message": f"m{i}"}, **visitor(visitor_id))
    response = client.post(LIST, {"title": "new"}, content_type="application/json", **visitor(visitor_id))
    assert response.status_code == 429
