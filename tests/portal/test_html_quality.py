"""Every portal page is valid HTML (html5lib reports no parse error), has one h1, the
landmarks, alt text on images, no inline script or style (the strict CSP) and asks for
nothing outside its own origin."""

import re

import html5lib
import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db
LANDMARKS = ("<header", "<main", "<footer", "<nav")


@pytest.fixture
def pages(client, project, make_entry, make_feature):
    Project.objects.filter(pk=project.pk).update(accent_color="#0f766e")
    entry = make_entry(
        title="Rich & <bold>", version="3.1", content='<p>Hi <img src="/static/x.png" alt="A chart"></p>'
    )
    make_entry(days_ago=3, title="Older", category="api", type="fix")
    make_feature(feature_name="Search", milestone_name="Next")
    make_feature(feature_name="Shipped", feature_status="completed")  # no vote form: voting is closed
    return [
        "/portal/acme/",
        "/portal/acme/changelog/",
        f"/portal/acme/changelog/{entry.pk}/3-1-rich-bold/",
        "/portal/acme/changelog/?type=fix",
        "/portal/acme/roadmap/",
        "/portal/acme/?lang=de",
        "/portal/acme/roadmap/?lang=es",
        "/portal/acme/changelog/?lang=fr&type=fix",
    ]


def test_every_portal_page_parses_without_an_html_error(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(response.content)
        assert parser.errors == [], (path, parser.errors[:3])


def test_every_page_has_one_h1_and_the_landmarks(client, pages):
    for path in pages:
        html = client.get(path).content.decode()
        assert html.count("<h1") == 1, path
        for landmark in LANDMARKS:
            assert landmark in html, (path, landmark)


def test_no_inline_script_style_or_external_resource(client, pages):
    for path in pages:
        html = client.get(path).content.decode()
        assert "<style" not in html and " style=" not in html, path
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], path
        assert re.findall(r"\son[a-z]+=", html) == [], path
        loaded = re.findall(r'\ssrc="([^"]+)"', html) + re.findall(
            r'<link rel="(?:stylesheet|icon)"[^>]*href="([^"]+)"', html
        )
        assert loaded, path
        for url in loaded:
            assert not url.startswith(("http:", "https:", "//")), (path, url)


def test_every_image_has_alt_text(client, pages):
    for path in pages:
        for tag in re.findall(r"<img\b[^>]*>", client.get(path).content.decode()):
            assert re.search(r'\balt="', tag), (path, tag)
