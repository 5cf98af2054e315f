"""Each identity mode against every visitor endpoint (issue 22), table-driven.

The endpoints are every operation of the OpenAPI description that takes the visitor
header, so a new visitor endpoint (the idea board's, say) is checked here as soon as its
schema says so.
"""

import uuid

import pytest
from drf_spectacular.generators import SchemaGenerator

from projects.models import IdentityMode
from projects.services import set_identity_mode

from .conftest import mint, token_header

TOKEN_REQUIRED = "x-pulse-user-token header required: this project accepts signed visitors only"


SCHEMA = SchemaGenerator().get_schema(request=None, public=True)


def visitor_operations():
    """[(method, path template, visitor required)] of every operation taking x-pulse-user-id."""
    found = []
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("name") == "x-pulse-user-id":
                    found.append((method.upper(), path, bool(parameter.get("required"))))
    return found


OPERATIONS = visitor_operations()


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: f"{operation[0]} {operation[1]}")
def test_every_visitor_operation_documents_the_token_header_and_its_401(operation):
    method, path, _ = operation
    documented = SCHEMA["paths"][path][method.lower()]

    assert "x-pulse-user-token" in [parameter["name"] for parameter in documented["parameters"]]
    assert "401" in documented["responses"]


def test_the_table_covers_the_known_visitor_endpoints():
    paths = {path for _, path, _ in OPERATIONS}
    assert {
        "/api/v1/projects/{slug}/feedback/",
        "/api/v1/projects/{slug}/roadmap/{id}/vote/",
        "/api/v1/projects/{slug}/notifications/",
        "/api/v1/projects/{slug}/announcements/{id}/dismiss/",
        "/api/v1/projects/{slug}/changelog/unseen/",
        "/api/v1/projects/{slug}/subscribe/",
    } <= paths


def call(api_client, method, path, headers):
    url = path.replace("{slug}", "acme")
    for name in ("{id}", "{pk}", "{entry_id}"):
        url = url.replace(name, str(uuid.uuid4()))
    return api_client.generic(method, url, "{}", content_type="application/json", **headers)


def operation_id(operation):
    return f"{operation[0]} {operation[1]}"


# Where a visitor writes what the team reads as theirs with an optional id: anonymous posts
# are refused on a verified-only project (pulse.api.visitors.get_visitor_id's `authors`).
AUTHORING = {("POST", "/api/v1/projects/{slug}/feedback/"), ("POST", "/api/v1/projects/{slug}/ideas/")}


@pytest.fixture
def verified_only(project, secret):
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    return secret


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_anonymous_allowed_takes_an_unsigned_visitor_id(api_client, project, secret, operation, visitor_id):
    method, path, _ = operation
    response = call(api_client, method, path, {"HTTP_X_PULSE_USER_ID": visitor_id})

    assert response.status_code not in (401, 500), response.content


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_verified_only_refuses_an_unsigned_visitor_id_naming_the_token_header(
    api_client, verified_only, operation, visitor_id
):
    method, path, _ = operation
    response = call(api_client, method, path, {"HTTP_X_PULSE_USER_ID": visitor_id})

    assert response.status_code == 401
    assert response.json() == {"data": None, "error": TOKEN_REQUIRED}


@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_verified_only_asks_for_the_token_where_a_visitor_is_required(api_client, verified_only, operation):
    method, path, required = operation
    response = call(api_client, method, path, {})

    if required or (method, path) in AUTHORING:
        assert (response.status_code, response.json()["error"]) == (401, TOKEN_REQUIRED)
    else:  # reads and writes that need no visitor stay public
        assert response.status_code not in (401, 500), response.content


def test_the_authoring_endpoints_are_visitor_endpoints_with_an_optional_id():
    assert AUTHORING <= {(method, path) for method, path, required in OPERATIONS if not required}


@pytest.mark.parametrize("mode", [IdentityMode.ANONYMOUS, IdentityMode.VERIFIED])
@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_every_mode_takes_a_signed_visitor(api_client, project, secret, operation, mode):
    set_identity_mode(project=project, mode=mode)
    method, path, _ = operation
    response = call(api_client, method, path, token_header(mint(secret)))

    assert response.status_code not in (401, 500), response.content


@pytest.mark.parametrize("mode", [IdentityMode.ANONYMOUS, IdentityMode.VERIFIED])
@pytest.mark.parametrize("operation", OPERATIONS, ids=operation_id)
def test_every_mode_refuses_a_bad_token(api_client, project, secret, operation, mode):
    set_identity_mode(project=project, mode=mode)
    method, path, _ = operation
    response = call(api_client, method, path, token_header(mint(secret, lifetime=-60)))

    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-token has expired"}
