"""Security headers, CSRF and secrets: what SECURITY.md promises about the deployment."""

import os
import subprocess
import sys

import pytest
from django.test import Client

from tests.servers import ROOT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/projects/acme/changelog", "/api/v1/admin/me", "/admin/login/"])
def test_responses_carry_nosniff_referrer_policy_and_frame_deny(client, project, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_login_post_without_csrf_token_is_403():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403


def test_api_writes_need_no_csrf_token_because_they_use_no_cookies(project):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/projects/acme/feedback", {"title": "Hi"}, content_type="application/json")
    assert response.status_code == 201


def _settings_with(env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'pulse.settings'; django.setup(); "
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ALLOWED_HOSTS)"
    )
    clean = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True)


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = _settings_with({"DEBUG": "0"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_cookies_are_secure_and_no_host_is_allowed_by_default_when_debug_is_off():
    result = _settings_with({"DEBUG": "0", "SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True []"
