"""Fixtures shared by every test: a project, keys, an API client, a clean cache."""

import os
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from projects.services import create_api_key, create_project
from pulse.celery import app as celery_app
from pulse.memos import clear_process_memos

# Unit tests run tasks inline when their transaction's on_commit fires (eager mode); the
# `worker` tests (tests/notifications/test_worker_e2e.py) switch it off and use a real
# worker on a real broker.
celery_app.conf.task_always_eager = True


def _forget_cached_state():
    cache.clear()
    clear_process_memos()


@pytest.fixture(autouse=True)
def _clean_cache():
    _forget_cached_state()
    yield
    _forget_cached_state()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(fn, ...) runs fn and then its on-commit work (outbox dispatch, deliveries, the
    summary job), inline: the tasks run eagerly."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def ai_server(settings):
    """A local server speaking the OpenAI API (tests/openai_server.py), set as the AI provider
    (no API key, no backoff sleeps); set `ai_server.script` to make it fail or stall."""
    from tests.openai_server import OpenAIServer

    with OpenAIServer() as server:
        settings.PULSE_AI_PROVIDER = "openai"
        settings.PULSE_AI_BASE_URL = server.base_url
        settings.PULSE_AI_API_KEY = ""
        settings.PULSE_AI_BACKOFF = 0
        yield server


@pytest.fixture
def project(db):
    return create_project(name="Acme App", slug="acme")


@pytest.fixture
def other_project(db):
    return create_project(name="Other App", slug="other")


@pytest.fixture
def make_key(db):
    """make_key(project, "read,write") -> raw key string."""

    def make(project, scopes="read,write", **kwargs):
        _, raw_key = create_api_key(project=project, name="test key", scopes=scopes.split(","), **kwargs)
        return raw_key

    return make


@pytest.fixture
def visitor_id():
    return str(uuid.uuid4())


# Browser tests: Playwright drives Debian's chromium (no browser download).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves a PNG of the page under artifacts/screenshots/ (git-ignored)."""
    folder = ARTIFACTS_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(name, target=None):
        (target or page).screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return take


def pytest_collection_modifyitems(config, items):
    """`postgres`/`redis`-marked tests need those services; CI (.ci/run) provides both."""

    on_postgres = connection.vendor == "postgresql"
    needs = {
        "postgres": (on_postgres, "needs PostgreSQL: set DATABASE_URL (CI does)"),
        "redis": (bool(os.environ.get("REDIS_URL")), "needs Redis: set REDIS_URL (CI does)"),
        "worker": (on_postgres, "needs PostgreSQL (DATABASE_URL) for a worker process to share the data (CI has it)"),
    }
    for item in items:
        for marker, (available, reason) in needs.items():
            if item.get_closest_marker(marker) and not available:
                item.add_marker(pytest.mark.skip(reason=reason))
