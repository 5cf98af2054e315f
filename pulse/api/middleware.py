"""Middleware of the API: JSON errors whatever went wrong before DRF, body bounds, and the
public list cache in front of DRF.

`ApiErrorMiddleware` answers exceptions raised outside DRF's handler (plain Django views
under /api/) in the envelope; `RequestSizeLimitMiddleware` refuses bodies over the
configured bound with 413 before anything reads them; `PublicReadMiddleware` answers
the hottest public GETs from the list cache (see `caching`) before DRF.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError
from django.urls import Resolver404, resolve

from projects.selectors import get_project_by_slug

from .envelopes import EVENTS_PREFIX, error_response
from .exceptions import INTERNAL_ERROR_MESSAGE, SERVICE_UNAVAILABLE_MESSAGE
from .ratelimit import count_request, rate_limit_headers
from .visitors import VISITOR_HEADER, parse_visitor_id

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


class PublicReadMiddleware:
    """Answer the hottest public GETs before URL dispatch, DRF and the session layers.

    Like Django's FetchFromCacheMiddleware, but for reads built on the public list cache:
    the cached lists themselves (200 or 304) and the per-visitor reads derived from them.
    A public viewset offers them with `early_read()` (see PublicProjectViewSet). The rate-
    limit count is made here (`count_request`, memoized), then the cache entry the read needs
    is fetched; when the read cannot answer (a cache miss, a 429, an unknown slug, a bad
    header) the view answers, and its throttle reads the same count.
    """

    RESOLVED_PATHS_MAX = 4096

    def __init__(self, get_response):
        self.get_response = get_response
        self.resolved = {}  # path -> ResolverMatch or None: a dict lookup instead of the resolver

    def __call__(self, request):
        if request.method == "GET" and request.path.startswith(PUBLIC_PREFIX) and not request.META.get("QUERY_STRING"):
            response = self.early_response(request)
            if response is not None:
                return response
        return self.get_response(request)

    def resolve(self, path):
        if path not in self.resolved:
            if len(self.resolved) >= self.RESOLVED_PATHS_MAX:
                self.resolved.clear()
            try:
                self.resolved[path] = resolve(path)
            except Resolver404:
                self.resolved[path] = None
        return self.resolved[path]

    def early_response(self, request):
        match = self.resolve(request.path_info)
        view_class = getattr(match.func, "cls", None) if match is not None else None
        if not hasattr(view_class, "early_read") or not settings.PULSE_PUBLIC_CACHE_ENABLED:
            return None
        action = match.func.actions.get("get")
        header = request.META.get(VISITOR_HEADER, "").strip()
        visitor_id = parse_visitor_id(header)
        if header and visitor_id is None:
            return None  # the view says what is wrong with it
        slug = match.kwargs["slug"]
        try:
            project = get_project_by_slug(slug)
        except DatabaseError:
            return None  # the view answers 503
        read = view_class.early_read(action, project.id, visitor_id) if project is not None else None
        if read is None:
            return None
        usages = count_request(request, group=view_class.rate_limit_group_for(action), slug=slug)
        if any(usage.exceeded for usage in usages):
            return None
        try:
            value = cache.get(read.cache_key)
        except Exception:  # cache down: the view answers, without the list cache
            return None
        if value is None:
            return None
        response = read.answer(request, value)
        if response is not None:
            response["Allow"] = view_class.allow_header(match.func.actions)
            for name, header in rate_limit_headers(usages).items():
                response[name] = header
        return response
