"""Serializers of the feedback app: the public API's (visitor) and the Admin API's (team)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from pulse.api.fields import HttpUrlField, JSONObjectField, StrictBooleanField, StrictCharField

from .fields import CategoryField
from .models import (
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    PAGE_URL_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Feedback,
    FeedbackMessage,
)

EMAIL_MAX_LENGTH = Feedback._meta.get_field("email").max_length
BROWSER_INFO_MAX_BYTES = 4096
BROWSER_INFO_MAX_DEPTH = 5

# Public API (visitors)


@extend_schema_field(
    {"type": "string", "maxLength": EMAIL_MAX_LENGTH, "anyOf": [{"format": "email"}, {"maxLength": 0}]}
)
class ContactEmailField(StrictCharField):
    """An email address, or "" (or null) for none: the schema says both (DRF's EmailField
    would document `format: email` alone, which "" does not match)."""

    default_error_messages = {"invalid": serializers.EmailField.default_error_messages["invalid"]}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:  # checked here, not in `validators`: the schema would then say `format: email` again
            try:
                EmailValidator()(value)
            except DjangoValidationError:
                self.fail("invalid")
        return value


class FeedbackSubmitSerializer(serializers.Serializer):
    """What a visitor may send; status, priority and user_id are the server's to set.

    Optional fields sent as null are stored empty, as if they had been left out.
    """

    title = StrictCharField(max_length=TITLE_MAX_LENGTH, help_text="Brief summary of the feedback")
    description = StrictCharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Detailed description",
    )
    category = CategoryField(required=False)
    email = ContactEmailField(
        max_length=EMAIL_MAX_LENGTH,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Contact email for follow-up",
    )
    page_url = HttpUrlField(
        max_length=PAGE_URL_MAX_LENGTH,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="http(s) URL of the page where feedback was submitted",
    )
    browser_info = JSONObjectField(
        max_bytes=BROWSER_INFO_MAX_BYTES,
        max_depth=BROWSER_INFO_MAX_DEPTH,
        required=False,
        allow_null=True,
        help_text="Browser metadata (e.g. userAgent, language): a JSON object of at most 4 KB",
    )

    def validate(self, attrs):
        empty = {"browser_info": {}}
        return {key: empty.get(key, "") if value is None else value for key, value in attrs.items()}


class FeedbackCreatedSerializer(serializers.Serializer):
    id = serializers.UUIDField()


class FeedbackListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feedback
        fields = ["id", "title", "category", "status", "priority", "created_at"]


class MessageSerializer(serializers.ModelSerializer):
    """The seed's message object."""

    feedback_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = FeedbackMessage
        fields = ["id", "feedback_id", "message", "sender_role", "sender_id", "is_public", "created_at"]


class PublicMessageSerializer(MessageSerializer):
    """A message as the visitor sees it: the team member's or key's id stays internal."""

    sender_id = serializers.SerializerMethodField()

    def get_sender_id(self, message) -> str | None:
        return message.sender_id if message.sender_role == FeedbackMessage.SenderRole.USER else None


class PublicFeedbackDetailSerializer(serializers.ModelSerializer):
    messages = PublicMessageSerializer(many=True, source="public_messages", help_text="Public messages, oldest first")

    class Meta:
        model = Feedback
        fields = [
            "id",
            "title",
            "description",
            "category",
            "status",
            "priority",
            "page_url",
            "created_at",
            "updated_at",
            "messages",
        ]


class VisitorMessageSerializer(serializers.Serializer):
    message = StrictCharField(max_length=MESSAGE_MAX_LENGTH, help_text="The message text")


# Admin API (team)


class AdminFeedbackSerializer(serializers.ModelSerializer):
    browser_info = serializers.JSONField(read_only=True)
    # Not `format: email`: feedback without a contact address has "" here.
    email = serializers.CharField(read_only=True, help_text="Contact email, or empty when none was given")
    message_count = serializers.IntegerField(read_only=True, help_text="Messages in the thread, notes included")

    class Meta:
        model = Feedback
        fields = [
            "id",
            "user_id",
            "title",
            "description",
            "category",
            "status",
            "priority",
            "email",
            "page_url",
            "browser_info",
            "message_count",
            "created_at",
            "updated_at",
        ]


class AdminFeedbackDetailSerializer(AdminFeedbackSerializer):
    messages = MessageSerializer(many=True, help_text="Every message, internal notes included, oldest first")

    class Meta(AdminFeedbackSerializer.Meta):
        fields = AdminFeedbackSerializer.Meta.fields + ["messages"]


@extend_schema_serializer(many=False)  # the list action answers one page object, not an array
class AdminFeedbackPageSerializer(serializers.Serializer):
    results = AdminFeedbackSerializer(many=True)
    count = serializers.IntegerField(help_text="Feedback matching the filters, across all pages")


class AdminFeedbackFilterSerializer(serializers.Serializer):
    """Query parameters of the inbox; an empty value means no filter."""

    status = serializers.ChoiceField(choices=Feedback.Status.choices, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Feedback.Category.choices, required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Feedback.Priority.choices, required=False, allow_blank=True)
    q = StrictCharField(
        max_length=200, required=False, allow_blank=True, help_text="Text search in title, description and email"
    )


class AdminFeedbackUpdateSerializer(serializers.Serializer):
    """Only status and priority change; any other field sent is ignored."""

    status = serializers.ChoiceField(choices=Feedback.Status.choices, required=False)
    priority = serializers.ChoiceField(choices=Feedback.Priority.choices, required=False)


class TeamMessageSerializer(serializers.Serializer):
    message = StrictCharField(max_length=MESSAGE_MAX_LENGTH)
    is_public = StrictBooleanField(
        default=True, help_text="false: an internal note, never shown to the visitor nor notified"
    )
