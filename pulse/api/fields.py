"""Serializer fields that refuse what JSON allows but the database would choke on.

DRF's CharField turns numbers into strings and lets lone UTF-16 surrogates through (which
PostgreSQL cannot store); these fields answer 400 instead. `JSONObjectField` is a small
JSON object, bounded in bytes and depth, without NUL characters or NaN (refused by
PostgreSQL's jsonb).
"""

import json
from urllib.parse import urlsplit

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def is_storable_text(value):
    """False for text PostgreSQL refuses: NUL characters or lone surrogates."""
    if "\x00" in value:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class StrictStringMixin:
    """Only JSON strings, and only text the database can store."""

    default_error_messages = {
        "not_a_string": "Must be a string.",
        "unstorable": "Contains characters that cannot be stored (NUL or invalid Unicode).",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        if not is_storable_text(data):
            self.fail("unstorable")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    pass


class StrictEmailField(StrictStringMixin, serializers.EmailField):
    pass


class StrictBooleanField(serializers.BooleanField):
    """true or false, not "yes", 1 or "on"."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


@extend_schema_field({"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})
class HttpUrlField(StrictCharField):
    """An absolute http(s) URL with a host; any host name (intranet sites included)."""

    default_error_messages = {"not_http": "Must be an http(s) URL."}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            parts = urlsplit(value)
            has_host = bool(parts.hostname)
        except ValueError:
            self.fail("not_http")
        if parts.scheme.lower() not in ("http", "https") or not has_host or any(c.isspace() for c in value):
            self.fail("not_http")
        return value


def json_depth(value, limit=None):
    """Nesting depth of containers (1 for a flat object), stopping once past `limit`.

    Iterative, so any depth is safe.
    """
    deepest, stack = 0, [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if limit is not None and deepest > limit:
            break
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def json_strings(value):
    """Every key and string value inside a JSON value."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object of at most `max_bytes` (compact UTF-8) and `max_depth` levels."""

    default_error_messages = {
        "not_an_object": "Must be a JSON object.",
        "too_deep": "Must be nested at most {max_depth} levels deep.",
        "too_large": "Must be at most {max_bytes} bytes as JSON.",
        "unstorable": "Contains characters that cannot be stored (NUL or invalid Unicode).",
        "not_finite": "Must not contain NaN or Infinity.",
    }

    def __init__(self, *, max_bytes, max_depth, **kwargs):
        self.max_bytes, self.max_depth = max_bytes, max_depth
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        if json_depth(data, self.max_depth) > self.max_depth:
            self.fail("too_deep", max_depth=self.max_depth)
        if not all(is_storable_text(text) for text in json_strings(data)):
            self.fail("unstorable")
        try:
            encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        except ValueError:
            self.fail("not_finite")
        if len(encoded) > self.max_bytes:
            self.fail("too_large", max_bytes=self.max_bytes)
        return data

    def to_representation(self, value):
        return value
