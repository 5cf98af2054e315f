"""Serializer fields that refuse what JSON allows but an output or the database would choke on.

DRF's CharField turns numbers into strings and lets characters through that XML or
PostgreSQL cannot hold; these fields answer 400 naming the field instead, by the core's
text rule (`pulse.text`) and link rule (`pulse.links`). `JSONObjectField` is a small JSON
object, bounded in bytes and depth, its keys and strings under the text rule, without NaN
(refused by PostgreSQL's jsonb).
"""

import json

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pulse import links
from pulse.text import describe_unstorable, first_unstorable_json_text, is_storable_text

__all__ = ["is_storable_text"]  # re-exported: the event validators read it from here


# What a link never holds (pulse.links), as a regex character-class body: backslash,
# whitespace, C0/DEL/C1 controls. The schema's patterns say the link rule with it.
_PLAIN = "\\\\\\s\\u0000-\\u001f\\u007f-\\u009f"


class StrictStringMixin:
    """Only JSON strings, and only text the database can store."""

    default_error_messages = {"not_a_string": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        if not is_storable_text(data):
            raise serializers.ValidationError(describe_unstorable(data), code="unstorable")
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


@extend_schema_field({"type": "string", "pattern": f"^$|^[Hh][Tt][Tt][Pp][Ss]?://[^/{_PLAIN}][^{_PLAIN}]*$"})
class HttpUrlField(StrictCharField):
    """An absolute http(s) URL with a host (`pulse.links.is_http_url`); "" when blank is allowed."""

    default_error_messages = {"not_http": links.HTTP_URL_MESSAGE}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value != "" and not links.is_http_url(value):
            self.fail("not_http")
        return value


@extend_schema_field(
    {"type": "string", "pattern": f"^$|^(/(?![/\\\\])|[Hh][Tt][Tt][Pp][Ss]?://[^/{_PLAIN}])[^{_PLAIN}]*$"}
)
class SiteLinkField(StrictCharField):
    """A link the widget can follow (`pulse.links.is_site_link`): a site path or an http(s) URL."""

    default_error_messages = {"not_a_link": links.SITE_LINK_MESSAGE}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value != "" and not links.is_site_link(value):
            self.fail("not_a_link")
        return value


class QueryBooleanField(serializers.BooleanField):
    """A query parameter `true` or `false`, as the schema says (not DRF's `1`, `yes`, `null` ...)."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if data == "true":
            return True
        if data == "false":
            return False
        self.fail("invalid")


class StrictModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose text and boolean fields are the strict ones above.

    Text fields refuse non-strings (and the model field's validators, the core text rule
    among them, still apply); booleans take only JSON true/false, as the schema says.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }


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


@extend_schema_field(OpenApiTypes.OBJECT)
class JSONObjectField(serializers.Field):
    """A JSON object of at most `max_bytes` (compact UTF-8) and `max_depth` levels."""

    default_error_messages = {
        "not_an_object": "Must be a JSON object.",
        "too_deep": "Must be nested at most {max_depth} levels deep.",
        "too_large": "Must be at most {max_bytes} bytes as JSON.",
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
        bad = first_unstorable_json_text(data)
        if bad is not None:
            raise serializers.ValidationError(describe_unstorable(bad), code="unstorable")
        try:
            encoded = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
        except ValueError:
            self.fail("not_finite")
        if len(encoded) > self.max_bytes:
            self.fail("too_large", max_bytes=self.max_bytes)
        return data

    def to_representation(self, value):
        return value
