"""`limit` / `offset` query parameters of changelog lists: strict integers, clear 400s."""

from rest_framework.exceptions import ValidationError

MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


def _integer(params, name, minimum, maximum):
    raw = params.get(name)
    if raw is None:
        return None
    valid = raw.isascii() and raw.isdigit() and len(raw) <= len(str(maximum))
    if not valid or not minimum <= int(raw) <= maximum:
        raise ValidationError(f"{name} must be an integer between {minimum} and {maximum}")
    return int(raw)


def limit_offset(params):
    """(limit or None, offset) from query params; None means "up to the server cap"."""
    limit = _integer(params, "limit", 1, MAX_LIMIT)
    offset = _integer(params, "offset", 0, MAX_OFFSET)
    return limit, offset or 0
