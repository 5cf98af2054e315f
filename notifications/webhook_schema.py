"""The outbound events in the OpenAPI description, as webhook objects (`x-webhooks`: the
description is OpenAPI 3.0, whose root has no `webhooks`; `pulse.api.schema` moves them).

One entry per type of notifications/events.py, with its version-1 `data` shape and the
Standard Webhooks headers every delivery carries.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiWebhook, extend_schema, inline_serializer
from rest_framework import serializers as s

from .formats import EVENT_TYPES

HEADERS = [
    OpenApiParameter("webhook-id", str, OpenApiParameter.HEADER, description="msg_...: the same on every attempt"),
    OpenApiParameter("webhook-timestamp", str, OpenApiParameter.HEADER, description="Unix seconds of the attempt"),
    OpenApiParameter(
        "webhook-signature",
        str,
        OpenApiParameter.HEADER,
        description="`v1,<base64 HMAC-SHA256>` per live secret, space separated (Standard Webhooks)",
    ),
]


def _entry(name, fields):
    return inline_serializer(name, fields)


DATA = {
    "changelog.published": {
        "entry": _entry(
            "WebhookChangelogEntry",
            {
                "id": s.UUIDField(),
                "title": s.CharField(),
                "version": s.CharField(),
                "type": s.CharField(),
                "summary": s.CharField(),
                "published_at": s.DateTimeField(),
                "url": s.URLField(),
            },
        )
    },
    "roadmap.status_changed": {
        "entry": _entry(
            "WebhookRoadmapEntry",
            {"id": s.UUIDField(), "feature_name": s.CharField(), "vote_count": s.IntegerField(), "url": s.URLField()},
        ),
        "status": s.CharField(),
        "previous_status": s.CharField(),
    },
    "feedback.created": {
        "feedback": _entry(
            "WebhookFeedback",
            {
                "id": s.UUIDField(),
                "title": s.CharField(),
                "category": s.CharField(),
                "status": s.CharField(),
                "user_id": s.UUIDField(allow_null=True),
                "created_at": s.DateTimeField(),
            },
        )
    },
    "roadmap.vote": {
        "entry": _entry("WebhookVotedEntry", {"id": s.UUIDField(), "vote_count": s.IntegerField()}),
        "visitor_id": s.UUIDField(),
        "vote_type": s.ChoiceField(choices=["up", "down"], allow_null=True, help_text="null: the vote was removed"),
    },
    "feedback.message_created": {
        "feedback": _entry(
            "WebhookMessageFeedback",
            {"id": s.UUIDField(), "title": s.CharField(), "user_id": s.UUIDField(allow_null=True)},
        ),
        "message": _entry(
            "WebhookMessage", {"id": s.UUIDField(), "message": s.CharField(), "created_at": s.DateTimeField()}
        ),
        "sender_role": s.ChoiceField(choices=["user", "team"]),
        "is_public": s.BooleanField(),
    },
    "announcement.started": {
        "announcement": _entry(
            "WebhookAnnouncement",
            {
                "id": s.UUIDField(),
                "title": s.CharField(),
                "message": s.CharField(),
                "type": s.CharField(),
                "starts_at": s.DateTimeField(),
                "ends_at": s.DateTimeField(allow_null=True),
            },
        )
    },
    "pulse.test": {"message": s.CharField(), "endpoint_id": s.UUIDField()},
}
IDEA_FIELDS = {
    "id": s.UUIDField(),
    "title": s.CharField(),
    "description": s.CharField(),
    "category": s.CharField(),
    "status": s.CharField(),
    "vote_count": s.IntegerField(),
    "author_name": s.CharField(allow_null=True),
    "created_at": s.DateTimeField(),
}
DATA.update(
    {
        "idea.created": {"idea": _entry("WebhookIdea", IDEA_FIELDS)},
        "idea.status_changed": {
            "idea": _entry("WebhookIdeaStatusIdea", IDEA_FIELDS),
            "status": s.CharField(),
            "previous_status": s.CharField(),
            "status_label": s.CharField(),
            "notify": s.BooleanField(help_text="false: the voters hear of it from the roadmap entry's notices"),
        },
        "idea.comment_created": {
            "idea": _entry("WebhookIdeaCommentIdea", IDEA_FIELDS),
            "comment": _entry(
                "WebhookIdeaComment",
                {
                    "id": s.UUIDField(),
                    "body": s.CharField(help_text="Markdown"),
                    "author_role": s.ChoiceField(choices=["visitor", "team"]),
                    "author_name": s.CharField(allow_null=True),
                    "parent_id": s.UUIDField(allow_null=True),
                    "visitor_id": s.UUIDField(allow_null=True),
                    "created_at": s.DateTimeField(),
                },
            ),
        },
        "idea.merged": {
            "idea": _entry("WebhookMergedIdea", IDEA_FIELDS),
            "into": _entry("WebhookMergedIntoIdea", IDEA_FIELDS),
        },
    }
)


def _webhook(type_):
    camel = "".join(part.title() for part in type_.replace(".", "_").split("_"))
    envelope = inline_serializer(
        f"{camel}Webhook",
        {
            "type": s.ChoiceField(choices=[type_]),
            "timestamp": s.DateTimeField(),
            "version": s.IntegerField(help_text="Payload version: 1"),
            "data": inline_serializer(f"{camel}WebhookData", DATA[type_]),
        },
    )
    return OpenApiWebhook(
        name=type_,
        decorator=extend_schema(
            summary=EVENT_TYPES[type_],
            description="Signed per Standard Webhooks; answer 2xx within 10 s, else it is retried with backoff.",
            parameters=HEADERS,
            request=envelope,
            responses={200: None},
        ),
    )


# One name per event type: SPECTACULAR_SETTINGS["WEBHOOKS"] imports each by its path.
CHANGELOG_PUBLISHED = _webhook("changelog.published")
ROADMAP_STATUS_CHANGED = _webhook("roadmap.status_changed")
ROADMAP_VOTE = _webhook("roadmap.vote")
FEEDBACK_CREATED = _webhook("feedback.created")
FEEDBACK_MESSAGE_CREATED = _webhook("feedback.message_created")
ANNOUNCEMENT_STARTED = _webhook("announcement.started")
PULSE_TEST = _webhook("pulse.test")
IDEA_CREATED = _webhook("idea.created")
IDEA_STATUS_CHANGED = _webhook("idea.status_changed")
IDEA_COMMENT_CREATED = _webhook("idea.comment_created")
IDEA_MERGED = _webhook("idea.merged")
