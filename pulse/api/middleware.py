"""Middleware of the API: JSON errors whatever went wrong before DRF, body bounds, and the
public list cache in front of DRF.

`ApiErrorMiddleware` answers exceptions raised outside DRF's handler (plain Django views
under /api/) in the envelope; `RequestSizeLimitMiddleware` refuses bodies over the
configured bound with 413 before anything reads them; `PublicListCacheMiddleware` answers
cached public lists (see `caching`) the way Django's FetchFromCacheMiddleware does.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.urls import Resolver404, resolve

from projects.selectors import get_project_by_slug

from .caching import cached_list_response, current_etag_key
from .envelopes import EVENTS_PREFIX, error_response
from .exceptions import INTERNAL_ERROR_MESSAGE, SERVICE_UNAVAILABLE_MESSAGE
from .ratelimit import count, request_counters
from .visitors import VISITOR_HEADER

PUBLIC_PREFIX = "/api/v1/projects/"

logger = logging.getLogger("pulse.api")


def is_api_path(path):
    return path.startswith("/api/")


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.warning("Database unavailable: %s", exception)
            return error_response(request, 503, SERVICE_UNAVAILABLE_MESSAGE, {"Retry-After": "5"})
        logger.exception("Unhandled error on %s", request.path, exc_info=exception)
        return error_response(request, 500, INTERNAL_ERROR_MESSAGE)


def max_body_bytes(path):
    if path.startswith(EVENTS_PREFIX) or path.endswith("/events") or path.endswith("/events/"):
        return settings.PULSE_EVENTS_MAX_REQUEST_BYTES
    return settings.PULSE_MAX_REQUEST_BYTES


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_path(request.path):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return error_response(request, 400, "Invalid Content-Length header")
            limit = max_body_bytes(request.path)
            if length > limit:
                return error_response(request, 413, f"Request body too large (limit {limit} bytes)")
        return self.get_response(request)


class PublicListCacheMiddleware:
    """Answer a cached public list (200 or 304) before URL dispatch, DRF and the session.

    Its rate-limit count and the list's ETag come in one cache round trip; the count is
    handed on (`request.rate_limit_usages`) when the view has to answer after all: a cache
    miss, a 429, an unknown slug. A view opts in with `cached_list_resource`.
    """

    RESOLVED_PATHS_MAX = 4096

    def __init__(self, get_response):
        self.get_response = get_response
        self.resolved = {}  # path -> ResolverMatch or None: a dict lookup instead of the resolver

    def resolve(self, path):
        if path not in self.resolved:
            if len(self.resolved) >= self.RESOLVED_PATHS_MAX:
                self.resolved.clear()
            try:
                self.resolved[path] = resolve(path)
            except Resolver404:
                self.resolved[path] = None
        return self.resolved[path]

    def __call__(self, request):
        if request.method == "GET" and request.path.startswith(PUBLIC_PREFIX) and not request.META.get("QUERY_STRING"):
            response = self.cached_response(request)
            if response is not None:
                return response
        return self.get_response(request)

    def cached_response(self, request):
        if not settings.PULSE_PUBLIC_CACHE_ENABLED:
            return None
        match = self.resolve(request.path_info)
        if match is None:
            return None
        view_class = getattr(match.func, "cls", None)
        resource = getattr(view_class, "cached_list_resource", None)
        if resource is None or match.func.actions.get("get") != "list":
            return None
        if view_class.cached_list_per_visitor and request.META.get(VISITOR_HEADER):
            return None
        slug = match.kwargs["slug"]
        try:
            project = get_project_by_slug(slug)
        except DatabaseError:
            return None  # the view answers 503
        if project is None:
            return None
        counters = request_counters(request, group=view_class.rate_limit_group_for("list"), slug=slug)
        usages, etag = count(counters, read_key=current_etag_key(resource=resource, project_id=project.id))
        request.rate_limit_usages = usages
        if etag is None or any(usage.exceeded for usage in usages):
            return None
        response = cached_list_response(request, resource=resource, project_id=project.id, etag=etag)
        if response is not None:
            response["Allow"] = view_class.allow_header(match.func.actions)
            for name, value in (usages[0].headers() if usages else {}).items():
                response[name] = value
        return response
