"""Cached public lists: strong ETags, 304s, invalidation, and time-based expiry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pulse.api.caching import earliest, invalidate_public_cache
from tests.core import urls as test_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]
CACHED = "/api/v1/projects/acme/cached"


@pytest.fixture(autouse=True)
def _reset():
    test_urls.BUILDS.clear()
    test_urls.VIEW_CALLS.clear()
    test_urls.CachedViewSet.next_change = None


def test_list_is_built_once_then_served_from_cache(client, project):
    first = client.get(CACHED)
    second = client.get(CACHED)
    assert first.json() == second.json() == {"data": {"builds": 1}, "error": None}
    assert len(test_urls.BUILDS) == 1


def test_response_has_strong_etag_and_public_cache_control(client, project, settings):
    settings.PULSE_PUBLIC_CACHE_SECONDS = 30
    response = client.get(CACHED)
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert response["Cache-Control"] == "public, max-age=30"


def test_if_none_match_answers_304_without_body(client, project):
    etag = client.get(CACHED)["ETag"]
    response = client.get(CACHED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_stale_etag_gets_the_full_body(client, project):
    response = client.get(CACHED, HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert response.json()["data"] == {"builds": 1}


def test_invalidation_makes_the_next_request_rebuild(client, project):
    client.get(CACHED)
    invalidate_public_cache(resource="test", project_id=project.id)
    assert client.get(CACHED).json()["data"] == {"builds": 2}


def test_with_process_local_caches_a_write_in_the_worker_still_makes_lists_rebuild(
    client, project, settings, monkeypatch
):
    """The embedded default: each process has its own LocMem cache, so the worker's delete
    (a generated summary, say) cannot reach the web server's copy; the project's content
    version, in the database, tells every process instead."""
    web = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "web"}}
    worker = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker"}}
    settings.CACHES = web
    client.get(CACHED)
    settings.CACHES = worker
    monkeypatch.setenv("PULSE_SERVES_NO_REQUESTS", "1")  # what pulse/celery.py sets in a worker
    invalidate_public_cache(resource="test", project_id=project.id)
    monkeypatch.delenv("PULSE_SERVES_NO_REQUESTS")
    settings.CACHES = web
    assert client.get(CACHED).json()["data"] == {"builds": 2}


def test_nothing_is_cached_when_the_next_change_is_now(client, project):
    test_urls.CachedViewSet.next_change = timezone.now() + timedelta(milliseconds=1)
    client.get(CACHED)
    client.get(CACHED)
    assert len(test_urls.BUILDS) == 2


def test_earliest_ignores_past_and_missing_moments():
    now = timezone.now()
    soon, later = now + timedelta(minutes=1), now + timedelta(hours=1)
    assert earliest(now - timedelta(days=1), None, later, soon) == soon
    assert earliest(None, now - timedelta(seconds=1)) is None


def test_disabled_cache_builds_every_time_and_etag_follows_the_content(client, project, settings):
    settings.PULSE_PUBLIC_CACHE_ENABLED = False
    etag = client.get(CACHED)["ETag"]
    response = client.get(CACHED, HTTP_IF_NONE_MATCH=etag)
    assert len(test_urls.BUILDS) == 2
    assert response.status_code == 200  # the body changed (builds: 2), so the old tag is stale
    assert response["ETag"] != etag


def test_invalidation_is_repeated_after_commit_to_drop_a_stale_rebuild(
    client, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invalidate_public_cache(resource="test", project_id=project.id)
        client.get(CACHED)  # a concurrent request rebuilds from the not yet committed state
    assert client.get(CACHED).json()["data"] == {"builds": 2}  # the stale build was dropped at commit


def test_cached_list_is_answered_before_the_view_cold_or_warm(client, project):
    for _ in range(3):
        assert client.get(CACHED).json()["data"] == {"builds": 1}
    assert test_urls.VIEW_CALLS == []


def test_the_view_answers_from_the_same_declaration_with_the_same_headers(client, project):
    early = client.get(CACHED, HTTP_ORIGIN="https://customer.example")
    from_view = client.get(CACHED + "?via=view", HTTP_ORIGIN="https://customer.example")
    assert test_urls.VIEW_CALLS == [CACHED]
    ignored = {"Date", "RateLimit"}  # RateLimit counts down by one
    assert {k: v for k, v in early.items() if k not in ignored} == {
        k: v for k, v in from_view.items() if k not in ignored
    }
    assert early.content == from_view.content
    assert early["Allow"] == "GET, HEAD, OPTIONS"


def test_304_is_answered_before_the_view(client, project):
    etag = client.get(CACHED)["ETag"]
    response = client.get(CACHED, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert test_urls.VIEW_CALLS == []


def test_a_request_is_counted_once_whichever_path_answers_it(client, project):
    assert client.get(CACHED)["RateLimit"].startswith('"general";r=99;')  # before DRF
    assert client.get(CACHED + "?via=view")["RateLimit"].startswith('"general";r=98;')  # by DRF


def test_cached_list_is_rate_limited_too(client, project, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (3, 60)}
    statuses = [client.get(CACHED).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(CACHED)
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert int(response["Retry-After"]) >= 1


def test_query_string_goes_to_the_view(client, project):
    client.get(CACHED)
    client.get(CACHED + "?limit=5")
    assert test_urls.VIEW_CALLS == [CACHED]


def test_unknown_slug_is_a_404_from_the_view(client, project):
    response = client.get("/api/v1/projects/nope/cached")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_body_evicted_from_the_shared_cache_is_rebuilt(client, project):
    from django.core.cache import cache

    from pulse.api import caching

    client.get(CACHED)
    caching._local_lists.clear()  # another process: nothing in its memory
    cache.delete(caching._key("test", project.id))  # the ETag outlived its body
    assert client.get(CACHED).json()["data"] == {"builds": 2}


def test_body_without_its_etag_entry_is_rebuilt(client, project):
    from django.core.cache import cache

    from pulse.api import caching

    client.get(CACHED)
    cache.delete(caching._etag_key("test", project.id))
    assert client.get(CACHED).json()["data"] == {"builds": 2}
    assert client.get(CACHED).json()["data"] == {"builds": 2}


def test_cache_keys_carry_the_code_version(project, settings):
    from pulse.api import caching

    assert caching.payload_version() in caching._key("test", project.id)
    caching.payload_version.cache_clear()
    settings.PULSE_CACHE_VERSION = "deploy-42"
    try:
        assert caching._key("test", project.id).startswith("public:deploy-42:")
    finally:
        caching.payload_version.cache_clear()


@pytest.mark.parametrize("query", ["", "?via=view"])
def test_a_database_error_while_reading_is_a_503_in_the_envelope_on_both_paths(client, project, query):
    response = client.get("/api/v1/projects/acme/cached-db-down" + query)
    assert response.status_code == 503
    assert response.json() == {"data": None, "error": "Service temporarily unavailable"}
    assert response["Retry-After"] == "5"
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["RateLimit"].startswith('"general";r=99;')
