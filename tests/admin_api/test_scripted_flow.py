"""A customer's server runs Pulse through the Admin API alone, end to end."""

import pytest

from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db


def test_markdown_draft_published_then_feedback_reply_reaches_the_visitor(client, project, make_key, visitor_id):
    key = bearer(make_key(project, "write"))

    # A draft written in Markdown is not public yet.
    response = client.post(
        "/api/v1/admin/changelog",
        {"title": "Dark mode", "version": "2.0.0", "content_markdown": "**Dark** mode <script>alert(1)</script>"},
        content_type="application/json",
        **key,
    )
    assert response.status_code == 201, response.json()
    entry = response.json()["data"]
    assert entry["status"] == "draft"
    assert client.get("/api/v1/projects/acme/changelog").json()["data"] == []

    # Published, it is on the public changelog, rendered and sanitised.
    response = client.post(f"/api/v1/admin/changelog/{entry['id']}/publish", content_type="application/json", **key)
    assert response.status_code == 200
    public = client.get("/api/v1/projects/acme/changelog").json()["data"]
    assert [item["title"] for item in public] == ["Dark mode"]
    assert "<strong>Dark</strong>" in public[0]["content"]
    assert "<script" not in public[0]["content"]

    # A visitor's feedback gets a public team reply; the visitor is notified.
    response = client.post(
        "/api/v1/projects/acme/feedback",
        {"title": "Dark mode flickers", "category": "bug"},
        content_type="application/json",
        **visitor(visitor_id),
    )
    feedback_id = response.json()["data"]["id"]
    response = client.post(
        f"/api/v1/admin/feedback/{feedback_id}/messages",
        {"message": "Fixed in 2.0.1, thanks!", "is_public": True},
        content_type="application/json",
        **key,
    )
    assert response.status_code == 201, response.json()

    notifications = client.get("/api/v1/projects/acme/notifications", **visitor(visitor_id)).json()["data"]
    assert notifications["unreadCount"] == 1
    assert notifications["notifications"][0]["type"] == "feedback"
    thread = client.get(f"/api/v1/projects/acme/feedback/{feedback_id}", **visitor(visitor_id)).json()["data"]
    assert [message["message"] for message in thread["messages"]] == ["Fixed in 2.0.1, thanks!"]
