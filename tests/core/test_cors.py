"""CORS: permissive on /api/ with the seed's headers; nothing on the dashboard or admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_preflight_on_api_path_allows_the_seed_headers(client, project):
    response = client.options(
        "/api/v1/projects/acme/changelog",
        HTTP_ORIGIN="https://customer.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type,x-pulse-user-id",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert allowed == {"content-type", "authorization", "x-api-key", "x-pulse-user-id", "x-pulse-user-token"}
    assert "Access-Control-Allow-Credentials" not in response


def test_api_responses_expose_rate_limit_headers(client, project):
    response = client.get("/api/v1/admin/me", HTTP_ORIGIN="https://customer.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "RateLimit" in response["Access-Control-Expose-Headers"]


def test_admin_login_has_no_cors_headers(client):
    response = client.get("/admin/login/", HTTP_ORIGIN="https://customer.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_dashboard_has_no_cors_headers(client):
    response = client.get("/login/", HTTP_ORIGIN="https://customer.example")
    assert "Access-Control-Allow-Origin" not in response
