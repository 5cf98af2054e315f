"""GET /api/v1/projects/:slug/announcements: live banners, priority first, minus dismissed."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement, AnnouncementDismissal
from announcements.selectors import next_window_change
from tests.helpers import bearer, visitor

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


# The list without a visitor is the same for everyone: cached, with ETag and 304.


def test_anonymous_list_is_served_from_cache_without_queries(client, make_announcement, django_assert_num_queries):
    make_announcement(title="cached")
    client.get(URL)
    with django_assert_num_queries(0):
        response = client.get(URL)
    assert titles(response) == ["cached"]
    assert response["Vary"].lower().count("x-pulse-user-id") == 1


def test_anonymous_list_answers_if_none_match_with_304(client, make_announcement):
    make_announcement()
    etag = client.get(URL)["ETag"]
    response = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_saving_an_announcement_refreshes_the_cached_list(client, make_announcement):
    announcement = make_announcement(title="before")
    client.get(URL)
    announcement.title = "after"
    announcement.save()
    make_announcement(title="new", priority=-1)
    assert titles(client.get(URL)) == ["after", "new"]


def test_deleting_an_announcement_refreshes_the_cached_list(client, make_announcement):
    announcement = make_announcement(title="gone soon")
    client.get(URL)
    announcement.delete()
    assert titles(client.get(URL)) == []


def test_list_is_not_cached_past_the_next_window_edge(client, make_announcement):
    soon = make_announcement(title="starts in a moment", starts_at=timezone.now() + timedelta(seconds=1))
    client.get(URL)  # under a second before it starts: built, not cached
    # Time passes (an update() sends no signal, so only the expiry can bring it in).
    Announcement.objects.filter(pk=soon.pk).update(starts_at=timezone.now() - timedelta(seconds=1))
    assert titles(client.get(URL)) == ["starts in a moment"]


def test_list_stays_cached_while_no_window_edge_is_near(client, make_announcement, django_assert_num_queries):
    make_announcement(title="ends in an hour", ends_at=timezone.now() + timedelta(hours=1))
    client.get(URL)
    with django_assert_num_queries(0):
        assert titles(client.get(URL)) == ["ends in an hour"]


def test_visitor_list_is_not_taken_from_the_anonymous_cache(client, make_announcement, visitor_id):
    announcement = make_announcement(title="dismissed by the visitor")
    client.get(URL)
    AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)
    response = client.get(URL, **visitor(visitor_id))
    assert titles(response) == []
    assert "x-pulse-user-id" in response["Vary"].lower()


def test_admin_api_update_refreshes_the_cached_list(client, make_announcement, project, make_key):
    announcement = make_announcement(title="old title")
    client.get(URL)
    client.patch(
        f"/api/v1/admin/announcements/{announcement.id}",
        data={"title": "new title"},
        content_type="application/json",
        **bearer(make_key(project, "announcements:write")),
    )
    assert titles(client.get(URL)) == ["new title"]


def test_next_window_change_is_the_earliest_future_edge_of_active_ones(make_announcement, other_project):
    now = timezone.now()
    make_announcement(starts_at=now - timedelta(days=1), ends_at=now + timedelta(hours=5))
    make_announcement(starts_at=now + timedelta(hours=3))
    make_announcement(starts_at=now + timedelta(hours=1), is_active=False)
    make_announcement(starts_at=now + timedelta(minutes=5), project=other_project)
    assert next_window_change(project_id=make_announcement().project_id, now=now) == now + timedelta(hours=3)


def test_next_window_change_is_none_without_future_edges(make_announcement):
    now = timezone.now()
    announcement = make_announcement(starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1))
    assert next_window_change(project_id=announcement.project_id, now=now) is None


def test_visitors_list_is_answered_before_the_view_with_the_views_response(
    client, make_announcement, visitor_id, monkeypatch
):
    from announcements.api import AnnouncementViewSet

    make_announcement(title="Kept")
    dismissed = make_announcement(title="Dismissed")
    client.post(f"{URL}/{dismissed.id}/dismiss", **visitor(visitor_id))
    from_view = client.get(URL + "?from=view", **visitor(visitor_id))
    calls = []
    original = AnnouncementViewSet.list
    monkeypatch.setattr(AnnouncementViewSet, "list", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    early = client.get(URL, **visitor(visitor_id))
    assert calls == []
    assert [row["title"] for row in early.json()["data"]] == ["Kept"]
    assert early.content == from_view.content
    ignored = {"Date", "RateLimit"}
    assert {k: v for k, v in early.items() if k not in ignored} == {
        k: v for k, v in from_view.items() if k not in ignored
    }
    assert "x-pulse-user-id" in early["Vary"]


def test_dismissing_hides_the_announcement_from_the_visitors_next_list_at_once(client, make_announcement, visitor_id):
    announcement = make_announcement()
    assert len(client.get(URL, **visitor(visitor_id)).json()["data"]) == 1
    client.post(f"{URL}/{announcement.id}/dismiss", **visitor(visitor_id))
    assert client.get(URL, **visitor(visitor_id)).json()["data"] == []
