"""Base views of the three API families; apps subclass these and add no plumbing.

- `PublicProjectViewSet`: `/api/v1/projects/:slug/...`, no key, project from the slug,
  rate-limited per visitor or IP in the view's group.
- `AdminViewSet`: `/api/v1/admin/...`, API key, scope per `scope_module`, project = key's.
- `EventsViewSet`: `/api/v1/pulse/...`, like Admin but in the `{success, data}` envelope.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.cache import patch_vary_headers
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.metadata import BaseMetadata

from projects.selectors import get_project_by_slug

from .authentication import ApiKeyAuthentication
from .caching import cached_list_for_etag, cached_list_response, cached_public_response, current_etag_key
from .permissions import HasApiKeyScope
from .ratelimit import GroupRateThrottle, counted_usages, rate_limit_headers
from .renderers import EventsEnvelopeRenderer, FirstRendererNegotiation, data_response
from .visitors import VISITOR_HEADER_NAME


class AllowedMethodsMetadata(BaseMetadata):
    """OPTIONS lists the allowed methods; DRF's default introspects a serializer many views lack (a 500)."""

    def determine_metadata(self, request, view):
        return {"methods": view.allowed_methods}


def visitor_response(data, response_class=None):
    """A 200 of `data` that depends on the visitor header (and says so in Vary); a DRF
    Response when `response_class` is given, else rendered outside DRF."""
    response = response_class(data) if response_class else data_response(data)
    patch_vary_headers(response, [VISITOR_HEADER_NAME])
    return response


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
        """The one place the API's rate-limit headers are set, on every response (a 429 too),
        from what this request was counted as (read, not counted again)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in rate_limit_headers(counted_usages(request)).items():
            response[name] = value
        return response

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


@dataclass(frozen=True)
class EarlyRead:
    """A GET that PublicReadMiddleware answers before DRF: the cache entry it needs (read
    along with the rate-limit count) and `answer(request, value)` -> response, or None to
    let the view answer. It must answer exactly as the view would."""

    cache_key: str
    answer: Callable


class PublicProjectViewSet(PulseAPIMixin, viewsets.GenericViewSet):
    """Public API: `self.project` is the slug's project (404 `Project not found`).

    A viewset whose list is the same for everyone names its cache entry in
    `cached_list_resource` and answers with `cached_list()`; once cached, the list is
    answered before DRF. `early_read()` can offer more such reads (see EarlyRead).
    """

    cached_list_resource = None
    cached_list_per_visitor = False  # True: with a visitor header the list is the visitor's own

    def cached_list(self, request, build):
        """The cached list (or a 304); `build()` -> (payload, next change or None) on a miss."""
        return cached_public_response(
            request, resource=self.cached_list_resource, project_id=self.project.id, build=build
        )

    @classmethod
    def early_read(cls, action, project_id, visitor_id):
        """The EarlyRead for a GET of `action` (no query string), or None."""
        if action != "list" or cls.cached_list_resource is None:
            return None
        if cls.cached_list_per_visitor and visitor_id is not None:
            return None
        resource = cls.cached_list_resource

        def answer(request, etag):
            return cached_list_response(request, resource=resource, project_id=project_id, etag=etag)

        return EarlyRead(current_etag_key(resource=resource, project_id=project_id), answer)

    @staticmethod
    def early_read_derived(*, resource, project_id, derive):
        """An EarlyRead answering `derive(data of the cached list)`, e.g. a visitor's share of it."""

        def answer(request, etag):
            cached = cached_list_for_etag(resource=resource, project_id=project_id, etag=etag)
            return None if cached is None else visitor_response(derive(cached.payload))

        return EarlyRead(current_etag_key(resource=resource, project_id=project_id), answer)

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
