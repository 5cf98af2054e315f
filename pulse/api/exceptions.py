"""Errors of the API, and the one place that decides how any exception is answered.

`api_error(exc)` gives (status, message, headers) for every exception: DRF's own, Django's
(`Http404` and a model's `DoesNotExist` as a 404, `PermissionDenied`, a service's
`full_clean()` `ValidationError` as a 400 naming the field), a value the database refused
(`DataError`: too long, out of range; a 400 with the database's reason), an unreachable
database (503 with `Retry-After`) and anything else (logged, 500 without a traceback).
DRF's exception handler, the error middleware and the early public read path all answer
through it; the renderer or `error_response` puts the message in the path's envelope.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError, InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions, serializers, status
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


class InvalidVisitorToken(exceptions.APIException):
    """A refused `x-pulse-user-token`; the detail says why (pulse/api/visitors.py)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "x-pulse-user-token is invalid"


class VisitorTokenRequired(exceptions.APIException):
    """An unsigned visitor on a "verified only" project (issue 22)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_detail = "x-pulse-user-token header required: this project accepts signed visitors only"


RATE_LIMITED_MESSAGE = "Rate limit exceeded"


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
    if isinstance(exc, (Http404, ObjectDoesNotExist)):
        # ObjectDoesNotExist: a row looked up, then deleted by a concurrent request before the
        # write that needed it (e.g. PATCH racing DELETE); it is gone, as a 404 says.
        return exceptions.NotFound("Not found")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, DjangoValidationError):
        # A service's full_clean(): the same 400 naming the field as a serializer's error.
        return exceptions.ValidationError(serializers.as_serializer_error(exc))
    if isinstance(exc, exceptions.ParseError):
        return exceptions.ParseError("Invalid JSON body")
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) == "Not found.":
        return exceptions.NotFound("Not found")
    return exc


def is_database_unavailable(exc):
    """True for the errors of a database that cannot be reached or stopped answering."""
    return isinstance(exc, (OperationalError, InterfaceError))


def api_error(exc, path="?"):
    """(status, message, headers) for any exception raised while answering an API request.

    Unknown exceptions are logged with their traceback (never sent); `path` names the
    request in that log line.
    """
    exc = _as_api_exception(exc)
    headers = {}
    if isinstance(exc, exceptions.APIException):
        message = first_error_message(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.Throttled):
            message = RATE_LIMITED_MESSAGE
            if exc.wait is not None:
                headers["Retry-After"] = str(max(1, int(exc.wait)))
        return exc.status_code, message, headers
    if isinstance(exc, DataError):
        # Bounds come from the columns (serializers and forms), so this is a missed bound: log
        # it to fix, and tell the client which value the database refused.
        logger.warning("Database refused a value on %s: %s", path, exc)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "out of range"
        return 400, f"A value is too long or out of range for its field ({reason})", headers
    if is_database_unavailable(exc):
        logger.warning("Database unavailable: %s", exc)
        return 503, SERVICE_UNAVAILABLE_MESSAGE, {"Retry-After": "5"}
    logger.exception("Unhandled error on %s", path, exc_info=exc)
    return 500, INTERNAL_ERROR_MESSAGE, {}


def exception_handler(exc, context):
    """DRF's hook: `{"message": ...}` with the status and headers of `api_error`."""
    request = context.get("request")
    status_code, message, headers = api_error(exc, getattr(request, "path", "?"))
    if isinstance(exc, DatabaseError):
        _rollback_broken_transaction()
    return Response({"message": message}, status=status_code, headers=headers)


def _rollback_broken_transaction():
    from rest_framework.views import set_rollback

    try:
        set_rollback()
    except Exception:  # the connection may be gone; Django discards it at request end
        pass
