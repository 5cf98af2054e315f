"""Keys, scopes and the error codes of the event API, all in the `{success, error}` envelope."""

import pytest
from django.utils import timezone

from analytics.models import Event
from projects import keys
from projects.services import create_api_key, revoke_api_key

from .conftest import BATCH, EVENTS, TOP

pytestmark = pytest.mark.django_db
UNAUTHORIZED = {"success": False, "error": {"code": "UNAUTHORIZED", "message": "Invalid or missing API key"}}


@pytest.mark.parametrize(("method", "path"), [("post", EVENTS), ("post", BATCH), ("get", EVENTS), ("get", TOP)])
def test_missing_key_is_401(client, project, method, path):
    response = getattr(client, method)(path, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_unknown_key_is_401_and_stores_nothing(post, project):
    response = post(EVENTS, {"name": "a"}, keys.generate_raw_key())
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert not Event.objects.exists()


def test_revoked_and_expired_keys_are_401(post, project, make_key):
    api_key, raw_key = create_api_key(project=project, name="old", scopes=["write"])
    revoke_api_key(api_key=api_key)
    assert post(EVENTS, {"name": "a"}, raw_key).status_code == 401
    expired = make_key(project, "write", expires_at=timezone.now())
    assert post(EVENTS, {"name": "a"}, expired).status_code == 401
    assert not Event.objects.exists()


def test_x_api_key_header_is_accepted(client, project, write_key):
    response = client.post(EVENTS, data={"name": "a"}, content_type="application/json", HTTP_X_API_KEY=write_key)
    assert response.status_code == 201


@pytest.mark.parametrize("scopes", ["analytics:write", "write"])
@pytest.mark.parametrize("path", [EVENTS, BATCH])
def test_write_scopes_may_track(post, project, make_key, scopes, path):
    body = {"events": [{"name": "a"}]} if path == BATCH else {"name": "a"}
    assert post(path, body, make_key(project, scopes)).status_code == 201
    assert Event.objects.filter(project=project).count() == 1


@pytest.mark.parametrize("scopes", ["read", "analytics:read", "changelog:write", "roadmap:read"])
@pytest.mark.parametrize("path", [EVENTS, BATCH])
def test_other_scopes_may_not_track(post, project, make_key, scopes, path):
    response = post(path, {"events": [{"name": "a"}]}, make_key(project, scopes))
    assert response.status_code == 403
    assert response.json() == {
        "success": False,
        "error": {"code": "FORBIDDEN", "message": "This API key lacks the analytics:write scope"},
    }
    assert not Event.objects.exists()


@pytest.mark.parametrize("scopes", ["read", "analytics:read", "analytics:write", "write"])
@pytest.mark.parametrize("path", [EVENTS, TOP])
def test_read_or_write_scopes_may_read(get, project, make_key, scopes, path):
    response = get(path, make_key(project, scopes))
    assert (response.status_code, response.json()) == (200, {"success": True, "data": []})


@pytest.mark.parametrize("scopes", ["changelog:read", "feedback:write"])
@pytest.mark.parametrize("path", [EVENTS, TOP])
def test_other_modules_scopes_may_not_read(get, project, make_key, scopes, path):
    response = get(path, make_key(project, scopes))
    assert response.status_code == 403
    assert response.json()["error"] == {"code": "FORBIDDEN", "message": "This API key lacks the analytics:read scope"}


def test_rate_limit_is_429_rate_limited_per_key(post, project, write_key, make_key, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    assert post(EVENTS, {"name": "a"}, write_key).status_code == 201
    assert post(BATCH, {"events": [{"name": "a"}]}, write_key).status_code == 201
    response = post(EVENTS, {"name": "a"}, write_key)
    assert response.status_code == 429
    assert response.json() == {"success": False, "error": {"code": "RATE_LIMITED", "message": "Rate limit exceeded"}}
    assert int(response["Retry-After"]) >= 1
    assert response["RateLimit-Policy"] == '"general";q=2;w=60'
    assert Event.objects.count() == 2
    assert post(EVENTS, {"name": "a"}, make_key(project, "write")).status_code == 201


@pytest.mark.parametrize(
    ("method", "path"), [("delete", EVENTS), ("put", EVENTS), ("get", BATCH), ("post", TOP), ("delete", TOP)]
)
def test_wrong_method_is_405(client, project, make_key, method, path):
    response = getattr(client, method)(path, HTTP_X_API_KEY=make_key(project, "write"))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_unknown_route_is_404(client, project, read_key):
    response = client.get("/api/v1/pulse/reports/nothing", HTTP_X_API_KEY=read_key)
    assert response.status_code == 404
    assert response.json() == {"success": False, "error": {"code": "NOT_FOUND", "message": "Not found"}}


@pytest.mark.parametrize("path", [EVENTS + "/", TOP + "/"])
def test_trailing_slash_is_accepted(get, read_key, path):
    assert get(path, read_key).status_code == 200


def test_html_accept_still_gets_json(client, read_key):
    response = client.get(EVENTS, HTTP_X_API_KEY=read_key, HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
