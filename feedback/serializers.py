"""Serializers of the feedback app: the public API's (visitor) and the Admin API's (team)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from projects.models import BOARD_MODERATION_CHOICES
from pulse.api.fields import HttpUrlField, JSONObjectField, StrictBooleanField, StrictCharField
from roadmap.models import RoadmapEntry

from .fields import CategoryField
from .models import (
    COMMENT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    DISPLAY_NAME_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    PAGE_URL_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Feedback,
    FeedbackMessage,
    IdeaComment,
    IdeaStatus,
    Moderation,
)
from .selectors import SEARCH_MAX_LENGTH

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


# The idea board (issue 20): public API (visitors) and Admin API (team).

BOARD_PAGE_MAX = 50
BOARD_PAGE_DEFAULT = 20
BOARD_SORT_HELP = (
    "trending: log10(votes + 1) + (published_at - 2025-01-01) / 3 days, highest first (votes weighted by "
    "recency: an idea 3 days newer needs ten times fewer votes); top: most votes; new: newest first"
)


class HoneypotField(StrictCharField):
    """A field people never see nor fill (the portal and widget hide it): a request that
    fills it is a bot's, answered as a success and stored nowhere."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            allow_blank=True,
            max_length=200,
            help_text="Leave empty: a spam trap (a filled one is answered 201 and stored nowhere).",
            **kwargs,
        )


class IdeaSubmitSerializer(serializers.Serializer):
    """A visitor's new idea; status, moderation and votes are the server's to set."""

    title = StrictCharField(max_length=TITLE_MAX_LENGTH, help_text="The idea in a line")
    description = StrictCharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Feedback.Category.choices, required=False)
    display_name = StrictCharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="The name shown with the idea; empty: anonymous. Nothing else about the author is shown.",
    )
    email = ContactEmailField(
        max_length=EMAIL_MAX_LENGTH, required=False, allow_blank=True, help_text="For the team only, never shown"
    )
    website = HoneypotField()


class IdeaCommentSubmitSerializer(serializers.Serializer):
    body = StrictCharField(max_length=COMMENT_MAX_LENGTH, help_text="Markdown (rendered and sanitised)")
    display_name = StrictCharField(max_length=DISPLAY_NAME_MAX_LENGTH, required=False, allow_blank=True)
    parent_id = serializers.UUIDField(
        required=False, allow_null=True, help_text="Reply to this comment (threads are one level deep)"
    )
    website = HoneypotField()


class IdeaCommentEditSerializer(serializers.Serializer):
    body = StrictCharField(max_length=COMMENT_MAX_LENGTH, help_text="Markdown (rendered and sanitised)")


class BoardQuerySerializer(serializers.Serializer):
    """Query parameters of the board list."""

    sort = serializers.ChoiceField(
        choices=["trending", "top", "new"],
        default="trending",
        help_text=BOARD_SORT_HELP,
    )
    status = serializers.ChoiceField(choices=IdeaStatus.choices, required=False)
    category = serializers.ChoiceField(choices=Feedback.Category.choices, required=False)
    q = StrictCharField(
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Full-text search in title and description; empty: no search",
    )


class SimilarQuerySerializer(serializers.Serializer):
    title = StrictCharField(
        max_length=SEARCH_MAX_LENGTH, allow_blank=True, help_text="What the visitor typed so far (empty: none)"
    )


class IdeaCommentSerializer(serializers.ModelSerializer):
    """A comment as the board shows it: the author's name only if they gave one."""

    is_team = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    is_pending = serializers.SerializerMethodField(help_text="Held for approval: only its author sees it")

    class Meta:
        model = IdeaComment
        fields = [
            "id",
            "parent_id",
            "body",
            "body_html",
            "is_team",
            "author_name",
            "is_pending",
            "created_at",
            "edited_at",
        ]

    def get_is_team(self, comment) -> bool:
        return comment.author_role == IdeaComment.AuthorRole.TEAM

    def get_author_name(self, comment) -> str | None:
        return comment.display_name or None

    def get_is_pending(self, comment) -> bool:
        return comment.moderation == Moderation.PENDING


class IdeaThreadSerializer(IdeaCommentSerializer):
    replies = IdeaCommentSerializer(many=True, source="thread_replies", help_text="Replies, oldest first")

    class Meta(IdeaCommentSerializer.Meta):
        fields = IdeaCommentSerializer.Meta.fields + ["replies"]


class IdeaSerializer(serializers.ModelSerializer):
    """An idea on the board. Never the author's visitor id, email, page or browser."""

    status = serializers.ChoiceField(choices=IdeaStatus.choices, source="idea_status", read_only=True)
    author_name = serializers.SerializerMethodField()
    voted = serializers.SerializerMethodField(help_text="Whether the visitor (x-pulse-user-id) upvoted it")
    roadmap_entry_id = serializers.UUIDField(read_only=True, allow_null=True)
    awaiting_approval = serializers.SerializerMethodField(
        help_text="True for an idea held for the team's approval (the project holds new ideas): only its "
        "author ever sees it, in the answer to its POST"
    )

    class Meta:
        model = Feedback
        fields = [
            "id",
            "title",
            "description",
            "category",
            "status",
            "vote_count",
            "comment_count",
            "author_name",
            "voted",
            "comments_locked",
            "roadmap_entry_id",
            "awaiting_approval",
            "published_at",
        ]

    def get_author_name(self, idea) -> str | None:
        return idea.display_name or None

    def get_voted(self, idea) -> bool:
        return idea.pk in self.context.get("voted_ids", ())

    def get_awaiting_approval(self, idea) -> bool:
        return idea.moderation == Moderation.PENDING


