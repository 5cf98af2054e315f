"""Portal pages cached as rendered bytes (ETag, 304, invalidation by the same writes), a
constant number of queries, custom domains, and the language negotiation."""

import pytest
from django.test import Client, override_settings

from changelog.services import update_entry
from projects.models import Project
from projects.services import update_project
from pulse.hosts import AllowedHosts
from roadmap.services import toggle_vote

pytestmark = pytest.mark.django_db
ROOT = "/portal/acme/"


def test_a_page_has_a_strong_etag_and_answers_304(client, make_entry):
    make_entry(title="Cached")
    first = client.get(ROOT + "changelog/")
    assert first["ETag"].startswith('"') and first["Cache-Control"] == "public, max-age=30"
    again = client.get(ROOT + "changelog/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_a_warm_page_runs_no_query(client, make_entry, django_assert_num_queries):
    make_entry(title="Cached")
    client.get(ROOT + "changelog/")
    with django_assert_num_queries(0):
        assert client.get(ROOT + "changelog/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("path", ["", "changelog/", "changelog/?type=fix&page=1", "roadmap/", "ENTRY"])
def test_every_warm_page_runs_no_query_whatever_the_number_of_entries(
    client, make_entry, make_feature, django_assert_num_queries, count, path
):
    entries = [make_entry(days_ago=i + 1, title=f"Entry {i}", type="fix") for i in range(count)]
    for i in range(count):
        make_feature(feature_name=f"Feature {i}", milestone_number=i % 4 + 1)
    if path == "ENTRY":
        path = f"changelog/{entries[-1].pk}/entry-{count - 1}/"
    assert client.get(ROOT + path).status_code == 200
    with django_assert_num_queries(0):  # the entry page too: its entry is read on a miss only
        assert client.get(ROOT + path).status_code == 200


def test_each_entry_page_is_cached_under_its_own_address(client, make_entry):
    first, second = make_entry(days_ago=2, title="First one"), make_entry(days_ago=1, title="Second one")
    for _ in range(2):
        assert "<h1>First one</h1>" in client.get(f"{ROOT}changelog/{first.pk}/first-one/").content.decode()
        assert "<h1>Second one</h1>" in client.get(f"{ROOT}changelog/{second.pk}/second-one/").content.decode()


def test_a_retitled_or_unpublished_entry_is_not_served_from_its_cached_page(client, make_entry):
    entry = make_entry(title="Old title")
    old = f"{ROOT}changelog/{entry.pk}/old-title/"
    assert client.get(old).status_code == 200
    entry = update_entry(entry=entry, title="New title")
    moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"] == f"{ROOT}changelog/{entry.pk}/new-title/"
    update_entry(entry=entry, published_at=None)
    assert client.get(f"{ROOT}changelog/{entry.pk}/new-title/").status_code == 404


def test_an_entry_write_drops_every_page_showing_it(client, make_entry):
    entry = make_entry(title="Before")
    pages = [ROOT, ROOT + "changelog/", f"{ROOT}changelog/{entry.pk}/before/"]
    for path in pages:
        assert "Before" in client.get(path).content.decode()
    update_entry(entry=entry, summary="Now with a summary")
    assert "Now with a summary" in client.get(f"{ROOT}changelog/{entry.pk}/before/").content.decode()
    assert "Now with a summary" in client.get(ROOT + "changelog/").content.decode()


def test_a_vote_drops_the_cached_roadmap_and_landing(client, make_feature, visitor_id):
    entry = make_feature(feature_name="Popular", feature_status="planned")
    assert 'aria-label="Votes">0<' in client.get(ROOT + "roadmap/").content.decode()
    assert "0 votes" in client.get(ROOT).content.decode()
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type="up")
    assert 'aria-label="Votes">1<' in client.get(ROOT + "roadmap/").content.decode()
    assert "1 vote" in client.get(ROOT).content.decode()


def test_a_project_change_drops_its_pages(client, project):
    assert "<h1>Acme App</h1>" in client.get(ROOT).content.decode()
    update_project(project=Project.objects.get(pk=project.pk), name="Acme Two", slug="acme")
    assert "<h1>Acme Two</h1>" in client.get(ROOT).content.decode()


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("path", ["", "changelog/", "roadmap/", "sitemap.xml", "ENTRY"])
def test_every_page_runs_a_constant_number_of_queries_whatever_the_number_of_entries(
    client, make_entry, make_feature, django_assert_max_num_queries, count, path
):
    entries = [make_entry(days_ago=i + 1, title=f"Entry {i}", category=f"c{i % 3}") for i in range(count)]
    for i in range(count):
        make_feature(feature_name=f"Feature {i}", milestone_number=i % 4 + 1)
    if path == "ENTRY":
        path = f"changelog/{entries[0].pk}/entry-0/"
    with django_assert_max_num_queries(7):  # cold: project, entries, count, categories, neighbours, schedule
        assert client.get(ROOT + path).status_code == 200


# Custom domains


@pytest.fixture
def with_domain(project):
    Project.objects.filter(pk=project.pk).update(custom_domain="updates.acme.test")
    Project.objects.get(pk=project.pk).save()  # through the signals: the domain memo is dropped
    return "updates.acme.test"


@override_settings(ALLOWED_HOSTS=AllowedHosts(["pulse.example.com"]))
def test_a_custom_domain_serves_its_projects_portal_at_the_root(with_domain, make_entry):
    entry = make_entry(title="On our domain")
    client = Client(HTTP_HOST=with_domain)
    html = client.get("/").content.decode()
    assert "<h1>Acme App</h1>" in html and 'href="/changelog/"' in html
    assert f'href="/changelog/{entry.pk}/on-our-domain/"' in html
    page = client.get(f"/changelog/{entry.pk}/on-our-domain/").content.decode()
    assert f'<link rel="canonical" href="https://updates.acme.test/changelog/{entry.pk}/on-our-domain/">' in page
    assert client.get("/robots.txt").content.decode().endswith("Sitemap: http://updates.acme.test/sitemap.xml\n")
    # No dashboard or admin there (the public API's early cached reads do answer: same public data).
    assert client.get("/login/").status_code == 404
    assert client.get("/admin/").status_code == 404


@override_settings(ALLOWED_HOSTS=AllowedHosts(["pulse.example.com"]))
def test_the_pulse_host_still_serves_the_portal_under_its_slug_with_the_domain_as_canonical(with_domain):
    html = Client(HTTP_HOST="pulse.example.com").get(ROOT).content.decode()
    assert '<link rel="canonical" href="https://updates.acme.test/">' in html
    assert 'href="/portal/acme/changelog/"' in html


@override_settings(ALLOWED_HOSTS=AllowedHosts(["pulse.example.com"]))
def test_a_foreign_host_is_refused(with_domain):
    assert Client(HTTP_HOST="evil.example.net").get("/").status_code == 400
    assert Client(HTTP_HOST="evil.example.net").get(ROOT).status_code == 400


@override_settings(ALLOWED_HOSTS=AllowedHosts(["pulse.example.com"]))
def test_a_removed_domain_is_refused_at_once_in_this_process(with_domain, project):
    Client(HTTP_HOST=with_domain).get("/")
    stored = Project.objects.get(pk=project.pk)
    stored.custom_domain = None
    stored.save()
    assert Client(HTTP_HOST=with_domain).get("/").status_code == 400


@override_settings(ALLOWED_HOSTS=AllowedHosts(["pulse.example.com"]))
def test_requests_to_pulses_own_host_never_look_up_domains(client, with_domain, django_assert_num_queries):
    Client(HTTP_HOST="pulse.example.com").get(ROOT)
    with django_assert_num_queries(0):
        Client(HTTP_HOST="pulse.example.com").get(ROOT)


# Languages


@pytest.mark.parametrize(
    "header, query, expected",
    [
        ("", "", "en"),
        ("fr-CH, fr;q=0.9, en;q=0.8", "", "fr"),
        ("ja, de;q=0.5, es;q=0.7", "", "es"),
        ("de;q=0", "", "en"),
        ("de", "?lang=es", "es"),
        ("de", "?lang=xx", "de"),
    ],
)
def test_the_language_is_negotiated_from_the_query_then_accept_language(client, project, header, query, expected):
    response = client.get(ROOT + query, HTTP_ACCEPT_LANGUAGE=header)
    assert response["Content-Language"] == expected
    assert f'<html lang="{expected}">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_the_projects_default_language_applies_when_the_browser_asks_for_none_of_ours(client, project):
    Project.objects.filter(pk=project.pk).update(default_locale="de")
    Project.objects.get(pk=project.pk).save()
    assert client.get(ROOT, HTTP_ACCEPT_LANGUAGE="ja")["Content-Language"] == "de"


def test_the_language_switcher_links_every_language(client, project):
    html = client.get(ROOT).content.decode()
    for code in ("en", "fr", "de", "es"):
        assert f'href="?lang={code}" hreflang="{code}"' in html


def test_after_the_switcher_every_link_between_pages_keeps_the_language(client, make_entry, make_feature):
    entry = make_entry(title="Shipped", days_ago=2)
    make_entry(title="Older one", days_ago=3)
    feature = make_feature(feature_name="Export")
    entry_link = f"{ROOT}changelog/{entry.pk}/shipped/?lang=de"
    home = client.get(ROOT + "?lang=de", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for link in (f"{ROOT}?lang=de", f"{ROOT}changelog/?lang=de", f"{ROOT}roadmap/?lang=de", entry_link):
        assert f'href="{link}"' in home
    page = client.get(entry_link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    canonical = f'<link rel="canonical" href="http://testserver{ROOT}changelog/{entry.pk}/shipped/">'
    assert "/older-one/?lang=de" in page and canonical in page
    roadmap = client.get(ROOT + "roadmap/?lang=de").content.decode()
    assert f'action="{ROOT}roadmap/{feature.pk}/vote/?lang=de"' in roadmap
    response = client.post(f"{ROOT}roadmap/{feature.pk}/vote/?lang=de", {"vote_type": "up"})
    assert response.status_code == 303 and response["Location"] == f"{ROOT}roadmap/?lang=de#entry-{feature.pk}"
    index = client.get(ROOT + "changelog/?lang=de").content.decode()
    assert '<input type="hidden" name="lang" value="de">' in index


def test_a_language_from_the_browser_adds_nothing_to_the_links(client, make_entry):
    make_entry(title="Shipped")
    html = client.get(ROOT, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<html lang="de">' in html and '?lang=de"' not in html.replace('href="?lang=de"', "")
    assert f'href="{ROOT}changelog/"' in html


def test_the_pinned_and_the_negotiated_page_are_cached_apart(client, make_entry):
    make_entry(title="Shipped")
    assert f'href="{ROOT}changelog/"' in client.get(ROOT, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert f'href="{ROOT}changelog/?lang=de"' in client.get(ROOT + "?lang=de").content.decode()
    assert f'href="{ROOT}changelog/"' in client.get(ROOT, HTTP_ACCEPT_LANGUAGE="de").content.decode()
