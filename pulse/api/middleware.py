"""Middleware of the API: JSON errors whatever went wrong before DRF, body bounds, and the
public list cache in front of DRF.

`ApiErrorMiddleware` answers exceptions raised outside DRF's handler (plain Django views
under /api/) in the envelope; `RequestSizeLimitMiddleware` refuses bodies over the
configured bound with 413 before anything reads them; `PublicReadMiddleware` answers
the hottest public GETs from the list cache (see `caching`) before DRF.
"""

from django.conf import settings
from django.urls import Resolver404, resolve
from rest_framework.exceptions import APIException

from projects.selectors import get_project_by_slug

from .envelopes import EVENTS_PREFIX, error_response
from .exceptions import api_error
from .ratelimit import count_request

PUBLIC_PREFIX = "/api/v1/projects/"


def is_api_path(path):
    return path.startswith("/api/")


class ApiErrorMiddleware:
    """Any exception a view under /api/ lets out (plain Django views, DRF's own failures) is
    answered by `api_error` in the path's envelope, never as an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        return api_error_response(request, exception)


def api_error_response(request, exception, headers=None):
    """The response `api_error` decides for `exception`, in the path's envelope."""
    status, message, error_headers = api_error(exception, request.path)
    return error_response(request, status, message, {**(headers or {}), **error_headers})


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

    Like Django's FetchFromCacheMiddleware, for the reads a public viewset declares in
    `cached_reads` (see `pulse.api.caching.CachedRead`): the same declaration, run the
    same way as its DRF action, with the same headers (`response_headers`) and the same
    errors (`api_error`). The request is counted once (`count_request`) whichever path
    answers. Everything the view would refuse (a 429, an unknown slug, a missing or bad
    visitor header) goes on to the view, which answers it with the count already made.
    A query string goes to the view too (pagination and filters are not cached).
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
        actions = getattr(match.func, "actions", None) or {}
        read = getattr(view_class, "cached_reads", {}).get(actions.get("get"))
        if read is None or not settings.PULSE_PUBLIC_CACHE_ENABLED:
            return None
        slug = match.kwargs["slug"]
        usages = count_request(request, group=view_class.rate_limit_group_for(actions["get"]), slug=slug)
        if any(usage.exceeded for usage in usages):
            return None
        try:
            # The project first: the visitor's identity rules are the project's (a signed
            # token, "verified only"), read from the memo this fills, so a database outage
            # is this path's 503 below rather than an error inside the visitor parser.
            project = get_project_by_slug(slug)
            if project is None:
                return None
            try:
                visitor_id = read.visitor_of(request)
            except APIException:
                return None  # the view answers the visitor's 400/401 in its envelope
            response = read.respond(request, project=project, visitor_id=visitor_id)
        except Exception as exc:
            response = api_error_response(request, exc)
        return response if response is None else view_class.finish(request, response, actions)
