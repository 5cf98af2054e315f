"""Errors of the API and the one exception handler that turns any of them into a response.

The handler produces `{"message": ...}` with the right status and headers; the renderer
puts it in the path's envelope. Unknown exceptions are logged and answered 500 without a
traceback; an unreachable database is a 503.
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger("pulse.api")

SERVICE_UNAVAILABLE_MESSAGE = "Service temporarily unavailable"
RATE_LIMITED_MESSAGE = "Rate limit exceeded"
INTERNAL_ERROR_MESSAGE = "Internal server error"


class VisitorIdRequired(exceptions.APIException):
    # Not a NotAuthenticated subclass: DRF turns those into 403 on views without auth.
    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "x-pulse-user-id header required"


class InvalidVisitorId(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "x-pulse-user-id must be a valid UUID"


def first_error_message(detail, path=""):
    """Flatten DRF error details to one readable line naming the first bad field."""
    if isinstance(detail, dict):
        field, value = next(iter(detail.items()))
        if field in ("non_field_errors", "detail"):
            return first_error_message(value, path)
        if isinstance(field, int) or str(field).isdigit():
            return first_error_message(value, f"{path}[{field}]")
        return first_error_message(value, f"{path}.{field}" if path else str(field))
    if isinstance(detail, list):
        if not detail:
            return path or "Invalid request"
        first = detail[0]
        if isinstance(first, (dict, list)):
            index = next(i for i, item in enumerate(detail) if item)
            return first_error_message(detail[index], f"{path}[{index}]")
        return first_error_message(first, path)
    message = str(detail)
    return f"{path}: {message}" if path else message


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound("Not found")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ParseError):
        return exceptions.ParseError("Invalid JSON body")
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) == "Not found.":
        return exceptions.NotFound("Not found")
    return exc


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    headers = {}
    if isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        message = first_error_message(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.Throttled):
            # DRF's Throttled from a throttle or ApiKeyAuthentication; the RateLimit headers
            # are added by PulseAPIMixin.finalize_response.
            message = RATE_LIMITED_MESSAGE
            if exc.wait is not None:
                headers["Retry-After"] = str(max(1, int(exc.wait)))
    elif isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("Database unavailable: %s", exc)
        status_code, message = 503, SERVICE_UNAVAILABLE_MESSAGE
        headers["Retry-After"] = "5"
    else:
        request = context.get("request")
        logger.exception("Unhandled error on %s", getattr(request, "path", "?"), exc_info=exc)
        status_code, message = 500, INTERNAL_ERROR_MESSAGE
    if isinstance(exc, DatabaseError):
        _rollback_broken_transaction()
    return Response({"message": message}, status=status_code, headers=headers)


def _rollback_broken_transaction():
    from rest_framework.views import set_rollback

    try:
        set_rollback()
    except Exception:  # the connection may be gone; Django discards it at request end
        pass
