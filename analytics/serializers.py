"""How events look in the API, and the OpenAPI description of the event bodies.

Responses are built by `event_payload` (plain dicts: a serializer per row would cost more
than the query). The serializers below only describe request and response bodies in the
schema; validation is `validators.py`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from rest_framework import serializers

from .validators import MAX_ID_LENGTH

_TEXT = RegexValidator(r"^[^\u0000]*$", "must not contain NUL characters")
_NAME = RegexValidator(r"^[^\u0000]*\S[^\u0000]*$", "must contain a visible character and no NUL")


def format_timestamp(moment):
    """`2026-03-05T12:00:00.000Z`: UTC, milliseconds, `Z`; four-digit year (strftime's %Y gives `46`)."""
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def event_payload(event_id, name, properties, user_id, session_id, timestamp):
    return {
        "id": str(event_id),
        "name": name,
        "properties": properties,
        "userId": user_id or None,
        "sessionId": session_id or None,
        "timestamp": format_timestamp(timestamp),
    }


class EventInputSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=settings.PULSE_EVENT_MAX_NAME_LENGTH,
        validators=[_NAME],
        help_text="Event name, e.g. `page.viewed` (required; surrounding spaces are trimmed).",
    )
    properties = serializers.DictField(
        required=False,
        allow_null=True,
        help_text=f"Any JSON object, at most {settings.PULSE_EVENT_MAX_PROPERTIES_BYTES} bytes as compact JSON.",
    )
    userId = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=MAX_ID_LENGTH, validators=[_TEXT]
    )
    sessionId = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=MAX_ID_LENGTH, validators=[_TEXT]
    )
    timestamp = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=(
            "When it happened (ISO 8601; naive means UTC); default: now. A time more than "
            "EVENT_MAX_FUTURE_SECONDS ahead or EVENT_MAX_AGE_DAYS behind the server's is replaced by the "
            "receive time, the value sent kept in the `$client_timestamp` property."
        ),
    )


class EventBatchInputSerializer(serializers.Serializer):
    events = serializers.ListField(
        child=EventInputSerializer(),
        min_length=1,
        max_length=settings.PULSE_EVENTS_MAX_BATCH,
        help_text="Stored all together or not at all.",
    )


class EventSerializer(serializers.Serializer):
    id = serializers.CharField(
        help_text="Event id (a string): a UUID (version 7), unique across every project, not a sequence number."
    )
    name = serializers.CharField()
    properties = serializers.DictField()
    userId = serializers.CharField(allow_null=True)
    sessionId = serializers.CharField(allow_null=True)
    timestamp = serializers.DateTimeField(help_text="UTC with milliseconds, e.g. 2026-03-05T12:00:00.000Z.")


class IngestedSerializer(serializers.Serializer):
    ingested = serializers.IntegerField(min_value=1)


class TopEventSerializer(serializers.Serializer):
    name = serializers.CharField()
    count = serializers.IntegerField(min_value=1)
