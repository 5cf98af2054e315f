"""What a team writes is kept as written (issue 18, item 1): the Markdown source of an entry is
stored beside its sanitised HTML, edited again as Markdown, and round-trips through the Admin
API; an entry written as HTML stays editable as HTML."""

import json

import pytest

from changelog.models import ChangelogEntry
from changelog.services import create_entry
from projects.services import create_api_key

pytestmark = pytest.mark.django_db
MARKDOWN = "## Dark mode\n\n- Toggle it in **Settings**\n- Follows the system <script>x()</script>"
NEW = "/p/acme/changelog/new/"


def form(**overrides):
    return {"title": "Dark mode", "type": "feature", "content_markdown": MARKDOWN, "action": "publish", **overrides}


def test_the_editor_reopens_on_the_markdown_as_written(login, team):
    client = login(team["member"])
    client.post(NEW, form())
    entry = ChangelogEntry.objects.get()
    assert entry.content_markdown == MARKDOWN
    assert "<h2>Dark mode</h2>" in entry.content and "<script>" not in entry.content
    page = client.get(f"/p/acme/changelog/{entry.pk}/").content.decode()
    assert "Content (Markdown)" in page
    # The textarea holds the source (escaped), not the rendered HTML.
    assert "## Dark mode\n\n- Toggle it in **Settings**" in page
    assert "&lt;h2&gt;" not in page


def test_a_second_edit_changes_the_markdown_and_rerenders(login, team):
    client = login(team["member"])
    client.post(NEW, form())
    entry = ChangelogEntry.objects.get()
    client.post(f"/p/acme/changelog/{entry.pk}/", form(content_markdown="Now *faster*.", action="save"))
    entry.refresh_from_db()
    assert (entry.content_markdown, entry.content) == ("Now *faster*.", "<p>Now <em>faster</em>.</p>")


def test_an_entry_written_as_html_is_edited_as_html(login, team, project):
    entry = create_entry(project=project, title="Legacy", content="<p>Old <b>HTML</b></p>")
    client = login(team["member"])
    page = client.get(f"/p/acme/changelog/{entry.pk}/").content.decode()
    assert "Content (HTML)" in page and "Content (Markdown)" not in page
    assert "&lt;p&gt;Old &lt;b&gt;HTML&lt;/b&gt;&lt;/p&gt;" in page
    client.post(
        f"/p/acme/changelog/{entry.pk}/",
        {"title": "Legacy", "type": "feature", "content_html": "<p>New    <i>HTML</i></p>", "action": "save"},
    )
    entry.refresh_from_db()
    assert (entry.content, entry.content_markdown) == ("<p>New    <i>HTML</i></p>", "")


@pytest.fixture
def admin_headers(project):
    _, token = create_api_key(project=project, name="t", scopes=["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def admin(client, method, url, headers, body=None):
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(f"/api/v1/admin/changelog{url}", **kwargs, **headers)


def test_admin_api_returns_the_markdown_and_accepts_the_object_back(client, project, admin_headers):
    created = admin(client, "post", "", admin_headers, {"title": "T", "content_markdown": MARKDOWN}).json()["data"]
    assert created["content_markdown"] == MARKDOWN and "<h2>" in created["content"]
    read = admin(client, "get", f"/{created['id']}", admin_headers).json()["data"]
    assert read["content_markdown"] == MARKDOWN
    # Sent back as read, with a changed Markdown: the Markdown is the source.
    body = {key: read[key] for key in ("title", "content", "content_markdown")}
    body["content_markdown"] = "*v2*"
    response = admin(client, "patch", f"/{created['id']}", admin_headers, body)
    assert response.status_code == 200
    assert (response.json()["data"]["content"], response.json()["data"]["content_markdown"]) == ("<p><em>v2</em></p>",
                                                                                                   "*v2*")  # fmt: skip


def test_admin_api_html_clears_the_markdown_source(client, project, admin_headers):
    created = admin(client, "post", "", admin_headers, {"title": "T", "content_markdown": "*a*"}).json()["data"]
    response = admin(client, "patch", f"/{created['id']}", admin_headers, {"content": "<p>b</p>"})
    assert response.json()["data"]["content_markdown"] == ""
    assert ChangelogEntry.objects.get().content == "<p>b</p>"


def test_admin_api_refuses_a_content_that_contradicts_the_markdown(client, project, admin_headers):
    created = admin(client, "post", "", admin_headers, {"title": "T", "content_markdown": "*a*"}).json()["data"]
    response = admin(client, "patch", f"/{created['id']}", admin_headers,
                     {"content": "<p>other</p>", "content_markdown": "*b*"})  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"].startswith("content_markdown: Send content or content_markdown, not both")
    assert ChangelogEntry.objects.get().content_markdown == "*a*"
