"""Serializer fields that refuse what JSON allows but the database would choke on.

DRF's CharField turns numbers into strings and lets lone UTF-16 surrogates through (which
PostgreSQL cannot store); these fields answer 400 instead. `browser_info` is a small JSON
object: bounded in bytes and depth, without NUL characters or NaN (refused by PostgreSQL's
jsonb). Unknown categories become `general`, as the public API reference promises.
"""

import json
from urllib.parse import urlsplit

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Feedback

BROWSER_INFO_MAX_BYTES = 4096
BROWSER_INFO_MAX_DEPTH = 5


def is_storable_text(value):
    """False for text PostgreSQL refuses: NUL characters or lone surrogates."""
    if "\x00" in value:
        return False
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


@extend_schema_field(
    {
        "type": "string",
        "description": "`bug`, `feature` or `general` (default); any other value is stored as `general`.",
        "example": "bug",
    }
)
class CategoryField(serializers.Field):
    """A feedback category; anything else (unknown value, wrong type, null) becomes `general`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return (True, Feedback.Category.GENERAL)
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        return data if data in Feedback.Category.values else Feedback.Category.GENERAL

    def to_representation(self, value):
        return value


def json_depth(value):
    """Nesting depth of containers: 1 for a flat object. Iterative, so any depth is safe."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
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
class BrowserInfoField(serializers.Field):
    default_error_messages = {
        "not_an_object": "Must be a JSON object.",
        "too_deep": f"Must be nested at most {BROWSER_INFO_MAX_DEPTH} levels deep.",
        "too_large": f"Must be at most {BROWSER_INFO_MAX_BYTES} bytes as JSON.",
        "unstorable": "Contains characters that cannot be stored (NUL or invalid Unicode).",
        "not_finite": "Must not contain NaN or Infinity.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_an_object")
        if json_depth(data) > BROWSER_INFO_MAX_DEPTH:
            self.fail("too_deep")
        if not all(is_storable_text(text) for text in json_strings(data)):
            self.fail("unstorable")
        try:
            encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        except ValueError:
            self.fail("not_finite")
        if len(encoded) > BROWSER_INFO_MAX_BYTES:
            self.fail("too_large")
        return data

    def to_representation(self, value):
        return value
