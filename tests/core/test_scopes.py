"""Scope rules of API keys, and that a key only ever sees its own project."""

import pytest
from django.urls import path
from rest_framework.response import Response

from projects.scopes import scopes_allow
from pulse.api.views import AdminViewSet
from tests.helpers import bearer

pytestmark = pytest.mark.django_db


class ProjectScopedViewSet(AdminViewSet):
    """Stands in for any module: reads/writes the key's project only."""

    scope_module = "roadmap"

    def retrieve(self, request, pk, *args, **kwargs):
        from projects.models import Project

        obj = self.get_object_or_404(Project.objects.filter(pk=self.project.pk), pk, "Project not found")
        return Response({"slug": obj.slug})

    def partial_update(self, request, pk, *args, **kwargs):
        return Response({"updated": pk})


urlpatterns = [
    path("api/v1/admin/things/<str:pk>", ProjectScopedViewSet.as_view({"get": "retrieve", "patch": "partial_update"})),
]


@pytest.mark.parametrize(
    ("granted", "module", "write", "allowed"),
    [
        (["read"], "roadmap", False, True),
        (["read"], "roadmap", True, False),
        (["write"], "roadmap", False, True),
        (["write"], "roadmap", True, True),
        (["roadmap:read"], "roadmap", False, True),
        (["roadmap:read"], "roadmap", True, False),
        (["roadmap:write"], "roadmap", False, True),
        (["changelog:write"], "roadmap", True, False),
        (["changelog:read"], "roadmap", False, False),
    ],
)
def test_scope_rules(granted, module, write, allowed):
    assert scopes_allow(granted, module=module, write=write) is allowed


@pytest.mark.urls("tests.core.test_scopes")
def test_read_key_on_write_operation_is_403(client, project, make_key):
    response = client.patch(
        f"/api/v1/admin/things/{project.pk}",
        data={},
        content_type="application/json",
        **bearer(make_key(project, "read")),
    )
    assert response.status_code == 403
    assert response.json() == {"data": None, "error": "This API key lacks the roadmap:write scope"}


@pytest.mark.urls("tests.core.test_scopes")
def test_changelog_write_key_on_roadmap_write_is_403(client, project, make_key):
    response = client.patch(
        f"/api/v1/admin/things/{project.pk}",
        data={},
        content_type="application/json",
        **bearer(make_key(project, "changelog:write")),
    )
    assert response.status_code == 403


@pytest.mark.urls("tests.core.test_scopes")
def test_roadmap_write_key_may_write_roadmap(client, project, make_key):
    response = client.patch(
        f"/api/v1/admin/things/{project.pk}",
        data={},
        content_type="application/json",
        **bearer(make_key(project, "roadmap:write")),
    )
    assert response.status_code == 200


@pytest.mark.urls("tests.core.test_scopes")
def test_key_of_project_a_on_project_b_object_is_404(client, project, other_project, make_key):
    response = client.get(f"/api/v1/admin/things/{other_project.pk}", **bearer(make_key(project)))
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}
    own = client.get(f"/api/v1/admin/things/{project.pk}", **bearer(make_key(project)))
    assert own.json()["data"] == {"slug": "acme"}


@pytest.mark.urls("tests.core.test_scopes")
def test_malformed_object_id_is_404_not_500(client, project, make_key):
    response = client.get("/api/v1/admin/things/not-a-uuid", **bearer(make_key(project)))
    assert response.status_code == 404
