"""The `x-pulse-user-id` visitor header: a canonical UUID of any version (DESIGN.md, Visitors).

The header is parsed once per request (`request_visitor_id`, kept as `request.visitor_id`);
the rate-limit keys, the early public reads and the views all read that one value.
"""

import re
import uuid

from .exceptions import InvalidVisitorId, VisitorIdRequired

VISITOR_HEADER_NAME = "x-pulse-user-id"
VISITOR_HEADER = "HTTP_X_PULSE_USER_ID"
_CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class Malformed:
    """`request.visitor_id` of a request whose header is present but not a canonical UUID."""

    def __repr__(self):
        return "MALFORMED"

    def __bool__(self):
        return False


MALFORMED = Malformed()


def parse_visitor_id(value):
    """Return the UUID for a canonical UUID string, or None for anything else."""
    if not isinstance(value, str) or not _CANONICAL_UUID.match(value):
        return None
    return uuid.UUID(value)


def request_visitor_id(request):
    """The request's visitor: a UUID, None when the header is absent or blank, or MALFORMED.

    Parsed on first use and kept on the Django request as `request.visitor_id` (a DRF
    Request reads it through to there).
    """
    request = getattr(request, "_request", request)
    try:
        return request.visitor_id
    except AttributeError:
        raw = request.META.get(VISITOR_HEADER, "").strip()
        request.visitor_id = None if not raw else (parse_visitor_id(raw) or MALFORMED)
        return request.visitor_id


def get_visitor_id(request, required=True):
    """The request's visitor id; 401 when required and missing, 400 when malformed."""
    visitor_id = request_visitor_id(request)
    if visitor_id is MALFORMED:
        raise InvalidVisitorId()
    if visitor_id is None and required:
        raise VisitorIdRequired()
    return visitor_id
