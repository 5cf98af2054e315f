"""Serializers of the changelog APIs: the public entry, and the Admin API's strict input.

The public list itself is rendered from `selectors.published_entries` (plain dicts);
`ChangelogEntrySerializer` describes that payload in the schema and matches it field for
field (a test holds them together).
"""

from rest_framework import serializers

# Generic strict fields (no str() of numbers, storable text only, JSON booleans only); they
# live in feedback, which needed them first, and belong in the API core.
from pulse.api.fields import StrictCharField, StrictModelSerializer

from .content import render_markdown
from .models import ChangelogEntry, EntryStatus, EntryType
from .selectors import PUBLIC_FIELDS

CONTENT_MAX_LENGTH = 60_000
BOTH_CONTENTS_ERROR = (
    "Send content or content_markdown, not both (an entry read from the API may be sent back unchanged)."
)
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
        help_text="Markdown instead of `content`: rendered to HTML, then sanitised; kept as written and "
        "returned as sent. Empty when the entry was written as HTML. Sent together with `content`, the "
        "`content` must be the entry's current HTML or what the Markdown renders to (a read object sent back).",
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
            # An object read from the API carries both. An empty Markdown: the HTML is the
            # source. Otherwise the Markdown is, when the HTML beside it is unchanged or is its
            # rendering; any other pair is ambiguous and refused.
            if not values["content_markdown"]:
                del values["content_markdown"]
            else:
                html = values.pop("content")
                current = self.instance.content if self.instance is not None else None
                if html not in (current, render_markdown(values["content_markdown"])):
                    raise serializers.ValidationError({"content_markdown": [BOTH_CONTENTS_ERROR]})
        return values


class PublishSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When to publish; omitted or null: now. A future date schedules."
    )
