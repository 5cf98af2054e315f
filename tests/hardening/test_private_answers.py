"""Issue 16: no shared cache ever keeps one visitor's data (`PulseAPIMixin.finish`)."""

import pytest

from changelog.services import create_entry

PER_VISITOR_GETS = [
    "changelog/unseen",
    "notifications",
    "feedback",
    "announcements",
    "changelog/unseen?x=1",  # through DRF rather than the early path
    "announcements?x=1",
    "roadmap",  # each entry carries the visitor's own vote (user_vote)
    "roadmap?x=1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PER_VISITOR_GETS)
def test_every_answer_for_a_visitor_is_private_and_not_stored(client, project, visitor_id, path):
    create_entry(project=project, title="Shipped", version="1.0")
    response = client.get(f"/api/v1/projects/acme/{path}", HTTP_X_PULSE_USER_ID=visitor_id)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "private, no-store"


SHARED_LISTS = [("changelog", True), ("changelog", False), ("roadmap", False), ("announcements", False)]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "with_visitor"), SHARED_LISTS)
def test_shared_lists_stay_publicly_cacheable_and_vary_on_the_visitor(client, project, visitor_id, path, with_visitor):
    """Lists that are the same for everyone: the changelog always, the roadmap and the
    announcements when no visitor id is sent."""
    headers = {"HTTP_X_PULSE_USER_ID": visitor_id} if with_visitor else {}
    response = client.get(f"/api/v1/projects/acme/{path}", **headers)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "x-pulse-user-id" in response["Vary"]
