"""GET /api/v1/projects/:slug/announcements: live banners, priority first, minus dismissed."""

import uuid

import pytest

from announcements.models import AnnouncementDismissal
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/announcements"


def titles(response):
    return [item["title"] for item in response.json()["data"]]


def test_lists_active_announcement_with_the_seeds_fields(client, make_announcement, past, future):
    announcement = make_announcement(
        type="warning", banner_color="#d97706", priority=10, starts_at=past, ends_at=future
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": str(announcement.id),
                "title": "Scheduled maintenance",
                "message": "We will be performing maintenance on March 20th.",
                "type": "warning",
                "banner_color": "#d97706",
                "is_dismissible": True,
                "priority": 10,
                "starts_at": past.isoformat().replace("+00:00", "Z"),
                "ends_at": future.isoformat().replace("+00:00", "Z"),
            }
        ],
        "error": None,
    }


def test_orders_by_priority_descending(client, make_announcement):
    make_announcement(title="low", priority=1)
    make_announcement(title="high", priority=50)
    make_announcement(title="middle", priority=10)
    assert titles(client.get(URL)) == ["high", "middle", "low"]


def test_without_time_window_is_listed(client, make_announcement):
    make_announcement(title="always")
    assert titles(client.get(URL)) == ["always"]


def test_inactive_announcement_is_left_out(client, make_announcement):
    make_announcement(title="off", is_active=False)
    assert titles(client.get(URL)) == []


def test_announcement_that_has_not_started_is_left_out(client, make_announcement, future):
    make_announcement(title="later", starts_at=future)
    assert titles(client.get(URL)) == []


def test_announcement_that_has_ended_is_left_out(client, make_announcement, past):
    make_announcement(title="over", ends_at=past)
    assert titles(client.get(URL)) == []


def test_started_announcement_without_end_is_listed(client, make_announcement, past):
    make_announcement(title="open-ended", starts_at=past)
    assert titles(client.get(URL)) == ["open-ended"]


def test_other_projects_announcements_are_left_out(client, make_announcement, other_project):
    make_announcement(title="theirs", project=other_project)
    assert titles(client.get(URL)) == []


def test_visitors_dismissed_announcement_is_left_out(client, make_announcement, visitor_id):
    dismissed = make_announcement(title="dismissed")
    make_announcement(title="kept")
    AnnouncementDismissal.objects.create(announcement=dismissed, visitor_id=visitor_id)
    assert titles(client.get(URL, **visitor(visitor_id))) == ["kept"]


def test_another_visitors_dismissal_does_not_hide_it(client, make_announcement, visitor_id):
    announcement = make_announcement(title="shown")
    AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=uuid.uuid4())
    assert titles(client.get(URL, **visitor(visitor_id))) == ["shown"]


def test_without_visitor_header_dismissed_ones_are_listed(client, make_announcement, visitor_id):
    announcement = make_announcement(title="shown")
    AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)
    assert titles(client.get(URL)) == ["shown"]


def test_malformed_visitor_header_is_400(client, make_announcement):
    make_announcement()
    response = client.get(URL, **visitor("not-a-uuid"))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_unknown_project_is_404(client, make_announcement):
    make_announcement()
    response = client.get("/api/v1/projects/nope/announcements")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_rate_limit_is_429(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(URL).json() == {"data": None, "error": "Rate limit exceeded"}


def test_trailing_slash_works_too(client, make_announcement):
    make_announcement(title="slash")
    response = client.get(URL + "/")
    assert response.status_code == 200
    assert titles(response) == ["slash"]


@pytest.mark.parametrize("rows", [1, 200])
def test_query_count_does_not_grow_with_rows(
    client, make_announcement, visitor_id, rows, django_assert_max_num_queries
):
    for index in range(rows):
        announcement = make_announcement(title=f"a{index}", priority=index)
        if index % 2:
            AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)
    client.get(URL)  # warm the project cache, as in production
    with django_assert_max_num_queries(1):
        response = client.get(URL, **visitor(visitor_id))
    assert len(response.json()["data"]) == (rows + 1) // 2
