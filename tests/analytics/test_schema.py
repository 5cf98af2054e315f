"""Every event operation is documented, with its envelope."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return client.get("/api/v1/schema?format=json").json()


@pytest.mark.parametrize(
    ("path", "method", "operation_id", "status"),
    [
        ("/api/v1/pulse/events/", "post", "events_track", "201"),
        ("/api/v1/pulse/events/", "get", "events_list", "200"),
        ("/api/v1/pulse/events/batch/", "post", "events_batch", "201"),
        ("/api/v1/pulse/reports/top-events/", "get", "events_top", "200"),
        ("/api/v1/projects/{slug}/events/", "post", "project_events_track", "201"),
    ],
)
def test_operation_is_documented_with_its_envelope(schema, path, method, operation_id, status):
    operation = schema["paths"][path][method]
    assert operation["operationId"] == operation_id
    envelope = operation["responses"][status]["content"]["application/json"]["schema"]
    expected = {"data", "error"} if path.startswith("/api/v1/projects/") else {"success", "data"}
    assert set(envelope["properties"]) == expected


def test_event_fields_are_camel_case_with_formats(schema):
    event = schema["components"]["schemas"]["Event"]["properties"]
    assert set(event) == {"id", "name", "properties", "userId", "sessionId", "timestamp"}
    assert event["timestamp"]["format"] == "date-time"
    limit = next(p for p in schema["paths"]["/api/v1/pulse/events/"]["get"]["parameters"] if p["name"] == "limit")
    assert (limit["schema"]["minimum"], limit["schema"]["maximum"]) == (1, 1000)
