"""API keys in the dashboard: created with scopes and expiry, shown once, listed, revoked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import ApiKey
from projects.selectors import find_active_api_key
from projects.services import create_api_key

pytestmark = pytest.mark.django_db


def _form_token(client):
    return client.get("/p/acme/keys/new/").context["form_token"]


def test_created_key_is_shown_once_and_works(login, team, project):
    client = login(team["admin"])
    token = _form_token(client)
    response = client.post(
        "/p/acme/keys/new/", {"form_token": token, "name": "CI deploy", "scopes": ["changelog:write", "read"]}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw_key = response.context["raw_key"]
    assert raw_key in response.content.decode()
    api_key = find_active_api_key(raw_key)
    assert api_key.project == project
    assert api_key.name == "CI deploy"
    assert api_key.scopes == ["read", "changelog:write"]
    assert api_key.created_by == team["admin"]


def test_raw_key_is_kept_out_of_the_session_and_the_url(login, team):
    client = login(team["admin"])
    token = _form_token(client)
    response = client.post("/p/acme/keys/new/", {"form_token": token, "name": "k", "scopes": ["read"]})
    raw_key = response.context["raw_key"]
    assert raw_key not in str(dict(client.session))
    assert raw_key not in response.wsgi_request.get_full_path()


def test_resending_the_form_does_not_show_or_create_a_key_again(login, team):
    client = login(team["admin"])
    data = {"form_token": _form_token(client), "name": "k", "scopes": ["read"]}
    first = client.post("/p/acme/keys/new/", data)
    again = client.post("/p/acme/keys/new/", data, follow=True)
    assert again.redirect_chain[-1][0] == "/p/acme/keys/"
    assert first.context["raw_key"] not in again.content.decode()
    assert "cannot be shown again" in again.content.decode()
    assert ApiKey.objects.count() == 1


def test_key_list_shows_prefix_scopes_and_status_never_the_key(login, team, project):
    api_key, raw_key = create_api_key(project=project, name="Reporting", scopes=["analytics:read"])
    body = login(team["admin"]).get("/p/acme/keys/").content.decode()
    assert api_key.prefix in body
    assert "analytics:read" in body
    assert "active" in body
    assert raw_key not in body


def test_key_without_scopes_is_refused_with_the_error_and_the_name_kept(login, team):
    client = login(team["admin"])
    response = client.post("/p/acme/keys/new/", {"form_token": _form_token(client), "name": "Nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose at least one scope." in body
    assert 'value="Nope"' in body
    assert not ApiKey.objects.exists()


def test_unknown_scope_is_refused(login, team):
    client = login(team["admin"])
    client.post("/p/acme/keys/new/", {"form_token": _form_token(client), "name": "x", "scopes": ["root"]})
    assert not ApiKey.objects.exists()


def test_expiry_in_the_past_is_refused(login, team):
    client = login(team["admin"])
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        "/p/acme/keys/new/", {"form_token": _form_token(client), "name": "x", "scopes": ["read"], "expires_at": past}
    )
    assert "The expiry must be in the future." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_key_with_expiry_is_saved_with_it(login, team):
    client = login(team["admin"])
    future = timezone.now() + timedelta(days=30)
    expires = future.strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/p/acme/keys/new/", {"form_token": _form_token(client), "name": "x", "scopes": ["read"], "expires_at": expires}
    )
    assert ApiKey.objects.get().expires_at.date() == future.date()


def test_revoking_a_key_stops_it(login, team, project):
    api_key, raw_key = create_api_key(project=project, name="Old", scopes=["read"])
    response = login(team["admin"]).post(f"/p/acme/keys/{api_key.pk}/revoke/")
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert find_active_api_key(raw_key) is None


def test_member_cannot_revoke_a_key(login, team, project):
    api_key, _ = create_api_key(project=project, name="Old", scopes=["read"])
    response = login(team["member"]).post(f"/p/acme/keys/{api_key.pk}/revoke/")
    assert response.status_code == 403
    api_key.refresh_from_db()
    assert api_key.revoked_at is None


def test_key_list_query_count_does_not_grow_with_keys(login, team, project, queries_for):
    login(team["admin"])
    create_api_key(project=project, name="k0", scopes=["read"], created_by=team["owner"])
    first = queries_for("/p/acme/keys/")
    for index in range(30):
        create_api_key(project=project, name=f"k{index + 1}", scopes=["read"], created_by=team["owner"])
    assert queries_for("/p/acme/keys/") == first
