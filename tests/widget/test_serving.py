"""widget.js is served cross-origin with caching headers, a versioned SRI URL and within budget."""

import base64
import gzip
import hashlib

import pytest

from pulse import widget

# 16 KB since issue 17 (visitor threads, in-widget links, banner layouts, the JS API): 14.5 KB.
BUDGET_BYTES = 16 * 1024


def source():
    return widget.widget_source()


def test_widget_js_is_javascript_with_cors_and_short_caching(client):
    response = client.get("/api/widget/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.content == source()


def test_widget_js_has_a_strong_etag_from_the_content_hash(client):
    response = client.get("/api/widget/widget.js")
    assert response["ETag"] == f'"{hashlib.sha384(source()).hexdigest()[:16]}"'


def test_widget_js_revalidation_is_a_304_without_body(client):
    etag = client.get("/api/widget/widget.js")["ETag"]
    response = client.get("/api/widget/widget.js", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=300"


def test_widget_js_with_a_stale_etag_is_served_again(client):
    response = client.get("/api/widget/widget.js", HTTP_IF_NONE_MATCH='"0123456789abcdef"')
    assert response.status_code == 200
    assert response.content == source()


def test_widget_js_is_gzipped_for_clients_that_accept_it(client):
    response = client.get("/api/widget/widget.js", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content) == source()
    assert response["ETag"].endswith('-gz"')


def test_widget_js_gzip_size_is_within_the_16_kb_budget(client):
    response = client.get("/api/widget/widget.js", HTTP_ACCEPT_ENCODING="gzip")
    assert len(response.content) <= BUDGET_BYTES, f"widget.js is {len(response.content)} bytes gzipped"


def test_head_of_widget_js_answers_the_headers(client):
    response = client.head("/api/widget/widget.js")
    assert response.status_code == 200
    assert response["ETag"]


def test_post_to_widget_js_is_not_allowed(client):
    assert client.post("/api/widget/widget.js").status_code == 405


def test_versioned_url_is_immutable_and_matches_its_integrity(client):
    asset = widget.widget_asset()
    response = client.get(asset.versioned_path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Access-Control-Allow-Origin"] == "*"
    digest = hashlib.sha384(response.content).digest()
    assert asset.integrity == "sha384-" + base64.b64encode(digest).decode()


def test_versioned_url_of_another_version_is_a_json_404(client):
    response = client.get("/api/widget/widget.0123456789abcdef.js")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Not found"}


def test_asset_is_reloaded_when_the_file_changes(tmp_path, monkeypatch):
    path = tmp_path / "widget.js"
    path.write_text("one();")
    monkeypatch.setattr(widget, "WIDGET_FILE", path)
    first = widget.widget_asset()
    path.write_text("two(1);")
    second = widget.widget_asset()
    assert (first.content, second.content) == (b"one();", b"two(1);")
    assert first.version != second.version


def test_the_served_widget_is_the_source_without_comments_and_layout(tmp_path, monkeypatch):
    path = tmp_path / "widget.js"
    path.write_text('// a comment\nconst greeting = "a  // kept";\n/* block */\nfunction f ( a ) {\n  return a;\n}\n')
    monkeypatch.setattr(widget, "WIDGET_FILE", path)
    assert widget.widget_asset().content == b'const greeting="a  // kept";function f(a){return a;}'


def test_widget_snippet_pins_the_versioned_url_with_integrity(rf):
    request = rf.get("/", HTTP_HOST="pulse.example.com")
    snippet = widget.widget_snippet(request, "acme", theme="dark", user=None)
    asset = widget.widget_asset()
    assert snippet == (
        f'<script src="http://pulse.example.com{asset.versioned_path}" integrity="{asset.integrity}" '
        'crossorigin="anonymous" data-pulse-project="acme" data-pulse-theme="dark" defer></script>'
    )


def test_widget_snippet_escapes_attribute_values(rf):
    snippet = widget.widget_snippet(rf.get("/"), "acme", features='"><script>')
    assert "<script>" not in snippet.split("data-pulse-project")[1]


@pytest.mark.django_db
def test_demo_page_is_open_in_debug(client, settings):
    settings.DEBUG = True
    response = client.get("/widget-demo/")
    assert response.status_code == 200
    assert b'data-pulse-project="demo"' in response.content


@pytest.mark.django_db
def test_demo_page_is_404_without_debug_when_there_is_no_demo_project(client, settings):
    settings.DEBUG = False
    assert client.get("/widget-demo/").status_code == 404


@pytest.mark.django_db
def test_demo_page_is_public_without_debug_when_the_demo_project_exists(client, settings):
    from projects.services import create_project

    settings.DEBUG = False
    create_project(name="Demo", slug="demo")
    response = client.get("/widget-demo/?theme=dark&position=nowhere")
    assert response.status_code == 200
    assert b'data-pulse-theme="dark"' in response.content
    assert b'data-pulse-position="bottom-right"' in response.content
