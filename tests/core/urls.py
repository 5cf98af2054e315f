"""Test-only routes that reach the core's error paths on both envelopes."""

from django.db import OperationalError
from django.urls import include, path
from rest_framework.response import Response

from pulse.api.caching import CachedRead
from pulse.api.views import EventsViewSet, PublicProjectViewSet

BUILDS = []  # what the cached view's builder was asked for, to prove cache hits
VIEW_CALLS = []  # requests that reached the cached view (not answered by the middleware)


def build_cached(project_id):
    BUILDS.append(project_id)
    return {"builds": len(BUILDS)}, CachedViewSet.next_change


class CachedViewSet(PublicProjectViewSet):
    cached_reads = {"list": CachedRead(resource="test", build=build_cached)}
    next_change = None

    def list(self, request, *args, **kwargs):
        VIEW_CALLS.append(request.path)
        return self.cached_read(request)


def build_with_database_down(project_id):
    raise OperationalError("server closed the connection unexpectedly")


class DatabaseDownCachedViewSet(PublicProjectViewSet):
    cached_reads = {"list": CachedRead(resource="test-down", build=build_with_database_down)}

    def list(self, request, *args, **kwargs):
        return self.cached_read(request)


class EchoViewSet(PublicProjectViewSet):
    def create(self, request, *args, **kwargs):
        return Response(request.data)

    def list(self, request, *args, **kwargs):
        return Response({"project": self.project.slug})


class BrokenViewSet(PublicProjectViewSet):
    def list(self, request, *args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    def partial_update(self, request, *args, **kwargs):
        # What a write meets when a concurrent request deleted its row after the lookup.
        raise type(self.project).DoesNotExist("Project matching query does not exist.")

    def create(self, request, *args, **kwargs):
        raise OperationalError("connection refused")


class EventsEchoViewSet(EventsViewSet):
    def create(self, request, *args, **kwargs):
        return Response(request.data)

    def list(self, request, *args, **kwargs):
        raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/projects/<slug:slug>/echo", EchoViewSet.as_view({"get": "list", "post": "create"})),
    path(
        "api/v1/projects/<slug:slug>/broken",
        BrokenViewSet.as_view({"get": "list", "post": "create", "patch": "partial_update"}),
    ),
    path("api/v1/projects/<slug:slug>/cached", CachedViewSet.as_view({"get": "list"})),
    path("api/v1/projects/<slug:slug>/cached-db-down", DatabaseDownCachedViewSet.as_view({"get": "list"})),
    path("api/v1/pulse/echo", EventsEchoViewSet.as_view({"get": "list", "post": "create"})),
    path("", include("pulse.urls")),
]

handler400 = "pulse.views.bad_request"
handler500 = "pulse.views.server_error"
