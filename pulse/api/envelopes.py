"""The two response envelopes of the Pulse API, and which paths use which.

`/api/v1/projects/` and `/api/v1/admin/` (and the rest of `/api/`) use
`{"data": ..., "error": null}`; the event API under `/api/v1/pulse/` uses
`{"success": true, "data": ...}` with `{"code", "message"}` errors.
"""

from django.http import JsonResponse

EVENTS_PREFIX = "/api/v1/pulse/"

ERROR_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


def error_code(status):
    if status in ERROR_CODES:
        return ERROR_CODES[status]
    return "INTERNAL_ERROR" if status >= 500 else "BAD_REQUEST"


class DataEnvelope:
    """`{"data": ..., "error": null}` / `{"data": null, "error": "message"}`."""

    @staticmethod
    def success(data):
        return {"data": data, "error": None}

    @staticmethod
    def failure(status, message):
        return {"data": None, "error": message}


class SuccessEnvelope:
    """`{"success": true, "data": ...}` / `{"success": false, "error": {code, message}}`."""

    @staticmethod
    def success(data):
        return {"success": True, "data": data}

    @staticmethod
    def failure(status, message):
        return {"success": False, "error": {"code": error_code(status), "message": message}}


def envelope_for_path(path):
    return SuccessEnvelope if path.startswith(EVENTS_PREFIX) else DataEnvelope


def error_response(request, status, message, headers=None):
    """A JSON error outside DRF (middleware, unknown routes), in the path's envelope."""
    body = envelope_for_path(request.path).failure(status, message)
    return JsonResponse(body, status=status, headers=headers)
