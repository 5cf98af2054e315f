"""RSS 2.0 feed of the published changelog at /api/v1/projects/:slug/changelog.rss."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
FEED = "/api/v1/projects/acme/changelog.rss"


def items(response):
    return ET.fromstring(response.content).findall("./channel/item")


def test_feed_is_rss_2_with_the_project_title(client, make_entry):
    make_entry(title="Dark mode")
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    assert root.findtext("./channel/title") == "Acme App changelog"


def test_feed_lists_published_entries_newest_first(client, make_entry):
    make_entry(days_ago=5, title="older", version="1.0.0")
    make_entry(days_ago=1, title="newer", version="1.1.0")
    assert [item.findtext("title") for item in items(client.get(FEED))] == ["1.1.0 newer", "1.0.0 older"]


def test_feed_leaves_out_drafts_scheduled_and_other_projects(client, make_entry, other_project):
    make_entry(days_ago=None, title="draft")
    make_entry(days_ago=-1, title="scheduled")
    make_entry(title="theirs", entry_project=other_project)
    make_entry(title="live")
    assert [item.findtext("title") for item in items(client.get(FEED))] == ["live"]


def test_feed_item_carries_guid_date_category_and_html_description(client, make_entry):
    entry = make_entry(title="T", type="fix", category="api", content="<p>Fixed <strong>it</strong></p>")
    (item,) = items(client.get(FEED))
    assert item.findtext("guid") == f"urn:uuid:{entry.id}"
    assert item.findtext("description") == "<p>Fixed <strong>it</strong></p>"
    assert [c.text for c in item.findall("category")] == ["Bug fix", "api"]
    assert item.findtext("pubDate")
    assert item.findtext("link") == f"http://testserver/portal/acme/changelog/{entry.id}/t/"


def test_feed_never_carries_hostile_html(client, hostile_entry):
    _, marker = hostile_entry
    response = client.get(FEED)
    assert marker not in items(response)[0].findtext("description")
    assert marker not in response.content.decode()
    assert "<p>safe</p>" in items(response)[0].findtext("description")


def test_feed_of_unknown_project_is_404_json(client, db):
    response = client.get("/api/v1/projects/nope/changelog.rss")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_feed_refuses_post_with_405_json(client, project):
    response = client.post(FEED)
    assert response.status_code == 405
    assert response.json() == {"data": None, "error": 'Method "POST" not allowed.'}


def test_feed_over_rate_limit_is_429_json(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (1, 60)}
    assert client.get(FEED).status_code == 200
    response = client.get(FEED)
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert "Retry-After" in response


@pytest.mark.parametrize("rows", [1, 200])
def test_feed_query_count_does_not_grow_with_rows(client, project, bulk_published, rows, django_assert_max_num_queries):
    bulk_published(rows)
    client.get(FEED)  # warms the project-by-slug cache
    with django_assert_max_num_queries(1):
        response = client.get(FEED)
    assert len(items(response)) == min(rows, 50)


@pytest.mark.parametrize("title", ["0\r0", "a\r\nb", "ends with\r", "\r\n\rx"])
@pytest.mark.parametrize("path", ["changelog.rss", "changelog.atom"])
def test_a_title_with_carriage_returns_reaches_feed_readers_unchanged(client, make_entry, title, path):
    make_entry(title=title, content="<p>x</p>")
    root = ET.fromstring(client.get(f"/api/v1/projects/acme/{path}").content)
    titles = [node.text for node in root.iter() if node.tag.rsplit("}", 1)[-1] == "title"]
    assert title in titles
