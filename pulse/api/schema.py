"""OpenAPI description of the API (drf-spectacular), envelopes included.

Views document their *payload* (`responses={200: EntrySerializer}`) and list their error
statuses with `error_responses(404, 429)`; the post-processing hook below wraps every
response in its family's envelope, so no view repeats the envelope in its schema.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .envelopes import ERROR_CODES, EVENTS_PREFIX

ERROR_DESCRIPTIONS = {
    400: "Bad request (invalid JSON body or parameters)",
    401: "Unauthorized (missing or invalid x-pulse-user-id / x-pulse-user-token / API key)",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Rate limit exceeded",
    500: "Internal server error",
    503: "Service temporarily unavailable",
}

VISITOR_ID_REQUIRED = OpenApiParameter(
    "x-pulse-user-id",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=True,
    description="Anonymous visitor identifier (a canonical UUID).",
)
VISITOR_ID_OPTIONAL = OpenApiParameter(
    "x-pulse-user-id",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=False,
    description="Anonymous visitor identifier (a canonical UUID), optional here.",
)

IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="ETag of a previous response: 304 without a body when the list has not changed.",
)


VISITOR_TOKEN = {
    "name": "x-pulse-user-token",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": (
        "A visitor signed by your server: an HS256 JWT (sub, exp; name, email, avatar, aud optional) "
        "signed with the project's identity secret. Wins over x-pulse-user-id; required on "
        "'verified only' projects. A refused token is a 401 saying why."
    ),
}


def error_responses(*statuses):
    """`responses=` entries for the error statuses an operation can answer."""
    return {status: OpenApiResponse(description=ERROR_DESCRIPTIONS[status]) for status in statuses}


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "pulse.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Project API key `plsk_...` as `Authorization: Bearer` (or `x-api-key`).",
        }


_NULL = {"nullable": True, "enum": [None]}


def _data_envelope(payload):
    return {
        "type": "object",
        "properties": {"data": payload, "error": {"type": "string", **_NULL}},
        "required": ["data", "error"],
    }


def _data_error_envelope():
    return {
        "type": "object",
        "properties": {"data": {"type": "object", **_NULL}, "error": {"type": "string"}},
        "required": ["data", "error"],
    }


def _events_envelope(payload):
    return {
        "type": "object",
        "properties": {"success": {"type": "boolean", "enum": [True]}, "data": payload},
        "required": ["success", "data"],
    }


def _events_error_envelope():
    return {
        "type": "object",
        "properties": {
            "success": {"type": "boolean", "enum": [False]},
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "enum": sorted(set(ERROR_CODES.values()))},
                    "message": {"type": "string"},
                },
                "required": ["code", "message"],
            },
        },
        "required": ["success", "error"],
    }


def _tag(path):
    parts = [part for part in path.split("/") if part and not part.startswith("{")]
    if path.startswith("/api/v1/projects/"):
        return f"Public API: {parts[3].split('.')[0]}" if len(parts) > 3 else "Public API"
    if path.startswith("/api/v1/admin/"):
        return f"Admin API: {parts[3]}" if len(parts) > 3 else "Admin API"
    if path.startswith(EVENTS_PREFIX):
        return "Events API"
    return "Other"


def wrap_in_envelopes(result, generator, request, public):
    """Post-processing hook: every documented response gets its envelope (and a tag)."""
    for path, operations in result.get("paths", {}).items():
        events = path.startswith(EVENTS_PREFIX)
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation["tags"] = [_tag(path)]
            parameters = operation.get("parameters", [])
            if any(parameter.get("name") == "x-pulse-user-id" for parameter in parameters):
                parameters.append(dict(VISITOR_TOKEN))  # wherever a visitor is taken, a signed one is too
                # a refused token, or an unsigned visitor of a "verified only" project
                operation["responses"].setdefault("401", {"description": ERROR_DESCRIPTIONS[401]})
            if "requestBody" in operation:  # any body can be too large or of the wrong media type
                for status in (413, 415):
                    operation["responses"].setdefault(str(status), {"description": ERROR_DESCRIPTIONS[status]})
            for status, response in operation["responses"].items():
                code = int(status)
                if code in (204, 304):
                    response.pop("content", None)
                    continue
                if code >= 400:
                    schema = _events_error_envelope() if events else _data_error_envelope()
                else:
                    payload = response.get("content", {}).get("application/json", {}).get("schema", {})
                    schema = _events_envelope(payload) if events else _data_envelope(payload)
                response["content"] = {"application/json": {"schema": schema}}
    return result


def webhooks_as_extension(result, generator, request, public):
    """Post-processing hook: OpenAPI 3.0 has no root `webhooks`; publish them as `x-webhooks`
    (the name Redoc and others read), so the description stays valid 3.0."""
    webhooks = result.pop("webhooks", None)
    if webhooks:
        result["x-webhooks"] = webhooks
    return result
