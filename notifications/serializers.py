"""Serializers of notifications: the visitor's view, the Admin API's and its inputs."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from pulse.api.fields import JSONObjectField, SiteLinkField, StrictCharField

from .models import Notification
from .services import MAX_RECIPIENTS

PUBLIC_FIELDS = ["id", "type", "title", "message", "link", "metadata", "read_at", "created_at"]
MAX_METADATA_BYTES = 4096
MAX_METADATA_DEPTH = 10
_field = Notification._meta.get_field


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = PUBLIC_FIELDS


@extend_schema_serializer(many=False)  # the list action answers one object, not an array
class NotificationListSerializer(serializers.Serializer):
    """`GET /notifications`: the newest ones and the count of all unread ones."""

    notifications = NotificationSerializer(many=True)
    unreadCount = serializers.IntegerField(min_value=0)  # the seed spells it so


class MarkReadSerializer(serializers.Serializer):
    notification_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="Mark only this one; omit to mark all unread ones."
    )


class AdminNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "user_id", *PUBLIC_FIELDS[1:]]


class NotificationCreateSerializer(serializers.Serializer):
    """Admin API input: one notification for `user_id`, or the same one for each of `user_ids`."""

    user_id = serializers.UUIDField(required=False)
    user_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, allow_empty=False, max_length=MAX_RECIPIENTS
    )
    type = serializers.ChoiceField(choices=Notification.Type.choices, default=Notification.Type.GENERAL)
    title = StrictCharField(max_length=_field("title").max_length)
    message = StrictCharField(max_length=_field("message").max_length, required=False, allow_blank=True, default="")
    link = SiteLinkField(
        max_length=_field("link").max_length,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "An absolute http(s) URL, or a path on the project's own pages starting with a single / "
            "(the widget opens it in place). Scheme-relative URLs, backslashes and whitespace are refused."
        ),
    )
    metadata = JSONObjectField(
        max_bytes=MAX_METADATA_BYTES,
        max_depth=MAX_METADATA_DEPTH,
        required=False,
        default=dict,
        help_text=f"A JSON object: at most {MAX_METADATA_BYTES} bytes as compact JSON, {MAX_METADATA_DEPTH} levels.",
    )

    def validate(self, attrs):
        if ("user_id" in attrs) == ("user_ids" in attrs):
            raise serializers.ValidationError({"user_id": "send either user_id or user_ids"})
        attrs["recipients"] = [attrs.pop("user_id")] if "user_id" in attrs else attrs.pop("user_ids")
        return attrs


class NotificationsCreatedSerializer(serializers.Serializer):
    created = serializers.IntegerField(min_value=0)
    ids = serializers.ListField(child=serializers.UUIDField())


class AdminNotificationFilterSerializer(serializers.Serializer):
    """Query parameters of the Admin API list."""

    user_id = serializers.UUIDField()
