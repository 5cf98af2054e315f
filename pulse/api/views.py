"""Base views of the three API families; apps subclass these and add no plumbing.

- `PublicProjectViewSet`: `/api/v1/projects/:slug/...`, no key, project from the slug,
  rate-limited per visitor or IP in the view's group.
- `AdminViewSet`: `/api/v1/admin/...`, API key, scope per `scope_module`, project = key's.
- `EventsViewSet`: `/api/v1/pulse/...`, like Admin but in the `{success, data}` envelope.
"""

import uuid

from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.metadata import BaseMetadata

from projects.selectors import get_project_by_slug

from .authentication import ApiKeyAuthentication
from .caching import cached_public_response
from .permissions import HasApiKeyScope
from .ratelimit import GroupRateThrottle
from .renderers import EventsEnvelopeRenderer, FirstRendererNegotiation


class AllowedMethodsMetadata(BaseMetadata):
    """OPTIONS lists the allowed methods; DRF's default introspects a serializer many views lack (a 500)."""

    def determine_metadata(self, request, view):
        return {"methods": view.allowed_methods}


class PulseAPIMixin:
    """What every API view shares: JSON only, rate-limit groups and their headers."""

    content_negotiation_class = FirstRendererNegotiation
    metadata_class = AllowedMethodsMetadata
    throttle_classes = [GroupRateThrottle]
    rate_limit_group = "general"
    rate_limit_groups = {}  # action name -> group, for actions outside the default group

    @classmethod
    def rate_limit_group_for(cls, action):
        return cls.rate_limit_groups.get(action, cls.rate_limit_group)

    def get_rate_limit_group(self):
        return self.rate_limit_group_for(getattr(self, "action", None))

    @classmethod
    def allow_header(cls, actions):
        """DRF's `Allow` header for a route with these method -> action `actions`."""
        implied = {"options"} | ({"head"} if "get" in actions else set())
        return ", ".join(method.upper() for method in cls.http_method_names if method in actions or method in implied)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        usage = getattr(request, "rate_limit_usage", None)
        if usage is not None:
            for name, value in usage.headers().items():
                response.setdefault(name, value)
        return response

    def get_object_or_404(self, queryset, pk, message="Not found"):
        """One object of `queryset` by UUID primary key; a malformed id is a 404 too."""
        try:
            pk = uuid.UUID(str(pk))
        except ValueError:
            raise NotFound(message) from None
        obj = queryset.filter(pk=pk).first()
        if obj is None:
            raise NotFound(message)
        return obj


class PublicProjectViewSet(PulseAPIMixin, viewsets.GenericViewSet):
    """Public API: `self.project` is the slug's project (404 `Project not found`).

    A viewset whose list is the same for everyone names its cache entry in
    `cached_list_resource` and answers with `cached_list()`; the core's
    `PublicListCacheMiddleware` then serves it before DRF once it is cached.
    """

    cached_list_resource = None
    cached_list_per_visitor = False  # True: with a visitor header the list is the visitor's own

    def cached_list(self, request, build):
        """The cached list (or a 304); `build()` -> (payload, next change or None) on a miss."""
        return cached_public_response(
            request, resource=self.cached_list_resource, project_id=self.project.id, build=build
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.project = get_project_by_slug(kwargs["slug"])
        if self.project is None:
            raise NotFound("Project not found")


class AdminViewSet(PulseAPIMixin, viewsets.GenericViewSet):
    """Admin API: `self.project` is the API key's project; `scope_module` names the scope."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKeyScope]
    scope_module = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.project = request.auth.project


class EventsViewSet(AdminViewSet):
    renderer_classes = [EventsEnvelopeRenderer]
    scope_module = "analytics"
