"""Feeds link to the entries' pages; the sitemap lists exactly the published pages."""

import xml.etree.ElementTree as ET

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_rss_items_link_to_the_entry_pages_on_the_api_and_the_portal(client, make_entry):
    entry = make_entry(title="Dark mode", version="2.0")
    for path in ("/api/v1/projects/acme/changelog.rss", "/portal/acme/changelog/feed.rss"):
        root = ET.fromstring(client.get(path).content)
        assert root.findtext("./channel/link") == "http://testserver/portal/acme/changelog/"
        assert [item.findtext("link") for item in root.findall("./channel/item")] == [
            f"http://testserver/portal/acme/changelog/{entry.pk}/2-0-dark-mode/"
        ]


def test_the_atom_feed_lists_published_entries_with_links_to_their_pages(client, make_entry):
    make_entry(days_ago=None, title="Draft")
    entry = make_entry(title="Faster search")
    for path in ("/api/v1/projects/acme/changelog.atom", "/portal/acme/changelog/feed.atom"):
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        entries = root.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == ["Faster search"]
        assert entries[0].find(f"{ATOM}link").get("href") == (
            f"http://testserver/portal/acme/changelog/{entry.pk}/faster-search/"
        )


def test_feed_links_use_the_custom_domain_when_the_project_has_one(client, project, make_entry):
    Project.objects.filter(pk=project.pk).update(custom_domain="updates.acme.test")
    entry = make_entry(title="T")
    root = ET.fromstring(client.get("/api/v1/projects/acme/changelog.rss").content)
    assert root.find("./channel/item").findtext("link") == f"https://updates.acme.test/changelog/{entry.pk}/t/"


def test_the_sitemap_lists_exactly_the_published_pages(client, make_entry, other_project):
    live = make_entry(title="Live", version="1.0")
    make_entry(days_ago=None, title="Draft")
    make_entry(days_ago=-2, title="Scheduled")
    make_entry(title="Theirs", entry_project=other_project)
    response = client.get("/portal/acme/sitemap.xml")
    assert response.status_code == 200
    locations = {loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")}
    assert locations == {
        "http://testserver/portal/acme/",
        "http://testserver/portal/acme/changelog/",
        f"http://testserver/portal/acme/changelog/{live.pk}/1-0-live/",
        "http://testserver/portal/acme/roadmap/",
        "http://testserver/portal/acme/ideas/",
        "http://testserver/portal/acme/ideas/new/",
    }