@extend_schema_serializer(many=False)
class IdeaPageSerializer(serializers.Serializer):
    results = IdeaSerializer(many=True)
    has_more = serializers.BooleanField(help_text="Whether a next page (offset + limit) has ideas")


class IdeaDetailSerializer(IdeaSerializer):
    comments = IdeaThreadSerializer(
        many=True, source="comments_tree", help_text="Top-level comments, oldest first, with their replies"
    )
    merged_from = serializers.UUIDField(
        allow_null=True, help_text="The id asked for, when it was a duplicate merged into this idea"
    )

    class Meta(IdeaSerializer.Meta):
        fields = IdeaSerializer.Meta.fields + ["comments", "merged_from"]


class IdeaSimilarSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=IdeaStatus.choices, source="idea_status", read_only=True)
    similarity = serializers.FloatField(help_text="0 to 1 (trigram similarity of the titles)")

    class Meta:
        model = Feedback
        fields = ["id", "title", "status", "vote_count", "similarity"]


class IdeaVoteResultSerializer(serializers.Serializer):
    id = serializers.UUIDField(help_text="The idea voted on (a merged duplicate's vote goes to its target)")
    vote_count = serializers.IntegerField()
    voted = serializers.BooleanField(help_text="false: the vote was removed (toggle)")


# Admin API (team)


class AdminIdeaSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=IdeaStatus.choices, source="idea_status", read_only=True)
    # Not `format: email`: an idea without a contact address has "" here.
    email = serializers.CharField(read_only=True, help_text="Contact email (never shown publicly), or empty")

    class Meta:
        model = Feedback
        fields = [
            "id",
            "user_id",
            "title",
            "description",
            "category",
            "status",
            "moderation",
            "comments_locked",
            "display_name",
            "email",
            "vote_count",
            "comment_count",
            "merged_into_id",
            "roadmap_entry_id",
            "published_at",
            "created_at",
            "updated_at",
        ]


@extend_schema_serializer(many=False)
class AdminIdeaPageSerializer(serializers.Serializer):
    results = AdminIdeaSerializer(many=True)
    count = serializers.IntegerField(help_text="Ideas matching the filters, across all pages")


class AdminIdeaCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdeaComment
        fields = [
            "id",
            "idea_id",
            "parent_id",
            "author_role",
            "visitor_id",
            "sender_id",
            "display_name",
            "body",
            "body_html",
            "moderation",
            "created_at",
            "edited_at",
        ]


@extend_schema_serializer(many=False)
class AdminIdeaCommentPageSerializer(serializers.Serializer):
    results = AdminIdeaCommentSerializer(many=True)
    count = serializers.IntegerField()


class AdminIdeaDetailSerializer(AdminIdeaSerializer):
    comments = AdminIdeaCommentSerializer(
        many=True, source="comments_all", help_text="Every comment, whatever its moderation, oldest first"
    )

    class Meta(AdminIdeaSerializer.Meta):
        fields = AdminIdeaSerializer.Meta.fields + ["comments"]


class AdminIdeaFilterSerializer(serializers.Serializer):
    moderation = serializers.ChoiceField(choices=Moderation.choices, required=False)
    status = serializers.ChoiceField(choices=IdeaStatus.choices, required=False)
    category = serializers.ChoiceField(choices=Feedback.Category.choices, required=False)
    q = StrictCharField(max_length=SEARCH_MAX_LENGTH, required=False, help_text="In title or description")


class AdminIdeaUpdateSerializer(serializers.Serializer):
    """What the team changes on an idea; other fields are ignored."""

    status = serializers.ChoiceField(choices=IdeaStatus.choices, required=False)
    moderation = serializers.ChoiceField(choices=Moderation.choices, required=False)
    comments_locked = StrictBooleanField(required=False)


class AdminIdeaMergeSerializer(serializers.Serializer):
    into = serializers.UUIDField(help_text="The idea this one duplicates: it takes the votes and comments")


class AdminIdeaPromoteSerializer(serializers.Serializer):
    """The new roadmap entry's fields; by default the idea's title and description, planned, public now."""

    feature_name = StrictCharField(max_length=200, required=False)
    milestone_number = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    milestone_name = StrictCharField(max_length=200, required=False, allow_blank=True)
    feature_status = serializers.ChoiceField(choices=RoadmapEntry.Status.choices, required=False)


class AdminTeamCommentSerializer(serializers.Serializer):
    body = StrictCharField(max_length=COMMENT_MAX_LENGTH, help_text="Markdown (rendered and sanitised)")
    display_name = StrictCharField(max_length=DISPLAY_NAME_MAX_LENGTH, required=False, allow_blank=True)
    parent_id = serializers.UUIDField(required=False, allow_null=True)


class AdminCommentFilterSerializer(serializers.Serializer):
    moderation = serializers.ChoiceField(choices=Moderation.choices, required=False)


class AdminCommentModerationSerializer(serializers.Serializer):
    moderation = serializers.ChoiceField(choices=Moderation.choices)


class AdminPublishSerializer(serializers.Serializer):
    display_name = StrictCharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="The author's name as they agreed to show it; empty or absent: anonymous",
    )


class BoardSettingsSerializer(serializers.Serializer):
    moderation = serializers.ChoiceField(
        choices=BOARD_MODERATION_CHOICES,
        source="board_moderation",
        help_text="Visitors' new ideas and comments: publish (at once) or hold (for the team's approval)",
    )
