"""Regressions of what schemathesis found (tests/hardening/test_fuzz.py), one test each."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from feedback.models import Feedback
from pulse.api.renderers import dumps
from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _payload_schema(schema, path, method="get", status="200"):
    envelope = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return envelope["properties"]["data"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/acme/feedback",
        "/api/v1/projects/acme/changelog/3f1c2a4e-3b7d-4e8f-9a01-2c3d4e5f6a7b/viewed",
        "/api/v1/projects/acme/events",
        "/api/v1/pulse/events/batch",
        "/api/v1/admin/feedback/3f1c2a4e-3b7d-4e8f-9a01-2c3d4e5f6a7b/messages",
    ],
)
def test_options_lists_methods_instead_of_500_on_views_without_serializer(client, project, make_key, visitor_id, path):
    response = client.options(path, **visitor(visitor_id), **bearer(make_key(project)))
    assert response.status_code == 200
    methods = response.json()["data"]["methods"]  # both envelopes carry `data`
    assert "POST" in methods and "OPTIONS" in methods
    assert "POST" in response["Allow"]


def test_admin_feedback_list_is_documented_as_one_page_object():
    assert _payload_schema(_schema(), "/api/v1/admin/feedback/") == {"$ref": "#/components/schemas/AdminFeedbackPage"}


def test_public_notification_list_is_documented_as_one_object():
    schema = _schema()
    assert _payload_schema(schema, "/api/v1/projects/{slug}/notifications/") == {
        "$ref": "#/components/schemas/NotificationList"
    }


def test_feedback_without_email_matches_its_documented_admin_schema(client, project, make_key):
    Feedback.objects.create(project=project, user_id="3f1c2a4e-3b7d-4e8f-9a01-2c3d4e5f6a7b", title="No email")
    response = client.get("/api/v1/admin/feedback", **bearer(make_key(project)))
    assert response.json()["data"]["results"][0]["email"] == ""
    assert "format" not in _schema()["components"]["schemas"]["AdminFeedback"]["properties"]["email"]


def test_event_timestamp_before_year_1000_keeps_four_digit_year(client, project, make_key, settings):
    settings.PULSE_EVENT_MAX_AGE_DAYS = 999_999  # believe any past clock: the format is under test
    response = client.post(
        "/api/v1/pulse/events",
        {"name": "old.event", "timestamp": "0046-12-22T09:00:31.783Z"},
        content_type="application/json",
        **bearer(make_key(project, "analytics:write")),
    )
    assert response.status_code == 201
    assert response.json()["data"]["timestamp"] == "0046-12-22T09:00:31.783Z"


def test_renderer_writes_integers_beyond_64_bits():
    assert dumps({"data": 10**30, "error": None}) == b'{"data":1000000000000000000000000000000,"error":null}'


def test_stored_json_with_a_huge_number_reads_back_instead_of_500(client, project, make_key, visitor_id):
    # PostgreSQL's jsonb stores the client's 1e29 as the integer 100000000000000000000000000000.
    key = make_key(project)
    body = {"user_id": visitor_id, "title": "Big", "message": "number", "metadata": {"n": 1e29}}
    created = client.post("/api/v1/admin/notifications", body, content_type="application/json", **bearer(key))
    assert created.status_code == 201
    response = client.get("/api/v1/admin/notifications", {"user_id": visitor_id}, **bearer(key))
    assert response.status_code == 200
    assert float(response.json()["data"][0]["metadata"]["n"]) == 1e29


def test_every_operation_with_a_body_documents_413_and_415_in_the_envelope():
    operations = [op for item in _schema()["paths"].values() for op in item.values() if "requestBody" in op]
    assert len(operations) > 10
    for operation in operations:
        for status in ("413", "415"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert set(schema["required"]) in ({"data", "error"}, {"success", "error"}), operation["operationId"]
