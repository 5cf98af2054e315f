"""Hardening headers of issue 16, item 4: a Content Security Policy and `private, no-store`
on every page (dashboard, Django Admin, log-in), none of the page policy on the API, and
HSTS from the environment."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model

from projects.models import Membership
from tests.servers import ROOT

pytestmark = pytest.mark.django_db

PAGE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header):
    return {name: value for name, _, value in (part.strip().partition(" ") for part in header.split(";"))}


@pytest.fixture
def owner_client(client, project):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    Membership.objects.create(project=project, user=user, role="owner")
    client.force_login(user)
    return client


PAGES = [
    "/",
    "/p/acme/install/",
    "/p/acme/members/",
    "/p/acme/keys/new/",
    "/p/acme/changelog/",
    "/p/acme/analytics/",
    "/account/password/",
    "/admin/",
    "/admin/projects/project/",
    "/admin/analytics/event/",
]


@pytest.mark.parametrize("path", PAGES)
def test_signed_in_pages_carry_the_strict_policy_and_are_private_no_store(owner_client, path):
    response = owner_client.get(path)
    assert response.status_code == 200, path
    policy = directives(response["Content-Security-Policy"])
    assert {name: policy.get(name) for name in PAGE_POLICY} == PAGE_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


@pytest.mark.parametrize("path", ["/login/", "/signup/", "/admin/login/"])
def test_signed_out_pages_carry_it_too(client, path):
    response = client.get(path)
    assert directives(response["Content-Security-Policy"])["script-src"] == "'self'"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/acme/changelog",
        "/api/v1/admin/me",
        "/api/v1/pulse/events",
        "/api/widget/widget.js",
        "/api/v1/schema",
    ],
)
def test_the_api_gets_no_page_policy(client, project, path):
    response = client.get(path)
    assert "Content-Security-Policy" not in response


def test_the_api_docs_page_allows_inline_styles_but_never_inline_scripts(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    policy = directives(page["Content-Security-Policy"])
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self' 'unsafe-inline'"
    body = page.content.decode()
    assert "<script>" not in body and 'src="/api/docs?script="' in body
    script = client.get("/api/docs?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_no_template_has_inline_script_style_or_handlers():
    """Every page template; not the HTML emails (templates/*/email/), which mail clients show
    only with inline styles and which no browser loads under the pages' policy."""
    import re
    from pathlib import Path

    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\son[a-z]+=|\sstyle=|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (Path(ROOT) / "templates").rglob("*.html")
        if "email" not in path.parent.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if inline.search(line)
    ]
    assert offenders == []


def test_hsts_is_sent_on_https_as_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    assert client.get("/login/", secure=True)["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in client.get("/login/")  # never on plain HTTP


def _hsts_settings(env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'pulse.settings'; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SECURE_HSTS")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_settings_come_from_the_environment_and_default_to_off():
    assert _hsts_settings({}) == "0 False False"
    env = {"SECURE_HSTS_SECONDS": "63072000", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "true"}
    assert _hsts_settings(env) == "63072000 True True"
