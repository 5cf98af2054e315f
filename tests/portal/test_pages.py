"""The portal's pages (pulse/portal.py): content, 404s, visibility and schedule, permalinks."""

import time
from datetime import timedelta
from urllib.robotparser import RobotFileParser

import pytest
from django.utils import timezone

from projects.models import Project

pytestmark = pytest.mark.django_db
ROOT = "/portal/acme/"


def page(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response.content.decode()


def test_the_landing_page_names_the_project_and_links_its_changelog_and_roadmap(client, project, make_entry):
    make_entry(title="Dark mode", version="1.2.0")
    html = page(client, ROOT)
    assert "<h1>Acme App</h1>" in html
    assert 'href="/portal/acme/changelog/"' in html and 'href="/portal/acme/roadmap/"' in html
    assert "Dark mode" in html


@pytest.mark.parametrize(
    "path", ["", "changelog/", "roadmap/", "sitemap.xml", "robots.txt", "theme.css", "changelog/feed.atom"]
)
def test_an_unknown_slug_is_a_404_on_every_portal_path(client, db, path):
    assert client.get(f"/portal/nope/{path}").status_code == 404


@pytest.mark.parametrize("path", ["", "changelog/", "roadmap/", "sitemap.xml", "robots.txt"])
def test_a_project_whose_portal_is_not_public_has_none(client, project, path):
    Project.objects.filter(pk=project.pk).update(portal_public=False)
    assert client.get(ROOT + path).status_code == 404


def test_the_changelog_lists_published_entries_newest_first_and_hides_drafts_and_scheduled(client, make_entry):
    make_entry(days_ago=3, title="Older thing")
    make_entry(days_ago=1, title="Newer thing")
    make_entry(days_ago=None, title="Secret draft")
    make_entry(days_ago=-1, title="Tomorrow's news")
    html = page(client, ROOT + "changelog/")
    assert html.index("Newer thing") < html.index("Older thing")
    assert "Secret draft" not in html and "Tomorrow" not in html


def test_the_changelog_filters_by_type_and_category(client, make_entry):
    make_entry(title="A fix in the API", type="fix", category="api")
    make_entry(title="A UI feature", type="feature", category="ui")
    fixes = page(client, ROOT + "changelog/?type=fix")
    assert "A fix in the API" in fixes and "A UI feature" not in fixes
    ui = page(client, ROOT + "changelog/?category=ui")
    assert "A UI feature" in ui and "A fix in the API" not in ui


def test_the_changelog_is_paginated_with_links_both_ways(client, make_entry, settings):
    settings.PULSE_PORTAL_PAGE_SIZE = 2
    for day in range(5):
        make_entry(days_ago=day + 1, title=f"Entry number {day}")
    first = page(client, ROOT + "changelog/")
    assert "Entry number 0" in first and "Entry number 2" not in first
    assert 'rel="next" href="/portal/acme/changelog/?page=2"' in first
    second = page(client, ROOT + "changelog/?page=2")
    assert "Entry number 2" in second and 'rel="prev" href="/portal/acme/changelog/"' in second
    assert client.get(ROOT + "changelog/?page=9").status_code == 404


def test_an_entry_has_its_own_page_with_previous_and_next(client, make_entry):
    older = make_entry(days_ago=3, title="Older", version="1.0.0")
    entry = make_entry(days_ago=2, title="Dark mode", version="1.1.0", content="<p>Now <em>dark</em>.</p>")
    newer = make_entry(days_ago=1, title="Newer", version="1.2.0")
    url = f"{ROOT}changelog/{entry.pk}/1-1-0-dark-mode/"
    html = page(client, url)
    assert '<h1><span class="version">1.1.0</span> Dark mode</h1>' in html
    assert "<p>Now <em>dark</em>.</p>" in html
    assert f'href="/portal/acme/changelog/{older.pk}/1-0-0-older/"' in html
    assert f'href="/portal/acme/changelog/{newer.pk}/1-2-0-newer/"' in html
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


def test_an_entry_address_without_or_with_an_old_title_redirects_to_its_permalink(client, make_entry):
    entry = make_entry(title="New name")
    permalink = f"{ROOT}changelog/{entry.pk}/new-name/"
    for stale in (f"{ROOT}changelog/{entry.pk}/", f"{ROOT}changelog/{entry.pk}/old-name/"):
        response = client.get(stale)
        assert response.status_code == 301 and response["Location"] == permalink


def test_unknown_draft_and_scheduled_entries_are_404(client, make_entry, other_project):
    import uuid

    draft = make_entry(days_ago=None, title="d")
    scheduled = make_entry(days_ago=-1, title="s")
    theirs = make_entry(title="t", entry_project=other_project)
    for entry_id in (uuid.uuid4(), draft.pk, scheduled.pk, theirs.pk):
        assert client.get(f"{ROOT}changelog/{entry_id}/x/").status_code == 404


def test_a_scheduled_entry_shows_once_its_time_has_come(client, project):
    from changelog.services import create_entry

    entry = create_entry(project=project, title="Launch day", published_at=timezone.now() + timedelta(seconds=2))
    assert "Launch day" not in page(client, ROOT + "changelog/")
    assert client.get(f"{ROOT}changelog/{entry.pk}/launch-day/").status_code == 404
    time.sleep(2.2)  # no write in between: the cached page lived only until the entry's time
    assert "Launch day" in page(client, ROOT + "changelog/")
    assert client.get(f"{ROOT}changelog/{entry.pk}/launch-day/").status_code == 200


def test_an_entry_page_has_open_graph_and_twitter_tags(client, make_entry):
    entry = make_entry(
        title="Pictures", summary="Now with pictures.", content='<p><img src="https://cdn.example/p.png" alt="A"></p>'
    )
    html = page(client, f"{ROOT}changelog/{entry.pk}/pictures/")
    assert '<meta property="og:title" content="Pictures">' in html
    assert '<meta property="og:description" content="Now with pictures.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="https://cdn.example/p.png">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_the_roadmap_groups_by_milestone_and_status_with_counts(client, make_feature):
    make_feature(feature_name="Search", milestone_number=1, milestone_name="Spring", feature_status="in_progress")
    make_feature(feature_name="Export", milestone_number=1, feature_status="planned")
    make_feature(feature_name="Teams", milestone_number=2, milestone_name="Summer", feature_status="planned")
    make_feature(feature_name="Hidden draft", published_at=None)
    html = page(client, ROOT + "roadmap/")
    positions = [html.index(text) for text in ("Spring", "Search", "Export", "Summer", "Teams")]
    assert positions == sorted(positions)
    assert "In progress" in html and "Planned" in html
    assert "Hidden draft" not in html
    assert 'class="count"' in html


def test_robots_names_the_sitemap(client, project):
    response = client.get(ROOT + "robots.txt")
    assert response.status_code == 200
    assert response.content.decode() == "User-agent: *\nAllow: /\nSitemap: http://testserver/portal/acme/sitemap.xml\n"


def site_robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    robots = RobotFileParser()
    robots.parse(response.content.decode().splitlines())
    return robots, response.content.decode()


@pytest.mark.parametrize("path", ["/portal/acme/", "/portal/acme/changelog/", "/portal/acme/roadmap/"])
def test_the_site_robots_lets_crawlers_read_the_portals(client, project, path):
    robots, text = site_robots(client)
    assert robots.can_fetch("*", "http://testserver" + path)
    assert "Disallow: /portal" not in text and "Disallow: /\n" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/api/v1/projects/acme/changelog",
        "/p/acme/",
        "/p/acme/settings/",
        "/login/",
        "/account/",
        "/projects/new/",
    ],
)
def test_the_site_robots_keeps_crawlers_out_of_the_admin_the_api_and_the_dashboard(client, db, path):
    robots, text = site_robots(client)
    assert not robots.can_fetch("*", "http://testserver" + path)
    assert "Disallow: /$" in text  # the dashboard's home; RFC 9309's end-of-path anchor


