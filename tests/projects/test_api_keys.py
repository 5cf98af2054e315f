"""API keys: stored hashed, shown once, and refused the same way whatever is wrong."""

import hmac
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from projects import keys
from projects.models import ApiKey
from projects.selectors import find_active_api_key
from projects.services import create_api_key, revoke_api_key
from tests.helpers import bearer

pytestmark = pytest.mark.django_db
ME = "/api/v1/admin/me"
UNAUTHORIZED = {"data": None, "error": "Invalid or missing API key"}


def test_raw_key_is_stored_nowhere_but_its_digest_is(project):
    api_key, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM projects_apikey")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert raw_key not in stored
    assert keys.key_digest(raw_key) in stored
    assert api_key.prefix == raw_key[:13] and raw_key.startswith("plsk_")


def test_generated_key_has_256_bit_secret_and_valid_checksum():
    raw_key = keys.generate_raw_key()
    assert len(raw_key) == len("plsk_") + 43 + 6
    assert raw_key[5:].isalnum()
    assert keys.is_well_formed(raw_key)


def test_lookup_compares_digests_with_compare_digest(project):
    _, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    with mock.patch("projects.selectors.hmac.compare_digest", wraps=hmac.compare_digest) as compare:
        assert find_active_api_key(raw_key) is not None
    compare.assert_called_once()


def test_me_returns_the_keys_project_name_prefix_scopes_and_expiry(client, project):
    expires = timezone.now() + timedelta(days=3)
    api_key, raw_key = create_api_key(
        project=project, name="deploy bot", scopes=["read", "changelog:write"], expires_at=expires
    )
    response = client.get(ME, **bearer(raw_key))
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["project"] == {"id": str(project.id), "slug": "acme", "name": "Acme App"}
    assert data["key_name"] == "deploy bot"
    assert data["prefix"] == api_key.prefix
    assert data["scopes"] == ["read", "changelog:write"]
    assert data["expires_at"].endswith("Z")
    assert "digest" not in data


def test_x_api_key_header_works_too(client, project, make_key):
    response = client.get(ME, HTTP_X_API_KEY=make_key(project))
    assert response.status_code == 200


def _assert_unauthorized(response):
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_missing_header_is_401(client, project):
    _assert_unauthorized(client.get(ME))


def test_unknown_key_is_401(client, project):
    _assert_unauthorized(client.get(ME, **bearer(keys.generate_raw_key())))


def test_wrong_prefix_is_401(client, project, make_key):
    raw_key = make_key(project)
    _assert_unauthorized(client.get(ME, **bearer("pk_" + raw_key[5:])))


def test_expired_key_is_401(client, project, make_key):
    raw_key = make_key(project, expires_at=timezone.now() - timedelta(seconds=1))
    _assert_unauthorized(client.get(ME, **bearer(raw_key)))


def test_revoked_key_is_401(client, project):
    api_key, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    revoke_api_key(api_key=api_key)
    _assert_unauthorized(client.get(ME, **bearer(raw_key)))


def test_revocation_is_irreversible_and_keeps_first_time(project):
    api_key, _ = create_api_key(project=project, name="ci", scopes=["read"])
    first = revoke_api_key(api_key=api_key).revoked_at
    revoke_api_key(api_key=ApiKey.objects.get(pk=api_key.pk))
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at == first


def test_key_with_wrong_checksum_is_refused_without_any_query(client, project, make_key):
    raw_key = make_key(project)
    tampered = raw_key[:-1] + ("A" if raw_key[-1] != "A" else "B")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ME, **bearer(tampered))
    _assert_unauthorized(response)
    assert len(queries) == 0


def test_last_used_is_written_at_most_once_a_minute(client, project):
    api_key, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    client.get(ME, **bearer(raw_key))
    first = ApiKey.objects.get(pk=api_key.pk).last_used_at
    assert first is not None
    client.get(ME, **bearer(raw_key))
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at == first


def test_key_in_use_is_refused_at_once_after_revocation(client, project):
    api_key, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    assert client.get(ME, **bearer(raw_key)).status_code == 200  # now cached
    revoke_api_key(api_key=ApiKey.objects.get(pk=api_key.pk))
    _assert_unauthorized(client.get(ME, **bearer(raw_key)))


def test_key_in_use_is_refused_at_once_after_its_project_is_deleted(client, project):
    _, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    assert client.get(ME, **bearer(raw_key)).status_code == 200
    project.delete()
    _assert_unauthorized(client.get(ME, **bearer(raw_key)))


def test_scope_change_in_the_admin_applies_at_once(client, project):
    api_key, raw_key = create_api_key(project=project, name="ci", scopes=["analytics:read"])
    assert client.get("/api/v1/pulse/events", **bearer(raw_key)).status_code == 200
    api_key.scopes = ["changelog:read"]
    api_key.save()
    assert client.get("/api/v1/pulse/events", **bearer(raw_key)).status_code == 403


def test_key_is_read_from_the_database_with_one_query_on_every_request(client, project):
    """Never from a cache, so no cache state can let a revoked key in (issue 16)."""
    _, raw_key = create_api_key(project=project, name="ci", scopes=["read"])
    client.get(ME, **bearer(raw_key))
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ME, **bearer(raw_key)).status_code == 200
        key_reads = [query for query in queries.captured_queries if "projects_apikey" in query["sql"]]
        assert len(key_reads) == 1, queries.captured_queries
