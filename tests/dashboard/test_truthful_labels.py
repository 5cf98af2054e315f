"""The board says the truth (issue 18, item 2): every dashboard page that lists content labels
each item with what the public sees, for published, scheduled and unpublished content alike.

One table: (page, how to make an item in a given state, the label the page must show)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement
from changelog.services import create_entry
from roadmap.services import create_roadmap_entry

pytestmark = pytest.mark.django_db


def past():
    return timezone.now() - timedelta(days=1)


def future():
    return timezone.now() + timedelta(days=3)


def changelog(project, state):
    published_at = {"published": past(), "scheduled": future(), "draft": None}[state]
    return create_entry(project=project, title="Subject", published_at=published_at)


def roadmap(project, state):
    published_at = {"public": past(), "scheduled": future(), "draft": None}[state]
    return create_roadmap_entry(project=project, feature_name="Subject", published_at=published_at)


def announcement(project, state):
    window = {"live": (None, None), "scheduled": (future(), None), "expired": (None, past())}.get(state, (None, None))
    return Announcement.objects.create(project=project, title="Subject", message="m",
                                       is_active=state != "off", starts_at=window[0], ends_at=window[1])  # fmt: skip


def item_html(html, url):
    """The table row or board card holding the item titled "Subject"."""
    tag = "li" if "roadmap" in url else "tr"
    (item,) = [part for part in re.split(rf"<{tag}[ >]", html) if "Subject" in part]
    return item.split(f"</{tag}>")[0]


CASES = [
    # (page URL, maker, state, the label the item must carry)
    ("/p/acme/changelog/", changelog, "published", '<span class="status status-published">published</span>'),
    ("/p/acme/changelog/", changelog, "scheduled", '<span class="status status-scheduled">scheduled</span>'),
    ("/p/acme/changelog/", changelog, "draft", '<span class="status status-draft">draft</span>'),
    ("/p/acme/roadmap/", roadmap, "public", '<span class="visibility visibility-public">public</span>'),
    ("/p/acme/roadmap/", roadmap, "scheduled", '<span class="visibility visibility-scheduled">scheduled '),
    ("/p/acme/roadmap/", roadmap, "draft", '<span class="visibility visibility-draft">draft</span>'),
    ("/p/acme/announcements/", announcement, "live", '<span class="status status-live">live</span>'),
    ("/p/acme/announcements/", announcement, "scheduled", '<span class="status status-scheduled">scheduled</span>'),
    ("/p/acme/announcements/", announcement, "expired", '<span class="status status-expired">expired</span>'),
    ("/p/acme/announcements/", announcement, "off", '<span class="status status-off">off</span>'),
]
STATES_BY_URL = {url: {case[2] for case in CASES if case[0] == url} for url, *_ in CASES}


@pytest.mark.parametrize(("url", "make", "state", "label"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_each_listed_item_is_labelled_with_its_public_state(login, team, project, url, make, state, label):
    make(project, state)
    item = item_html(login(team["member"]).get(url).content.decode(), url)
    assert label in item
    for other in STATES_BY_URL[url] - {state}:
        assert f'-{other}">' not in item


@pytest.mark.parametrize("state", ["public", "scheduled", "draft"])
def test_a_roadmap_card_says_exactly_one_visibility(login, team, project, state):
    entry = roadmap(project, state)
    html = login(team["member"]).get("/p/acme/roadmap/").content.decode()
    card = html.split(f'id="entry-{entry.pk}"')[1].split("</li>")[0]
    labels = re.findall(r'class="visibility visibility-(\w+)"', card)
    assert labels == [state]


@pytest.mark.parametrize(("status", "closed"), [("planned", False), ("in_progress", False), ("completed", True),
                                                ("cancelled", True)])  # fmt: skip
def test_the_board_says_when_visitors_can_no_longer_vote(login, team, project, status, closed):
    entry = create_roadmap_entry(project=project, feature_name="X", feature_status=status, published_at=past())
    html = login(team["member"]).get("/p/acme/roadmap/").content.decode()
    card = html.split(f'id="entry-{entry.pk}"')[1].split("</li>")[0]
    assert ("voting closed" in card) is closed


def test_the_changelog_editor_badge_follows_the_state(login, team, project):
    client = login(team["member"])
    for state in ("published", "scheduled", "draft"):
        entry = changelog(project, state)
        badge = re.search(
            r'<span class="status status-(\w+)">', client.get(f"/p/acme/changelog/{entry.pk}/").content.decode()
        )
        assert badge.group(1) == state
