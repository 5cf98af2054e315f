"""Issue 16: dashboard and Admin API writes succeed, and say so, while Redis is down.

The cache points at a port where nothing listens (a refused connection, as when Redis is
stopped); the database is the test database. The frozen-Redis case, where replies never
come, is in test_service_outages.py against a real gunicorn and a SIGSTOPped Redis.
"""

import pytest

from changelog.models import ChangelogEntry
from projects.models import ApiKey, ContentVersion
from projects.services import create_api_key
from tests.dashboard.conftest import make_user
from tests.servers import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pulse.cache.PulseRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def owner(project):
    from projects.models import Membership

    user = make_user("owner")
    Membership.objects.create(project=project, user=user, role="owner")
    return user


def test_revoking_a_key_in_the_dashboard_while_redis_is_down_is_saved_and_says_so(client, project, owner, redis_down):
    api_key, raw_key = create_api_key(project=project, name="Old", scopes=["read"])
    client.force_login(owner)
    response = client.post(f"/p/acme/keys/{api_key.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "revoked. Clients using it now get 401." in response.content.decode()
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at is not None
    assert client.get("/api/v1/admin/me", HTTP_X_API_KEY=raw_key).status_code == 401


def test_an_admin_api_write_while_redis_is_down_is_201_and_marks_lists_stale(client, project, make_key, redis_down):
    key = make_key(project, "changelog:write")
    before = ContentVersion.objects.get(project=project).version
    response = client.post(
        "/api/v1/admin/changelog",
        data={"title": "Shipped", "version": "1.0", "status": "published"},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    assert response.status_code == 201, response.content
    assert ChangelogEntry.objects.filter(project=project, title="Shipped").exists()
    # The invalidation could not reach Redis: the project's lists are marked stale instead.
    assert ContentVersion.objects.get(project=project).version > before