def test_a_custom_domains_robots_is_its_projects(client, project):
    Project.objects.filter(pk=project.pk).update(custom_domain="updates.acme.test")
    Project.objects.get(pk=project.pk).save()
    response = client.get("/robots.txt", HTTP_HOST="updates.acme.test")
    assert response.content.decode() == "User-agent: *\nAllow: /\nSitemap: http://updates.acme.test/sitemap.xml\n"


def test_theme_css_carries_the_accent_and_keeps_link_contrast(client, project):
    Project.objects.filter(pk=project.pk).update(accent_color="#ffff00")  # yellow: unreadable on white
    css = client.get(ROOT + "theme.css").content.decode()
    assert "--accent:#ffff00" in css
    assert "--link:#3730a3" in css  # the fallback on light
    assert "prefers-color-scheme: dark" in css and "--link:#ffff00" in css  # fine on dark


@pytest.mark.parametrize("path", ["", "changelog/", "roadmap/"])
def test_portal_pages_keep_the_strict_policy_but_show_https_images(client, project, path):
    """A project's logo and its entries' images live on the team's hosts; scripts do not."""
    response = client.get(ROOT + path)
    policy = {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";") if part}
    assert "https:" in policy["img-src"] and "'self'" in policy["img-src"]
    assert policy["script-src"] == ["'self'"]
