"""Stored XSS: hostile HTML in every text field, written through the Admin API, never comes
back executable from the public API (JSON, nosniff; changelog HTML sanitised by nh3) or the
RSS feed (XML-escaped titles, sanitised descriptions)."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from feedback.models import Feedback
from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/projects/acme"
ADMIN = "/api/v1/admin"
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    "\"'><svg onload=alert(4)><iframe src=javascript:alert(5)></iframe>"
)
SHORT = "<img src=x onerror=alert(1)>"  # fields of at most 50 characters
PUBLISHED = "2026-01-01T00:00:00Z"


class ExecutableFinder(HTMLParser):
    """Collects what a browser would run in an HTML fragment: script-like tags, on* handlers, js: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "svg", "iframe", "object", "embed", "style", "math"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag}[{name}]")


def executable(fragment):
    finder = ExecutableFinder()
    finder.feed(fragment or "")
    return finder.found


def test_hostile_html_comes_back_inert(client, world, project):
    key, me = bearer(world["key"]), world["me"]

    def admin_post(path, body):
        response = client.post(f"{ADMIN}/{path}", json.dumps(body), content_type="application/json", **key)
        assert response.status_code == 201, response.content
        return response.json()["data"]

    admin_post("announcements", {"title": HOSTILE[:200], "message": HOSTILE})
    entry = admin_post(
        "changelog",
        {
            "title": HOSTILE[:200],
            "summary": HOSTILE,
            "content": HOSTILE,
            "version": SHORT,
            "category": SHORT,
            "published_at": PUBLISHED,
        },
    )
    admin_post("changelog", {"title": "md", "content_markdown": HOSTILE, "published_at": PUBLISHED})
    admin_post(
        "roadmap",
        {
            "feature_name": HOSTILE[:200],
            "milestone_name": SHORT,
            "user_friendly_description": HOSTILE,
            "category": SHORT,
            "tags": [SHORT],
            "published_at": PUBLISHED,
        },
    )
    admin_post(
        "notifications", {"user_id": str(me), "title": HOSTILE[:200], "message": HOSTILE, "metadata": {"x": HOSTILE}}
    )
    feedback = Feedback.objects.create(project=project, user_id=me, title="Mine")
    admin_post(f"feedback/{feedback.pk}/messages", {"message": HOSTILE})

    for path in ("announcements", "changelog", "roadmap", "notifications", f"feedback/{feedback.pk}"):
        response = client.get(f"{PUBLIC}/{path}", **visitor(me))
        assert response.status_code == 200
        # JSON, never sniffed as HTML: the literal text is data for textContent, not markup.
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert HOSTILE[:40] in json.dumps(response.json())

    changelog = client.get(f"{PUBLIC}/changelog").json()["data"]
    assert {item["id"] for item in changelog} >= {entry["id"]}
    for item in changelog:
        assert executable(item["content"]) == [], item["content"]
    assert entry["content"] and executable(entry["content"]) == []

    feed = client.get(f"{PUBLIC}/changelog.rss")
    assert feed.status_code == 200 and "xml" in feed["Content-Type"]
    items = ElementTree.fromstring(feed.content).findall("./channel/item")
    assert len(items) == 2
    titles = {item.findtext("title") for item in items}
    assert f"{SHORT} {HOSTILE[:200]}" in titles  # XML text: the reader shows it, never parses it as tags
    for item in items:
        assert executable(item.findtext("description")) == [], item.findtext("description")


class HostileFinder(HTMLParser):
    """In a whole page (which has scripts of its own): markup of HOSTILE that a browser would run."""

    def __init__(self):
        super().__init__()
        self.found, self.in_script = [], False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        self.found += [
            f"{tag}[{name}]"
            for name, value in attrs
            if "alert(" in (value or "") and (name.startswith("on") or name in ("href", "src", "action", "formaction"))
        ]
        if tag in ("svg", "iframe"):
            self.found.append(tag)

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("script")

    def handle_endtag(self, tag):
        self.in_script = False


def hostile_markup(page):
    finder = HostileFinder()
    finder.feed(page)
    return finder.found


def test_hostile_text_from_api_and_dashboard_forms_is_inert_on_every_dashboard_page(
    client, world, project, django_user_model
):
    from projects.models import Membership

    user = django_user_model.objects.create_user("owner", password="x")
    Membership.objects.create(project=project, user=user, role=Membership.Role.OWNER)
    client.force_login(user)
    key = bearer(world["key"])

    def admin_post(path, body):
        response = client.post(f"{ADMIN}/{path}", json.dumps(body), content_type="application/json", **key)
        assert response.status_code == 201, response.content
        return response.json()["data"]["id"]

    def form_post(path, data):
        response = client.post(path, data)
        errors = [
            line.strip()
            for line in response.content.decode().splitlines()
            if "errorlist" in line or "field-error" in line
        ]
        assert response.status_code == 302, (path, errors)

    ids = {
        "announcements": admin_post("announcements", {"title": HOSTILE[:200], "message": HOSTILE}),
        "changelog": admin_post("changelog", {"title": HOSTILE[:200], "summary": HOSTILE, "content": HOSTILE}),
        "roadmap": admin_post("roadmap", {"feature_name": HOSTILE[:200], "user_friendly_description": HOSTILE}),
    }
    form_post(
        "/p/acme/announcements/new/",
        {"title": HOSTILE[:200], "message": HOSTILE, "type": "info", "banner_color": "#2563eb", "priority": "0"},
    )
    form_post(
        "/p/acme/changelog/new/",
        {"title": HOSTILE[:200], "type": "feature", "summary": HOSTILE[:200], "content_markdown": HOSTILE},
    )
    form_post(
        "/p/acme/roadmap/new/",
        {
            "feature_name": HOSTILE[:200],
            "feature_status": "planned",
            "milestone_number": "1",
            "user_friendly_description": HOSTILE,
            "tags": SHORT,
        },
    )
    feedback = Feedback.objects.create(
        project=project,
        user_id=world["me"],
        title=HOSTILE[:200],
        description=HOSTILE,
        page_url="https://x.example/" + SHORT,
    )
    form_post(f"/p/acme/feedback/{feedback.pk}/messages/", {"message": HOSTILE, "visibility": "public"})
    client.post(
        f"{ADMIN}/notifications",
        json.dumps({"user_id": str(world["me"]), "title": HOSTILE[:200], "message": HOSTILE}),
        content_type="application/json",
        **key,
    )

    pages = [
        "/",
        "/p/acme/",
        "/p/acme/announcements/",
        f"/p/acme/announcements/{ids['announcements']}/",
        "/p/acme/changelog/",
        f"/p/acme/changelog/{ids['changelog']}/",
        "/p/acme/roadmap/",
        f"/p/acme/roadmap/{ids['roadmap']}/",
        "/p/acme/feedback/",
        f"/p/acme/feedback/{feedback.pk}/",
        "/p/acme/notifications/",
    ]
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        assert hostile_markup(response.content.decode()) == [], page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/p/acme/feedback/").content  # escaped, not dropped
