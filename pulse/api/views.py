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
from .permissions import HasApiKeyScope
from .ratelimit import GroupRateThrottle, counted_usages, rate_limit_headers
from .renderers import EventsEnvelopeRenderer, FirstRendererNegotiation
from .visitors import request_visitor_id


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
    def response_headers(cls, request, actions):
        """The headers every answer of this route carries, whichever path answered it (DRF or
        PublicReadMiddleware): DRF's `Allow` for its method -> action `actions`, and the
        rate-limit headers of the request's count (`RateLimit`, `RateLimit-Policy`, and
        `Retry-After` once over the limit)."""
        implied = {"options"} | ({"head"} if "get" in actions else set())
        allowed = [method.upper() for method in cls.http_method_names if method in actions or method in implied]
        return {"Allow": ", ".join(allowed), **rate_limit_headers(counted_usages(request))}

    @classmethod
    def finish(cls, request, response, actions):
        """The last touch of every answer of this route, whichever path answered it (DRF's
        `finalize_response` or PublicReadMiddleware): `response_headers`, and
        `Cache-Control: private, no-store` on the answer to a request that names a visitor
        (`x-pulse-user-id`) unless the answer set its own (a shared cached list, `public`
        with `Vary: x-pulse-user-id`), so no shared cache keeps one visitor's data."""
        for name, value in cls.response_headers(request, actions).items():
            response[name] = value
        if request_visitor_id(request) is not None and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        """Every DRF answer (a 429 too) is `finish`ed, as the early path's are: the rate-limit
        headers from what this request was counted as (read, not counted again)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        return self.finish(request, response, self.action_map)

    @staticmethod
    def parse_id_or_404(pk, message="Not found"):
        """A UUID from the URL; a malformed one is a 404 like an unknown one."""
        try:
            return uuid.UUID(str(pk))
        except ValueError:
            raise NotFound(message) from None

    def get_object_or_404(self, queryset, pk, message="Not found"):
        """One object of `queryset` by UUID primary key; a malformed id is a 404 too."""
        obj = queryset.filter(pk=self.parse_id_or_404(pk, message)).first()
        if obj is None:
            raise NotFound(message)
        return obj


class PublicProjectViewSet(PulseAPIMixin, viewsets.GenericViewSet):
    """Public API: `self.project` is the slug's project (404 `Project not found`).

    Reads answered from the public list cache are declared once, in `cached_reads`
    (action name -> `CachedRead`), and answered with `self.cached_read(request)`. The same
    declaration serves the early path in front of DRF (`PublicReadMiddleware`), so a warm
    GET without a query string skips DRF but runs the same code.
    """

    cached_reads = {}

    def cached_read(self, request):
        """Answer this action from its `CachedRead`: the list, a 304, or the visitor's share."""
        read = self.cached_reads[self.action]
        return read.respond(request, project=self.project, visitor_id=read.visitor_of(request))

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
