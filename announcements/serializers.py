"""Serializers of announcements: the public banner, the Admin API's full object and filters."""

from rest_framework import serializers

from pulse.api.fields import QueryBooleanField, StrictModelSerializer

from .models import Announcement

PUBLIC_FIELDS = [
    "id",
    "title",
    "message",
    "type",
    "banner_color",
    "is_dismissible",
    "priority",
    "starts_at",
    "ends_at",
]


class AnnouncementSerializer(serializers.ModelSerializer):
    """An active announcement as the public API and the widget see it."""

    class Meta:
        model = Announcement
        fields = PUBLIC_FIELDS


class AnnouncementAdminSerializer(StrictModelSerializer):
    """The whole announcement for the Admin API; `id`, `project` and timestamps are not writable."""

    class Meta:
        model = Announcement
        fields = [*PUBLIC_FIELDS, "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Cross-field rule, said in the schema (issue 15): validate() refuses the rest with a 400.
        extra_kwargs = {
            "ends_at": {"help_text": "Empty: shown until switched off. When both are set, must be after starts_at."}
        }

    def validate(self, attrs):
        starts_at = attrs.get("starts_at", getattr(self.instance, "starts_at", None))
        ends_at = attrs.get("ends_at", getattr(self.instance, "ends_at", None))
        if starts_at is not None and ends_at is not None and ends_at <= starts_at:
            raise serializers.ValidationError({"ends_at": "must be after starts_at"})
        return attrs


class AnnouncementFilterSerializer(serializers.Serializer):
    """Query parameters of the Admin API list."""

    type = serializers.ChoiceField(choices=Announcement.Type.choices, required=False)
    is_active = QueryBooleanField(required=False, allow_null=True, default=None)
