"""The OpenAPI description validates and documents the envelopes."""

import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").stat().st_size > 0


def test_schema_is_served_as_json_with_envelopes(client):
    response = client.get("/api/v1/schema?format=json")
    assert response.status_code == 200
    schema = response.json()
    me = schema["paths"]["/api/v1/admin/me/"]["get"]
    assert set(me["responses"]["200"]["content"]["application/json"]["schema"]["properties"]) == {"data", "error"}
    assert me["security"] == [{"ApiKey": []}]


def test_docs_page_works_offline(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert any("swagger-ui" in asset for asset in assets)  # the sidecar's local copy
    assert [asset for asset in assets if asset.startswith(("http:", "https:", "//"))] == []
