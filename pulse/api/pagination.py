"""`limit` / `offset` query parameters: strict integers in bounds, or a 400 naming them."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

MAX_OFFSET = 1_000_000


def query_integer(params, name, *, minimum, maximum, default=None):
    """An integer query parameter in [minimum, maximum]; `default` when absent or empty."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    valid = raw.isascii() and raw.isdigit() and len(raw) <= len(str(maximum))
    if not valid or not minimum <= int(raw) <= maximum:
        raise ValidationError(f"{name} must be an integer between {minimum} and {maximum}")
    return int(raw)


def limit_offset(params, *, max_limit=100, default_limit=None, max_offset=MAX_OFFSET):
    """(limit, offset); limit is `default_limit` (None: "up to the server cap") when absent."""
    limit = query_integer(params, "limit", minimum=1, maximum=max_limit, default=default_limit)
    offset = query_integer(params, "offset", minimum=0, maximum=max_offset, default=0)
    return limit, offset


def limit_offset_parameters(*, max_limit=100, default_limit=None, max_offset=MAX_OFFSET):
    """The OpenAPI description of `limit_offset`'s parameters."""
    default = f"default {default_limit}" if default_limit else f"default: all, up to {max_limit}"
    return [
        OpenApiParameter(
            "limit",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": max_limit,
                **({"default": default_limit} if default_limit else {}),
            },
            OpenApiParameter.QUERY,
            description=f"How many (1 to {max_limit}; {default}; an empty value means the default).",
        ),
        OpenApiParameter(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": max_offset, "default": 0},
            OpenApiParameter.QUERY,
            description="How many to skip (default 0; an empty value means the default).",
        ),
    ]
