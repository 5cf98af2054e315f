"""Middleware that keeps every `/api/` response JSON, whatever went wrong before DRF.

`ApiErrorMiddleware` answers exceptions raised outside DRF's handler (plain Django views
under /api/) in the envelope; `RequestSizeLimitMiddleware` refuses bodies over the
configured bound with 413 before anything reads them.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError

from .envelopes import EVENTS_PREFIX, error_response
from .exceptions import INTERNAL_ERROR_MESSAGE, SERVICE_UNAVAILABLE_MESSAGE

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
