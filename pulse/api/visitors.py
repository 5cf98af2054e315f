"""The `x-pulse-user-id` visitor header: a canonical UUID of any version."""

import re
import uuid

from .exceptions import InvalidVisitorId, VisitorIdRequired

VISITOR_HEADER_NAME = "x-pulse-user-id"
VISITOR_HEADER = "HTTP_X_PULSE_USER_ID"
_CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def parse_visitor_id(value):
    """Return the UUID for a canonical UUID string, or None for anything else."""
    if not isinstance(value, str) or not _CANONICAL_UUID.match(value):
        return None
    return uuid.UUID(value)


def get_visitor_id(request, required=True):
    """The request's visitor id; 401 when required and missing, 400 when malformed."""
    raw = request.META.get(VISITOR_HEADER)
    if raw is None or raw.strip() == "":
        if required:
            raise VisitorIdRequired()
        return None
    visitor_id = parse_visitor_id(raw.strip())
    if visitor_id is None:
        raise InvalidVisitorId()
    return visitor_id
