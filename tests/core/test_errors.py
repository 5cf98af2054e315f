"""Every error under /api/ is JSON in its envelope, with the right status."""

import logging

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


def test_unknown_api_route_is_json_404_in_data_envelope(client):
    response = client.get("/api/v1/projects/acme/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Not found"}


def test_unknown_events_route_is_json_404_in_success_envelope(client):
    response = client.post("/api/v1/pulse/nothing-here", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"success": False, "error": {"code": "NOT_FOUND", "message": "Not found"}}


def test_unknown_project_slug_is_404_project_not_found(client):
    response = client.get("/api/v1/projects/no-such-project/echo")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_wrong_method_is_405_in_data_envelope(client, project):
    response = client.delete("/api/v1/projects/acme/echo")
    assert response.status_code == 405
    body = response.json()
    assert body["data"] is None and "DELETE" in body["error"]


def test_wrong_method_is_405_in_events_envelope(client, project, make_key):
    response = client.delete("/api/v1/pulse/echo", HTTP_X_API_KEY=make_key(project))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_malformed_json_is_400_invalid_json_body(client, project):
    response = client.post("/api/v1/projects/acme/echo", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}


def test_malformed_json_is_400_in_events_envelope(client, project, make_key):
    response = client.post(
        "/api/v1/pulse/echo", data="[1,", content_type="application/json", HTTP_X_API_KEY=make_key(project)
    )
    assert response.status_code == 400
    assert response.json() == {"success": False, "error": {"code": "BAD_REQUEST", "message": "Invalid JSON body"}}


def test_body_over_limit_is_413(client, project, settings):
    settings.PULSE_MAX_REQUEST_BYTES = 100
    response = client.post(
        "/api/v1/projects/acme/echo", data='{"a": "' + "x" * 200 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["data"] is None
    assert "too large" in response.json()["error"]


def test_body_over_limit_is_413_in_events_envelope(client, project, settings):
    settings.PULSE_EVENTS_MAX_REQUEST_BYTES = 100
    response = client.post("/api/v1/pulse/echo", data="[" + "1," * 100 + "1]", content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_body_within_limit_passes(client, project):
    response = client.post("/api/v1/projects/acme/echo", data={"a": 1}, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"data": {"a": 1}, "error": None}


def test_unhandled_exception_is_500_without_traceback_and_is_logged(client, project, caplog):
    with caplog.at_level(logging.ERROR, logger="pulse.api"):
        response = client.get("/api/v1/projects/acme/broken")
    assert response.status_code == 500
    assert response.json() == {"data": None, "error": "Internal server error"}
    assert b"passwd" not in response.content and b"Traceback" not in response.content
    assert any("secret internals" in str(record.exc_info) for record in caplog.records)


def test_unhandled_exception_is_500_in_events_envelope(client, project, make_key):
    response = client.get("/api/v1/pulse/echo", HTTP_X_API_KEY=make_key(project))
    assert response.status_code == 500
    assert response.json() == {
        "success": False,
        "error": {"code": "INTERNAL_ERROR", "message": "Internal server error"},
    }


def test_database_unreachable_is_503(client, project):
    response = client.post("/api/v1/projects/acme/broken", data={}, content_type="application/json")
    assert response.status_code == 503
    assert response.json() == {"data": None, "error": "Service temporarily unavailable"}


def test_routes_match_with_and_without_trailing_slash_and_post_is_not_redirected(client, project):
    for path in ("/api/v1/admin/me", "/api/v1/admin/me/"):
        response = client.post(path, data={}, content_type="application/json")
        assert response.status_code == 401, path  # reached the view: no redirect, no 404


def test_html_accept_header_still_gets_json(client, project):
    response = client.get("/api/v1/projects/acme/echo", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_deeply_nested_json_is_400_not_500(client, project):
    body = "[" * 20000 + "]" * 20000
    response = client.post("/api/v1/projects/acme/echo", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}


def test_non_utf8_body_is_400(client, project):
    response = client.post("/api/v1/projects/acme/echo", data=b'{"title": "\xff\xfe"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "Invalid JSON body"


def test_wrong_content_type_is_415_in_envelope(client, project):
    response = client.post("/api/v1/projects/acme/echo", data="title=x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["data"] is None
    assert "text/plain" in response.json()["error"]


def test_huge_header_is_handled_cleanly(client, project):
    response = client.get("/api/v1/projects/acme/echo", HTTP_X_PULSE_USER_ID="a" * 10000)
    assert response.status_code == 200  # the echo view ignores the visitor; no crash on the rate-limit key


def test_empty_body_post_without_content_type_parses_as_empty(client, project):
    response = client.generic("POST", "/api/v1/projects/acme/echo")
    assert response.status_code == 200
    assert response.json() == {"data": {}, "error": None}


def test_disallowed_host_under_api_is_json_400(client, settings):
    settings.ALLOWED_HOSTS = ["pulse.example.com"]
    response = client.get("/api/v1/admin/me", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Bad request"}


def test_disallowed_host_under_events_api_uses_events_envelope(client, settings):
    settings.ALLOWED_HOSTS = ["pulse.example.com"]
    response = client.get("/api/v1/pulse/events", HTTP_HOST="evil.example")
    assert response.json() == {"success": False, "error": {"code": "BAD_REQUEST", "message": "Bad request"}}


def test_a_row_deleted_by_a_concurrent_request_is_a_404_not_a_500(client, project):
    response = client.patch("/api/v1/projects/acme/broken", data="{}", content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Not found"}
