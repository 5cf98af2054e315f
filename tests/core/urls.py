"""Test-only routes that reach the core's error paths on both envelopes."""

from django.db import OperationalError
from django.urls import include, path
from rest_framework.response import Response

from pulse.api.views import EventsViewSet, PublicProjectViewSet

BUILDS = []  # what the cached view's builder was asked for, to prove cache hits
VIEW_CALLS = []  # requests that reached the cached view (not answered by the middleware)


class CachedViewSet(PublicProjectViewSet):
    cached_list_resource = "test"
    next_change = None

    def list(self, request, *args, **kwargs):
        VIEW_CALLS.append(request.path)

        def build():
            BUILDS.append(self.project.id)
            return {"builds": len(BUILDS)}, CachedViewSet.next_change

        return self.cached_list(request, build)


class EchoViewSet(PublicProjectViewSet):
    def create(self, request, *args, **kwargs):
        return Response(request.data)

    def list(self, request, *args, **kwargs):
        return Response({"project": self.project.slug})


class BrokenViewSet(PublicProjectViewSet):
    def list(self, request, *args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    def create(self, request, *args, **kwargs):
        raise OperationalError("connection refused")


class EventsEchoViewSet(EventsViewSet):
    def create(self, request, *args, **kwargs):
        return Response(request.data)

    def list(self, request, *args, **kwargs):
        raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/projects/<slug:slug>/echo", EchoViewSet.as_view({"get": "list", "post": "create"})),
    path("api/v1/projects/<slug:slug>/broken", BrokenViewSet.as_view({"get": "list", "post": "create"})),
    path("api/v1/projects/<slug:slug>/cached", CachedViewSet.as_view({"get": "list"})),
    path("api/v1/pulse/echo", EventsEchoViewSet.as_view({"get": "list", "post": "create"})),
    path("", include("pulse.urls")),
]

handler400 = "pulse.views.bad_request"
handler500 = "pulse.views.server_error"
