"""Admin API /api/v1/admin/feedback: success, scope 403, cross-project 404, validation 400."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback.models import Feedback, FeedbackMessage
from feedback.services import add_team_message, add_visitor_message, submit_feedback
from notifications.models import Notification
from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db
LIST = "/api/v1/admin/feedback"


def detail_url(feedback):
    return f"{LIST}/{feedback.pk}"


def messages_url(feedback):
    return f"{LIST}/{feedback.pk}/messages"


def patch(client, url, body, key):
    return client.patch(url, json.dumps(body), content_type="application/json", **bearer(key))


def post(client, url, body, key):
    return client.post(url, json.dumps(body), content_type="application/json", **bearer(key))


@pytest.fixture
def key(project, make_key):
    return make_key(project, "feedback:write")


@pytest.fixture
def read_key(project, make_key):
    return make_key(project, "feedback:read")


@pytest.fixture
def author():
    return uuid.uuid4()


@pytest.fixture
def feedback(project, author):
    return submit_feedback(
        project=project, visitor_id=author, title="Export is broken", category="bug", email="ana@example.com"
    )


@pytest.fixture
def foreign(other_project):
    return submit_feedback(project=other_project, visitor_id=uuid.uuid4(), title="Not yours")


def make(project, **fields):
    defaults = {"title": "t", "category": "general", "status": "new", "priority": "low"}
    return Feedback.objects.create(project=project, **{**defaults, **fields})


# List


def test_list_returns_results_newest_first_and_total_count(client, project, read_key):
    now = timezone.now()
    rows = [make(project, title=f"f{i}") for i in range(3)]
    for i, row in enumerate(rows):
        Feedback.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=10 - i))
    response = client.get(LIST, **bearer(read_key))
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["count"] == 3
    assert [item["title"] for item in data["results"]] == ["f2", "f1", "f0"]
    assert set(data["results"][0]) == {
        "id",
        "user_id",
        "title",
        "description",
        "category",
        "status",
        "priority",
        "email",
        "page_url",
        "browser_info",
        "message_count",
        "created_at",
        "updated_at",
    }


def test_list_counts_messages_including_notes(client, project, read_key, feedback):
    add_team_message(feedback=feedback, message="note", is_public=False, sender_id="x")
    add_team_message(feedback=feedback, message="reply", is_public=True, sender_id="x")
    assert client.get(LIST, **bearer(read_key)).json()["data"]["results"][0]["message_count"] == 2


@pytest.mark.parametrize(
    "query,expected",
    [
        ("status=done", {"done-bug"}),
        ("category=bug", {"done-bug", "new-bug"}),
        ("priority=urgent", {"new-feature"}),
        ("status=new&category=bug", {"new-bug"}),
        ("q=SAFARI", {"new-bug"}),
        ("q=carol@", {"new-feature"}),
        ("q=in+the+description", {"done-bug"}),
    ],
)
def test_list_filters(client, project, read_key, query, expected):
    make(project, title="done-bug", status="done", category="bug", description="found in the description")
    make(project, title="new-bug", category="bug", description="Crashes on Safari")
    make(project, title="new-feature", category="feature", priority="urgent", email="carol@example.com")
    data = client.get(f"{LIST}?{query}", **bearer(read_key)).json()["data"]
    assert {item["title"] for item in data["results"]} == expected
    assert data["count"] == len(expected)


def test_list_treats_empty_filters_as_no_filter(client, project, read_key, feedback):
    data = client.get(f"{LIST}?status=&category=&priority=&q=", **bearer(read_key)).json()["data"]
    assert [item["id"] for item in data["results"]] == [str(feedback.pk)]


def test_list_paginates_with_limit_and_offset(client, project, read_key):
    now = timezone.now()
    for i in range(5):
        row = make(project, title=f"f{i}")
        Feedback.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=i))
    data = client.get(f"{LIST}?limit=2&offset=1", **bearer(read_key)).json()["data"]
    assert [item["title"] for item in data["results"]] == ["f1", "f2"]
    assert data["count"] == 5


def test_list_leaves_out_other_projects(client, project, read_key, feedback, foreign):
    data = client.get(LIST, **bearer(read_key)).json()["data"]
    assert [item["id"] for item in data["results"]] == [str(feedback.pk)]
    assert data["count"] == 1


@pytest.mark.parametrize(
    "query,message",
    [
        ("status=shipped", 'status: "shipped" is not a valid choice.'),
        ("category=idea", 'category: "idea" is not a valid choice.'),
        ("priority=asap", 'priority: "asap" is not a valid choice.'),
        ("limit=0", "limit: Ensure this value is greater than or equal to 1."),
        ("limit=101", "limit: Ensure this value is less than or equal to 100."),
        ("limit=ten", "limit: A valid integer is required."),
        ("offset=-1", "offset: Ensure this value is greater than or equal to 0."),
        ("q=" + "x" * 201, "q: Ensure this field has no more than 200 characters."),
    ],
)
def test_list_with_bad_parameter_is_400(client, project, read_key, query, message):
    response = client.get(f"{LIST}?{query}", **bearer(read_key))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": message}


def test_list_with_nul_in_search_is_400(client, project, read_key):
    response = client.get(f"{LIST}?q=a%00b", **bearer(read_key))
    assert response.status_code == 400
    assert response.json()["error"].startswith("q: ")


def test_list_without_feedback_scope_is_403(client, project, make_key):
    response = client.get(LIST, **bearer(make_key(project, "changelog:read")))
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the feedback:read scope"}


def test_list_without_key_is_401(client, project):
    response = client.get(LIST)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "Invalid or missing API key"}


@pytest.mark.parametrize("count", [1, 200])
def test_list_query_count_does_not_grow(client, project, read_key, django_assert_max_num_queries, count):
    Feedback.objects.bulk_create(
        Feedback(project=project, title=f"f{i}", category="bug", priority="medium") for i in range(count)
    )
    client.get(LIST, **bearer(read_key))  # last_used_at is written on the first use only
    with django_assert_max_num_queries(3):
        response = client.get(LIST, **bearer(read_key))
    assert response.json()["data"]["count"] == count


# Retrieve


def test_retrieve_returns_every_message_including_notes_oldest_first(client, project, read_key, feedback, author):
    add_visitor_message(feedback=feedback, visitor_id=author, message="more context")
    add_team_message(feedback=feedback, message="internal: dup of #3", is_public=False, sender_id="key:plsk_x")
    add_team_message(feedback=feedback, message="thanks!", is_public=True, sender_id="key:plsk_x")
    response = client.get(detail_url(feedback), **bearer(read_key))
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["id"], data["title"], data["email"], data["user_id"]) == (
        str(feedback.pk),
        "Export is broken",
        "ana@example.com",
        str(author),
    )
    assert [(m["message"], m["sender_role"], m["is_public"]) for m in data["messages"]] == [
        ("more context", "user", True),
        ("internal: dup of #3", "team", False),
        ("thanks!", "team", True),
    ]
    assert data["messages"][1]["sender_id"] == "key:plsk_x"
    assert data["message_count"] == 3


def test_retrieve_without_feedback_scope_is_403(client, project, make_key, feedback):
    response = client.get(detail_url(feedback), **bearer(make_key(project, "roadmap:write")))
    assert response.status_code == 403


def test_retrieve_other_projects_feedback_is_404(client, project, read_key, foreign):
    response = client.get(detail_url(foreign), **bearer(read_key))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Feedback not found"}


def test_retrieve_malformed_id_is_404(client, project, read_key):
    assert client.get(f"{LIST}/nope", **bearer(read_key)).status_code == 404


@pytest.mark.parametrize("count", [1, 200])
def test_retrieve_query_count_does_not_grow(client, project, read_key, feedback, django_assert_max_num_queries, count):
    FeedbackMessage.objects.bulk_create(
        FeedbackMessage(feedback=feedback, message=f"m{i}", sender_role="team", sender_id="x") for i in range(count)
    )
    client.get(LIST, **bearer(read_key))
    with django_assert_max_num_queries(3):
        response = client.get(detail_url(feedback), **bearer(read_key))
    assert len(response.json()["data"]["messages"]) == count


# Partial update


def test_status_change_is_saved_and_notifies_the_author(client, project, key, feedback, author):
    response = patch(client, detail_url(feedback), {"status": "planned"}, key)
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "planned"
    assert Feedback.objects.get(pk=feedback.pk).status == "planned"
    notification = Notification.objects.get()
    assert (notification.user_id, notification.type) == (author, "feedback")


def test_priority_change_is_saved_without_notification(client, project, key, feedback):
    response = patch(client, detail_url(feedback), {"priority": "urgent"}, key)
    assert response.status_code == 200
    assert response.json()["data"]["priority"] == "urgent"
    assert Feedback.objects.get(pk=feedback.pk).priority == "urgent"
    assert not Notification.objects.exists()


def test_update_ignores_other_fields(client, project, key, feedback):
    body = {"title": "Rewritten", "category": "feature", "user_id": str(uuid.uuid4()), "id": str(uuid.uuid4())}
    response = patch(client, detail_url(feedback), {**body, "status": "done"}, key)
    assert response.status_code == 200
    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.title, stored.category, stored.user_id, stored.status) == (
        "Export is broken",
        "bug",
        feedback.user_id,
        "done",
    )


@pytest.mark.parametrize(
    "body,message",
    [
        ({"status": "shipped"}, 'status: "shipped" is not a valid choice.'),
        ({"priority": "asap"}, 'priority: "asap" is not a valid choice.'),
        ({"status": None}, "status: This field may not be null."),
    ],
)
def test_update_with_invalid_value_is_400(client, project, key, feedback, body, message):
    response = patch(client, detail_url(feedback), body, key)
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": message}
    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.status, stored.priority) == ("new", "medium")
    assert not Notification.objects.exists()


def test_update_with_read_key_is_403(client, project, read_key, feedback):
    response = patch(client, detail_url(feedback), {"status": "done"}, read_key)
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the feedback:write scope"}
    assert Feedback.objects.get(pk=feedback.pk).status == "new"


def test_update_other_projects_feedback_is_404(client, project, key, foreign):
    response = patch(client, detail_url(foreign), {"status": "done"}, key)
    assert response.status_code == 404
    assert Feedback.objects.get(pk=foreign.pk).status == "new"


def test_put_is_405(client, project, key, feedback):
    response = client.put(detail_url(feedback), "{}", content_type="application/json", **bearer(key))
    assert response.status_code == 405


# Team messages


def test_public_team_reply_is_201_and_notifies_the_author(client, project, key, feedback, author):
    response = post(client, messages_url(feedback), {"message": "Fixed in 2.3"}, key)
    assert response.status_code == 201
    data = response.json()["data"]
    message = FeedbackMessage.objects.get()
    assert data == {
        "id": str(message.pk),
        "feedback_id": str(feedback.pk),
        "message": "Fixed in 2.3",
        "sender_role": "team",
        "sender_id": f"key:{key[:13]}",
        "is_public": True,
        "created_at": data["created_at"],
    }
    assert Notification.objects.get().user_id == author


def test_internal_note_is_201_without_notification_and_never_reaches_the_visitor(
    client, project, key, feedback, author
):
    response = post(client, messages_url(feedback), {"message": "Secret triage note", "is_public": False}, key)
    assert response.status_code == 201
    assert response.json()["data"]["is_public"] is False
    assert not Notification.objects.exists()
    public = client.get(f"/api/v1/projects/acme/feedback/{feedback.pk}", **visitor(author))
    assert public.status_code == 200
    assert public.json()["data"]["messages"] == []
    assert b"Secret triage note" not in public.content


@pytest.mark.parametrize(
    "body,message",
    [
        ({}, "message: This field is required."),
        ({"message": "  "}, "message: This field may not be blank."),
        ({"message": "m" * 10_001}, "message: Ensure this field has no more than 10000 characters."),
        ({"message": "hi", "is_public": "no"}, "is_public: Must be true or false."),
        ({"message": "hi", "is_public": 0}, "is_public: Must be true or false."),
    ],
)
def test_team_message_with_invalid_body_is_400(client, project, key, feedback, body, message):
    response = post(client, messages_url(feedback), body, key)
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": message}
    assert not FeedbackMessage.objects.exists()


def test_team_message_with_read_key_is_403(client, project, read_key, feedback):
    response = post(client, messages_url(feedback), {"message": "hi"}, read_key)
    assert response.status_code == 403
    assert not FeedbackMessage.objects.exists()


def test_team_message_on_other_projects_feedback_is_404(client, project, key, foreign):
    response = post(client, messages_url(foreign), {"message": "hi"}, key)
    assert response.status_code == 404
    assert not FeedbackMessage.objects.exists()


def test_global_write_scope_works_too(client, project, make_key, feedback):
    response = post(client, messages_url(feedback), {"message": "hi"}, make_key(project, "write"))
    assert response.status_code == 201


# The scripted flow of the issue: a team reply reaches the visitor's notifications.


def test_team_reply_through_admin_api_is_seen_by_the_visitor(client, project, key, visitor_id):
    created = client.post(
        "/api/v1/projects/acme/feedback",
        {"title": "Dark mode?", "category": "feature"},
        content_type="application/json",
        **visitor(visitor_id),
    )
    feedback_id = created.json()["data"]["id"]
    reply = post(client, f"{LIST}/{feedback_id}/messages", {"message": "Planned for June"}, key)
    assert reply.status_code == 201
    assert patch(client, f"{LIST}/{feedback_id}", {"status": "planned"}, key).status_code == 200
    thread = client.get(f"/api/v1/projects/acme/feedback/{feedback_id}", **visitor(visitor_id)).json()["data"]
    assert thread["status"] == "planned"
    assert [m["message"] for m in thread["messages"]] == ["Planned for June"]
    notified = Notification.objects.filter(user_id=visitor_id).order_by("created_at")
    assert [n.metadata["event"] for n in notified] == ["reply", "status"]
