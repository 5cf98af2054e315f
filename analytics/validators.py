"""Validation of incoming events in plain Python: one pass per event, no serializer objects.

The per-object cost of DRF serializers dominates a 1,000-event batch, so events are
checked here with plain type tests and turned into `ValidEvent` tuples ready for a bulk
insert. Bounds come from settings (read once per call). Every failure is an
`InvalidEvent` (a DRF `ValidationError`, so a 400 in the envelope) whose message names the
field, and in a batch the index: `events[3].name: Event name is required`.
"""

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

import orjson
from django.conf import settings
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

MAX_ID_LENGTH = 200  # userId / sessionId
MAX_PROPERTIES_DEPTH = 10
MAX_FUTURE = timedelta(days=1)
# An escaped NUL not itself escaped (`\\u0000` is the harmless text "\u0000").
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


class InvalidEvent(ValidationError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ValidEvent(NamedTuple):
    name: str
    properties: dict
    properties_json: str
    user_id: str  # "" when absent
    session_id: str
    timestamp: datetime


class Limits(NamedTuple):
    name_length: int
    properties_bytes: int
    batch: int

    @classmethod
    def from_settings(cls):
        return cls(
            settings.PULSE_EVENT_MAX_NAME_LENGTH,
            settings.PULSE_EVENT_MAX_PROPERTIES_BYTES,
            settings.PULSE_EVENTS_MAX_BATCH,
        )


def truncate_to_milliseconds(moment):
    """Timestamps are stored and shown to the millisecond, as in `...12:00:00.000Z`."""
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def _storable(text):
    """PostgreSQL text refuses NUL; UTF-8 refuses lone surrogates."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _depth(value, limit):
    """Nesting depth of a JSON value, stopping as soon as it passes `limit`."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > limit:
            break
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _name(data, limits):
    name = data.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise InvalidEvent("Event name is required")
    if not isinstance(name, str):
        raise InvalidEvent("Event name must be a string")
    name = name.strip()
    if len(name) > limits.name_length:
        raise InvalidEvent(f"Event name must be at most {limits.name_length} characters")
    if not _storable(name):
        raise InvalidEvent("Event name must not contain NUL characters or invalid Unicode")
    return name


def _properties(data, limits):
    properties = data.get("properties")
    if properties is None:
        return {}, "{}"
    if not isinstance(properties, dict):
        raise InvalidEvent("properties must be a JSON object")
    try:
        encoded = orjson.dumps(properties)
    except orjson.JSONEncodeError:  # lone surrogates, integers over 64 bits, absurd depth
        raise InvalidEvent("properties must be valid JSON with 64-bit numbers and valid Unicode")
    if len(encoded) > limits.properties_bytes:
        raise InvalidEvent(f"properties must be at most {limits.properties_bytes} bytes of JSON")
    if b"\\u0000" in encoded and _ESCAPED_NUL.search(encoded):
        raise InvalidEvent("properties must not contain NUL characters")
    # Counting brackets is a cheap upper bound of the depth; walk only when it is high.
    if encoded.count(b"{") + encoded.count(b"[") > MAX_PROPERTIES_DEPTH:
        if _depth(properties, MAX_PROPERTIES_DEPTH) > MAX_PROPERTIES_DEPTH:
            raise InvalidEvent(f"properties must be nested at most {MAX_PROPERTIES_DEPTH} levels deep")
    return properties, encoded.decode()


def _identifier(data, field):
    value = data.get(field)
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise InvalidEvent(f"{field} must be a string")
    if len(value) > MAX_ID_LENGTH:
        raise InvalidEvent(f"{field} must be at most {MAX_ID_LENGTH} characters")
    if not _storable(value):
        raise InvalidEvent(f"{field} must not contain NUL characters or invalid Unicode")
    return value


def parse_timestamp(value):
    """An ISO 8601 date-time as an aware UTC datetime (naive means UTC); None if it is not one."""
    if not isinstance(value, str) or len(value.strip()) <= 10:  # a date alone is not a moment
        return None
    try:
        moment = parse_datetime(value.strip())
        if moment is None:
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def _timestamp(data, now):
    value = data.get("timestamp")
    if value is None:
        return now
    moment = parse_timestamp(value)
    if moment is None:
        raise InvalidEvent("timestamp must be an ISO 8601 date-time, e.g. 2026-03-05T12:00:00.000Z")
    if moment - now > MAX_FUTURE:
        raise InvalidEvent("timestamp must not be more than 1 day in the future")
    return truncate_to_milliseconds(moment)


def _field(field, check, *args):
    try:
        return check(*args)
    except InvalidEvent as error:
        error.field = field
        raise


def validate_event(data, *, now, limits):
    """One event body -> ValidEvent; `now` is the (millisecond) server time of the request."""
    if not isinstance(data, dict):
        raise InvalidEvent("Event must be a JSON object")
    name = _field("name", _name, data, limits)
    properties, properties_json = _field("properties", _properties, data, limits)
    user_id = _field("userId", _identifier, data, "userId")
    session_id = _field("sessionId", _identifier, data, "sessionId")
    timestamp = _field("timestamp", _timestamp, data, now)
    return ValidEvent(name, properties, properties_json, user_id, session_id, timestamp)


def require_object(body):
    """A request body that must be a JSON object."""
    if not isinstance(body, dict):
        raise InvalidEvent("Request body must be a JSON object")
    return body


def validate_batch(events, *, now, limits):
    """The `events` list of a batch -> list of ValidEvent, or the first bad one named by index."""
    if events is None:
        raise InvalidEvent("events is required")
    if not isinstance(events, list):
        raise InvalidEvent("events must be a list")
    if not events:
        raise InvalidEvent("events must contain at least 1 event")
    if len(events) > limits.batch:
        raise InvalidEvent(f"events must contain at most {limits.batch} events")
    valid = []
    for index, event in enumerate(events):
        try:
            valid.append(validate_event(event, now=now, limits=limits))
        except InvalidEvent as error:
            field = getattr(error, "field", None)
            where = f"events[{index}].{field}" if field else f"events[{index}]"
            raise InvalidEvent(f"{where}: {error.message}") from None
    return valid


# Query parameters of the read endpoints.

LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX = 50, 1000
LIST_OFFSET_MAX = 1_000_000  # deep OFFSETs scan every skipped row; page with from/to instead
TOP_LIMIT_DEFAULT, TOP_LIMIT_MAX = 10, 100
_ONE_MILLISECOND = timedelta(milliseconds=1)


def _bounded_int(params, key, default, minimum, maximum):
    value = params.get(key)
    if value is None or value == "":
        return default
    if not (value.isascii() and value.isdigit()) or not minimum <= int(value) <= maximum:
        raise InvalidEvent(f"{key} must be an integer between {minimum} and {maximum}")
    return int(value)


def _text_filter(params, key):
    value = params.get(key)
    if value is None or value == "":
        return None
    if "\x00" in value:
        raise InvalidEvent(f"{key} must not contain NUL characters")
    return value


def _day(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value.strip()) == 10 else None
    except ValueError:
        return None


def _moment_filter(params, key):
    """`from`/`to`: an ISO 8601 date-time, or a date meaning its whole UTC day."""
    value = params.get(key)
    if value is None or value == "":
        return None, None
    day = _day(value.strip())
    if day is not None:
        return datetime.combine(day, time.min, tzinfo=timezone.utc), day
    moment = parse_timestamp(value)
    if moment is None:
        raise InvalidEvent(f"{key} must be an ISO 8601 date-time or date")
    return moment, None


def _ordered(since, until):
    if since is not None and until is not None and since > until:
        raise InvalidEvent("from must not be after to")


def parse_list_query(params):
    """Query of `GET events` -> keyword arguments of `selectors.list_events`.

    `to` is inclusive: a date covers its whole day, a date-time its millisecond (stored
    timestamps are milliseconds), so the selector gets an exclusive upper bound.
    """
    since, _ = _moment_filter(params, "from")
    until, until_day = _moment_filter(params, "to")
    _ordered(since, until)
    if until is not None:
        try:
            until = until + timedelta(days=1) if until_day else truncate_to_milliseconds(until) + _ONE_MILLISECOND
        except OverflowError:  # `to` at the end of year 9999: no upper bound at all
            until = None
    return {
        "limit": _bounded_int(params, "limit", LIST_LIMIT_DEFAULT, 1, LIST_LIMIT_MAX),
        "offset": _bounded_int(params, "offset", 0, 0, LIST_OFFSET_MAX),
        "name": _text_filter(params, "name"),
        "user_id": _text_filter(params, "userId"),
        "session_id": _text_filter(params, "sessionId"),
        "since": since,
        "until": until,
    }


def parse_top_events_query(params):
    """Query of `GET reports/top-events` -> keyword arguments of `selectors.top_events`.

    The rollup is per UTC day, so `from`/`to` are days (inclusive); a date-time counts as
    its UTC day.
    """
    since, _ = _moment_filter(params, "from")
    until, _ = _moment_filter(params, "to")
    _ordered(since, until)
    return {
        "limit": _bounded_int(params, "limit", TOP_LIMIT_DEFAULT, 1, TOP_LIMIT_MAX),
        "since": since.date() if since else None,
        "until": until.date() if until else None,
    }
