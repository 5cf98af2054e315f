"""A project opens on what matters (issue 18, item 6): the overview page with its figures,
each linking to its page, in a constant number of queries; the favicon; the member's time zone."""

import re
import uuid
from datetime import timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from analytics.services import ingest_events
from announcements.models import Announcement
from changelog.services import create_entry, mark_viewed
from feedback.services import change_feedback, submit_feedback
from projects.models import UserSettings
from roadmap.services import create_roadmap_entry, toggle_vote

pytestmark = pytest.mark.django_db
PAST = timezone.now() - timedelta(days=2)


def fill(project, size):
    """`size` of everything the overview reads."""
    visitors = [uuid.uuid4() for _ in range(size * 2)]
    older = create_entry(project=project, title="Older", published_at=PAST - timedelta(days=1))
    latest = create_entry(project=project, title="Latest news", published_at=PAST)
    create_entry(project=project, title="Draft not counted")
    for visitor in visitors:
        mark_viewed(entry=older, visitor_id=visitor)
    for visitor in visitors[:size]:
        mark_viewed(entry=latest, visitor_id=visitor)
    for n in range(size + 5):
        item = create_roadmap_entry(project=project, feature_name=f"Item {n}", published_at=PAST)
        for _ in range(n):
            toggle_vote(entry_id=item.pk, project_id=project.pk, visitor_id=uuid.uuid4(), vote_type="up")
    for n in range(size):
        submit_feedback(project=project, visitor_id=None, title=f"New {n}", description="d", category="bug")
    triaged = submit_feedback(project=project, visitor_id=None, title="Triaged", description="d", category="bug")
    change_feedback(feedback=triaged, status="planned")
    for n in range(size):
        Announcement.objects.create(project=project, title=f"Banner {n}", message="m")
    Announcement.objects.create(project=project, title="Switched off", message="m", is_active=False)
    ingest_events(project=project, events=[{"name": "click"} for _ in range(size)])


def test_the_overview_shows_each_figure_linking_to_its_page(login, team, project):
    fill(project, 3)
    html = login(team["member"]).get("/p/acme/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    # 3 of the 6 changelog visitors saw the latest entry: 50% have not.
    assert "50% have not seen “Latest news” (3 of 6 changelog visitors saw it)" in text
    assert "3 new feedback awaiting triage" in text and "Triaged" not in text
    assert "3 live banners" in text and "Switched off" not in text
    assert "3 events today" in text
    top = re.findall(r"Item (\d+)</a> <span class=\"votes\">\+(\d+)", html)
    assert top == [("7", "7"), ("6", "6"), ("5", "5"), ("4", "4"), ("3", "3")]
    for url in ("/p/acme/changelog/", "/p/acme/feedback/?status=new", "/p/acme/announcements/",
                "/p/acme/analytics/", "/p/acme/roadmap/"):  # fmt: skip
        assert f'href="{url}"' in html


def test_the_overview_of_an_empty_project_says_so(login, team, project):
    text = login(team["member"]).get("/p/acme/").content.decode()
    assert "no published changelog entry yet" in text and "Nothing awaits triage." in text
    assert "No banner is live." in text and "No public roadmap items yet." in text


def test_a_project_opens_on_its_overview_with_the_nav_marking_it(login, team, project):
    html = login(team["member"]).get("/p/acme/").content.decode()
    assert '<a href="/p/acme/" aria-current="page">Overview</a>' in html
    other = login(team["member"]).get("/p/acme/roadmap/").content.decode()
    assert '<a href="/p/acme/">Overview</a>' in other


@pytest.mark.parametrize("size", [1, 12])
def test_the_overview_makes_the_same_queries_whatever_the_data(login, team, project, size, django_assert_num_queries):
    fill(project, size)
    client = login(team["member"])
    # session, user, membership + project, then the overview's seven.
    with django_assert_num_queries(10):
        assert client.get("/p/acme/").status_code == 200


def test_every_page_names_the_favicon_and_favicon_ico_answers(client):
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/login/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_times_show_in_the_members_time_zone(client, team, project):
    from tests.dashboard.conftest import PASSWORD

    item = submit_feedback(project=project, visitor_id=None, title="F", description="d", category="bug")
    when = timezone.now().replace(month=1, day=15, hour=12, minute=0, second=0, microsecond=0)
    type(item).objects.filter(pk=item.pk).update(created_at=when)
    UserSettings.objects.create(user=team["member"], time_zone="Asia/Tokyo")
    assert client.login(username="member", password=PASSWORD)
    html = client.get(f"/p/acme/feedback/{item.pk}/").content.decode()
    assert f"received Jan 15, {when.year} 21:00 JST" in html


def test_the_account_page_sets_the_zone_for_the_next_pages(login, team, project):
    client = login(team["member"])
    response = client.post("/account/", {"time_zone": "America/New_York"})
    assert response.status_code == 302
    assert UserSettings.objects.get(user=team["member"]).time_zone == "America/New_York"
    html = client.get("/p/acme/changelog/new/").content.decode()
    assert "Schedule for (America/New_York)" in html


def test_a_schedule_is_read_in_the_members_zone(login, team, project):
    client = login(team["member"])
    client.post("/account/", {"time_zone": "Europe/Paris"})
    year = timezone.now().year + 1
    client.post("/p/acme/changelog/new/", {"title": "T", "type": "feature", "action": "schedule",
                                            "publish_at": f"{year}-07-01T10:00"})  # fmt: skip
    from changelog.models import ChangelogEntry

    published_at = ChangelogEntry.objects.get().published_at
    assert (published_at.astimezone(dt_timezone.utc).hour, published_at.month) == (8, 7)  # CEST = UTC+2
