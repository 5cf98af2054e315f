"""Serializers of the changelog APIs: the public entry, and the Admin API's strict input.

The public list itself is rendered from `selectors.published_entries` (plain dicts);
`ChangelogEntrySerializer` describes that payload in the schema and matches it field for
field (a test holds them together).
"""

from rest_framework import serializers

# Generic strict fields (no str() of numbers, storable text only, JSON booleans only); they
# live in feedback, which needed them first, and belong in the API core.
from pulse.api.fields import StrictCharField, StrictModelSerializer

from .models import ChangelogEntry, EntryStatus, EntryType
from .selectors import PUBLIC_FIELDS

CONTENT_MAX_LENGTH = 60_000
TYPE_CHOICE_ERROR = '"{input}" is not a valid choice; use one of: ' + ", ".join(EntryType.values)


class ChangelogEntrySerializer(serializers.ModelSerializer):
    """A published entry as the public API shows it (the seed's fields, nothing else)."""

    type = serializers.ChoiceField(choices=EntryType.choices)

    class Meta:
        model = ChangelogEntry
        fields = list(PUBLIC_FIELDS)


class UnseenSerializer(serializers.Serializer):
    unseen_count = serializers.IntegerField(min_value=0)
    unseen_ids = serializers.ListField(child=serializers.UUIDField())


class ViewedSerializer(serializers.Serializer):
    viewed = serializers.BooleanField()


class ChangelogEntryAdminSerializer(StrictModelSerializer):
    """An entry in the Admin API: drafts and schedules too, with its `status`.

    Input is strict (types, enum values, lengths; unknown fields refused). Read-only fields
    (`id`, `project`, `status`, `created_at`, `updated_at`) are ignored if sent, so an
    object read from the API can be sent back as it is.
    """

    IGNORED_INPUT = frozenset({"project"})

    type = serializers.ChoiceField(
        choices=EntryType.choices, required=False, error_messages={"invalid_choice": TYPE_CHOICE_ERROR}
    )
    content = StrictCharField(
        max_length=CONTENT_MAX_LENGTH,
        allow_blank=True,
        required=False,
        help_text="HTML; sanitised (allow-listed tags, http/https/mailto links, http(s) images).",
    )
    content_markdown = StrictCharField(
        max_length=CONTENT_MAX_LENGTH,
        allow_blank=True,
        required=False,
        write_only=True,
        help_text="Markdown instead of `content`: rendered to HTML, then sanitised.",
    )
    status = serializers.ChoiceField(choices=EntryStatus.choices, read_only=True)

    class Meta:
        model = ChangelogEntry
        fields = [*PUBLIC_FIELDS, "content_markdown", "status", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        unknown = sorted(set(data) - set(self.fields) - self.IGNORED_INPUT)
        if unknown:
            raise serializers.ValidationError({unknown[0]: ["Unknown field."]})
        if "content" in data and "content_markdown" in data:
            raise serializers.ValidationError({"content_markdown": ["Send content or content_markdown, not both."]})
        return values


class PublishSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When to publish; omitted or null: now. A future date schedules."
    )
