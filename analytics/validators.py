"""Validation of incoming events in plain Python: one pass per event, no serializer objects.

The per-object cost of DRF serializers dominates a 1,000-event batch, so events are
checked here with plain type tests and turned into `ValidEvent` tuples ready for a bulk
insert. Bounds come from settings (read once per call). Every failure is an
`InvalidEvent` (a DRF `ValidationError`, so a 400 in the envelope) whose message names the
field, and in a batch the index: `events[3].name: Event name is required`.
"""

from datetime import date, datetime, time, timedelta, timezone
from typing import NamedTuple

import orjson
from django.conf import settings
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from pulse.api.fields import json_depth
from pulse.api.pagination import limit_offset, query_integer
from pulse.text import describe_unstorable, first_unstorable_json_text, is_storable_text

MAX_ID_LENGTH = 200  # userId / sessionId
MAX_PROPERTIES_DEPTH = 10
CLIENT_TIMESTAMP_PROPERTY = "$client_timestamp"


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
    max_future: timedelta  # a client clock further ahead than this is not believed
    max_age: timedelta  # nor one further back

    @classmethod
    def from_settings(cls):
        return cls(
            settings.PULSE_EVENT_MAX_NAME_LENGTH,
            settings.PULSE_EVENT_MAX_PROPERTIES_BYTES,
            settings.PULSE_EVENTS_MAX_BATCH,
            timedelta(seconds=settings.PULSE_EVENT_MAX_FUTURE_SECONDS),
            timedelta(days=settings.PULSE_EVENT_MAX_AGE_DAYS),
        )


def truncate_to_milliseconds(moment):
    """Timestamps are stored and shown to the millisecond, as in `...12:00:00.000Z`."""
    return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def _name(data, limits):
    name = data.get("name")
    if name is None or (isinstance(name, str) and not name.strip()):
        raise InvalidEvent("Event name is required")
    if not isinstance(name, str):
        raise InvalidEvent("Event name must be a string")
    name = name.strip()
    if len(name) > limits.name_length:
        raise InvalidEvent(f"Event name must be at most {limits.name_length} characters")
    if not is_storable_text(name):
        raise InvalidEvent(f"Event name: {describe_unstorable(name)}")
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
    bad = first_unstorable_json_text(properties)  # the core's text rule, on keys and strings
    if bad is not None:
        raise InvalidEvent(f"properties: {describe_unstorable(bad)}")
    # Counting brackets is a cheap upper bound of the depth; walk only when it is high.
    if encoded.count(b"{") + encoded.count(b"[") > MAX_PROPERTIES_DEPTH:
        if json_depth(properties, MAX_PROPERTIES_DEPTH) > MAX_PROPERTIES_DEPTH:
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
    if not is_storable_text(value):
        raise InvalidEvent(f"{field}: {describe_unstorable(value)}")
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


def _timestamp(data, now, limits):
    """(timestamp, believed): the client's time when sane, else `now` and False.

    Sane means at most `limits.max_future` ahead of and `limits.max_age` behind the receive
    time (settings PULSE_EVENT_MAX_FUTURE_SECONDS / PULSE_EVENT_MAX_AGE_DAYS). A skewed
    clock never costs the device its batch: the event is kept at the receive time, so the
    rollup and reports count it on the day it was received (DESIGN.md: "accepted when
    given and sane, else the server's").
    """
    value = data.get("timestamp")
    if value is None:
        return now, True
    moment = parse_timestamp(value)
    if moment is None:
        raise InvalidEvent("timestamp must be an ISO 8601 date-time, e.g. 2026-03-05T12:00:00.000Z")
    if moment - now > limits.max_future or now - moment > limits.max_age:
        return now, False
    return truncate_to_milliseconds(moment), True


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
    timestamp, believed = _field("timestamp", _timestamp, data, now, limits)
    if not believed:  # keep what the device said, beside the receive time used instead
        properties = {**properties, CLIENT_TIMESTAMP_PROPERTY: data["timestamp"]}
        properties_json = orjson.dumps(properties).decode()
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


def _text_filter(params, key):
    value = params.get(key)
    if value is None or value == "":
        return None
    if not is_storable_text(value):
        raise InvalidEvent(f"{key}: {describe_unstorable(value)}")
    return value


def _day(value):
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value.strip()) == 10 else None
    except ValueError:
        return None


def _moment_filter(params, key):
    """`from`/`to`: an ISO 8601 date-time, or a date meaning its whole UTC day ("" is neither)."""
    value = params.get(key)
    if value is None:
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
    limit, offset = limit_offset(
        params, max_limit=LIST_LIMIT_MAX, default_limit=LIST_LIMIT_DEFAULT, max_offset=LIST_OFFSET_MAX
    )
    since, _ = _moment_filter(params, "from")
    until, until_day = _moment_filter(params, "to")
    _ordered(since, until)
    if until is not None:
        try:
            until = until + timedelta(days=1) if until_day else truncate_to_milliseconds(until) + _ONE_MILLISECOND
        except OverflowError:  # `to` at the end of year 9999: no upper bound at all
            until = None
    return {
        "limit": limit,
        "offset": offset,
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
        "limit": query_integer(params, "limit", minimum=1, maximum=TOP_LIMIT_MAX, default=TOP_LIMIT_DEFAULT),
        "since": since.date() if since else None,
        "until": until.date() if until else None,
    }
