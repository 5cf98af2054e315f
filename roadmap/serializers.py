"""Serializers of the roadmap: the public entry (the seed's fields), the Admin API's entry
(writable fields plus timestamps), and the request bodies of vote and reorder.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pulse.api.fields import StrictCharField, StrictModelSerializer

from .models import MAX_TAG_LENGTH, MAX_TAGS, RoadmapEntry, RoadmapVote

PUBLIC_FIELDS = [
    "id",
    "milestone_number",
    "milestone_name",
    "feature_name",
    "feature_status",
    "user_friendly_description",
    "target_date",
    "category",
    "tags",
    "sort_order",
    "is_highlight",
    "vote_count",
    "published_at",
]
MAX_REORDER_IDS = 1000


class RoadmapEntrySerializer(serializers.ModelSerializer):
    """A published entry as the public API shows it."""

    tags = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), max_length=MAX_TAGS)

    class Meta:
        model = RoadmapEntry
        fields = PUBLIC_FIELDS
        read_only_fields = PUBLIC_FIELDS


class RoadmapEntryAdminSerializer(StrictModelSerializer):
    """An entry in the Admin API; `id`, `vote_count` and the timestamps are never written."""

    tags = serializers.ListField(
        child=StrictCharField(max_length=MAX_TAG_LENGTH, allow_blank=False),
        max_length=MAX_TAGS,
        required=False,
    )

    class Meta:
        model = RoadmapEntry
        fields = [*PUBLIC_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "vote_count", "created_at", "updated_at"]


USER_VOTE_CHOICES = [("up", "Upvoted"), ("down", "Downvoted")]


class VisitorRoadmapEntrySerializer(RoadmapEntrySerializer):
    """For the schema only: an entry of `GET /roadmap` as a visitor (`x-pulse-user-id`) gets it.

    The body is built by `roadmap.selectors.with_user_votes` from the cached list.
    """

    user_vote = serializers.ChoiceField(
        choices=USER_VOTE_CHOICES,
        allow_null=True,
        required=False,
        help_text="Only with x-pulse-user-id: the visitor's vote on this entry, null when none.",
    )

    class Meta(RoadmapEntrySerializer.Meta):
        fields = [*PUBLIC_FIELDS, "user_vote"]
        read_only_fields = PUBLIC_FIELDS


class VoteRequestSerializer(serializers.Serializer):
    vote_type = serializers.ChoiceField(choices=RoadmapVote.VoteType.choices)


class VoteResultSerializer(serializers.Serializer):
    vote_count = serializers.IntegerField(help_text="Net score of the entry: upvotes minus downvotes.")
    # Own labels: the schema then names this choice set UserVoteEnum without a collision warning.
    user_vote = serializers.ChoiceField(
        choices=USER_VOTE_CHOICES,
        allow_null=True,
        help_text="The visitor's vote now; null when it was removed.",
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 1,
        "maxItems": MAX_REORDER_IDS,
        "uniqueItems": True,
    }
)
class UniqueIdListField(serializers.ListField):
    """The schema says what validate_ids checks: each id once."""


class ReorderRequestSerializer(serializers.Serializer):
    ids = UniqueIdListField(
        child=serializers.UUIDField(),
        allow_empty=False,
        max_length=MAX_REORDER_IDS,
        help_text=(
            "Entry ids of the project, each once, in their new order; they get sort_order 1, 2, 3... "
            "Others keep theirs. An id that is not one of the project's entries is a 404."
        ),
    )

    def validate_ids(self, ids):
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("Each id may appear only once.")
        return ids
