"""Admin API of feedback: the team's inbox for a customer's server (`/api/v1/admin/feedback`).

List with filters and pagination (`{"results": [...], "count": N}`), read a whole thread
(internal notes included), triage status/priority and reply as the team. Writes go through
`feedback.services`, so the author is notified exactly as from the dashboard.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from . import selectors, services
from .models import Feedback, IdeaComment, IdeaStatus, Moderation
from .selectors import SEARCH_MAX_LENGTH
from .serializers import (
    AdminCommentFilterSerializer,
    AdminCommentModerationSerializer,
    AdminFeedbackDetailSerializer,
    AdminFeedbackFilterSerializer,
    AdminFeedbackPageSerializer,
    AdminFeedbackSerializer,
    AdminFeedbackUpdateSerializer,
    AdminIdeaCommentPageSerializer,
    AdminIdeaCommentSerializer,
    AdminIdeaDetailSerializer,
    AdminIdeaFilterSerializer,
    AdminIdeaMergeSerializer,
    AdminIdeaPageSerializer,
    AdminIdeaPromoteSerializer,
    AdminIdeaSerializer,
    AdminIdeaUpdateSerializer,
    AdminPublishSerializer,
    AdminTeamCommentSerializer,
    BoardSettingsSerializer,
    MessageSerializer,
    TeamMessageSerializer,
)

NOT_FOUND = "Feedback not found"


def choice_parameter(name, choices, description="Only feedback with this value; empty: no filter."):
    # "" is in the enum: an empty filter means no filter (a documented leniency of the inbox
    # and the board: DRF reads an empty optional query value as absent).
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=["", *(value for value, _ in choices)],
        description=description,
    )


LIST_PARAMETERS = [
    choice_parameter("status", Feedback.Status.choices),
    choice_parameter("category", Feedback.Category.choices),
    choice_parameter("priority", Feedback.Priority.choices),
    OpenApiParameter(
        "q", OpenApiTypes.STR, OpenApiParameter.QUERY, description="Text search in title, description and email"
    ),
    *limit_offset_parameters(default_limit=50),
]


def api_key_sender_id(api_key):
    """How a message sent with an API key names its sender: the key's public prefix."""
    return f"key:{api_key.prefix}"


class FeedbackAdminViewSet(AdminViewSet):
    """The team's feedback inbox: filter, read whole threads, triage and reply."""

    scope_module = "feedback"
    queryset = Feedback.objects.none()  # for the schema's path parameter type; views scope by project

    def get_feedback(self, pk, *, with_thread=False):
        if with_thread:
            queryset = selectors.feedback_with_thread(project_id=self.project.id)
        else:
            queryset = Feedback.objects.filter(project_id=self.project.id)
        feedback = self.get_object_or_404(queryset, pk, NOT_FOUND)
        feedback.project = self.project  # already loaded with the key: no query for notifications
        return feedback

    @extend_schema(
        operation_id="admin_feedback_list",
        summary="List feedback, newest first, with filters and pagination",
        parameters=LIST_PARAMETERS,
        responses={200: AdminFeedbackPageSerializer, **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        filters = AdminFeedbackFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        limit, offset = limit_offset(request.query_params, default_limit=50)
        queryset = selectors.inbox(project_id=self.project.id, **filters.validated_data)
        page = selectors.with_message_count(queryset)[offset : offset + limit]
        return Response({"results": AdminFeedbackSerializer(page, many=True).data, "count": queryset.count()})

    @extend_schema(
        operation_id="admin_feedback_retrieve",
        summary="One feedback with all its messages, internal notes included",
        responses={200: AdminFeedbackDetailSerializer, **error_responses(401, 403, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(AdminFeedbackDetailSerializer(self.get_feedback(kwargs["pk"], with_thread=True)).data)

    @extend_schema(
        operation_id="admin_feedback_update",
        summary="Change status and/or priority (other fields are ignored)",
        description="A status change notifies the feedback's author.",
        request=AdminFeedbackUpdateSerializer,
        responses={200: AdminFeedbackDetailSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        feedback = self.get_feedback(kwargs["pk"])
        serializer = AdminFeedbackUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.change_feedback(feedback=feedback, **serializer.validated_data)
        return Response(AdminFeedbackDetailSerializer(self.get_feedback(feedback.pk, with_thread=True)).data)

    @extend_schema(
        operation_id="admin_feedback_add_message",
        summary="Reply as the team, or add an internal note (is_public false)",
        description="A public reply notifies the feedback's author; an internal note is never shown to them.",
        request=TeamMessageSerializer,
        responses={201: MessageSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, *args, **kwargs):
        feedback = self.get_feedback(kwargs["pk"])
        serializer = TeamMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.add_team_message(
            feedback=feedback, sender_id=api_key_sender_id(request.auth), **serializer.validated_data
        )
        return Response(MessageSerializer(message).data, status=201)

    @extend_schema(
        operation_id="admin_feedback_publish",
        summary="Publish a private feedback item to the idea board (the team's explicit action)",
        description="The author stays anonymous unless `display_name` is given; their email, page and browser "
        "are never shown. Already public: unchanged.",
        request=AdminPublishSerializer,
        responses={200: AdminIdeaSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        feedback = self.get_feedback(kwargs["pk"])
        fields = _valid(AdminPublishSerializer, request.data)
        idea = services.publish_to_board(feedback=feedback, display_name=fields.get("display_name"))
        return Response(AdminIdeaSerializer(idea).data)


# The idea board (issue 20): moderation, status, merge and promotion.

IDEA_NOT_FOUND = "Idea not found"
COMMENT_NOT_FOUND = "Comment not found"


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _django_errors_as_400(call, **kwargs):
    """Run a service; its django ValidationError (and the board's refusals) become a 400."""
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    except (services.FollowsRoadmap, services.CommentsLocked) as exc:
        raise ValidationError(str(exc)) from None


class IdeaAdminViewSet(AdminViewSet):
    """The team's board: every public idea (held, hidden, spam, merged too)."""

    scope_module = "feedback"
    queryset = Feedback.objects.none()

    def get_idea(self, pk):
        queryset = Feedback.objects.filter(project_id=self.project.id, visibility=Feedback.Visibility.PUBLIC)
        idea = self.get_object_or_404(queryset, pk, IDEA_NOT_FOUND)
        idea.project = self.project
        return idea

    def detail_response(self, idea):
        idea = self.get_idea(idea.pk)
        idea.comments_all = list(selectors.admin_idea_comments(idea_id=idea.pk))
        return Response(AdminIdeaDetailSerializer(idea).data)

    @extend_schema(
        operation_id="admin_ideas_list",
        summary="Every public idea, newest first, filtered, paginated",
        parameters=[
            choice_parameter("moderation", Moderation.choices, "Only ideas in this moderation state; empty: all"),
            choice_parameter("status", IdeaStatus.choices, "Only ideas in this status; empty: all"),
            choice_parameter("category", Feedback.Category.choices, "Only this category; empty: all"),
            OpenApiParameter("q", {"type": "string", "maxLength": SEARCH_MAX_LENGTH}),
            *limit_offset_parameters(default_limit=50),
        ],
        responses={200: AdminIdeaPageSerializer, **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        filters = _valid(AdminIdeaFilterSerializer, request.query_params)
        limit, offset = limit_offset(request.query_params, default_limit=50)
        queryset = selectors.board_admin_ideas(project_id=self.project.id, **filters)
        page = queryset[offset : offset + limit]
        return Response({"results": AdminIdeaSerializer(page, many=True).data, "count": queryset.count()})

    @extend_schema(
        operation_id="admin_ideas_settings",
        summary="The board's moderation setting: publish visitors' ideas and comments at once, or hold them",
        responses={200: BoardSettingsSerializer, **error_responses(401, 403, 429)},
    )
    @action(detail=False, methods=["get"], url_path="settings")
    def board_settings(self, request, *args, **kwargs):
        return Response(BoardSettingsSerializer(self.project).data)

    @extend_schema(
        operation_id="admin_ideas_settings_update",
        summary="Change the board's moderation setting (what is already posted is unchanged)",
        request=BoardSettingsSerializer,
        responses={200: BoardSettingsSerializer, **error_responses(400, 401, 403, 413, 429)},
    )
    @board_settings.mapping.patch
    def update_board_settings(self, request, *args, **kwargs):
        fields = _valid(BoardSettingsSerializer, request.data)
        project = services.set_board_moderation(project=self.project, moderation=fields["board_moderation"])
        return Response(BoardSettingsSerializer(project).data)

    @extend_schema(
        operation_id="admin_ideas_retrieve",
        summary="One idea with every comment",
        responses={200: AdminIdeaDetailSerializer, **error_responses(401, 403, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_idea(kwargs["pk"]))

    @extend_schema(
        operation_id="admin_ideas_update",
        summary="Moderate (approve, hold, hide, spam), set the status, lock or unlock comments",
        description="A status change notifies the author and the voters; a promoted idea's status follows its "
        "roadmap entry (400).",
        request=AdminIdeaUpdateSerializer,
        responses={200: AdminIdeaDetailSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        idea = self.get_idea(kwargs["pk"])
        fields = _valid(AdminIdeaUpdateSerializer, request.data)
        with transaction.atomic():  # all or nothing
            if "status" in fields:
                _django_errors_as_400(services.change_idea_status, idea=idea, status=fields["status"])
            if "moderation" in fields:
                services.moderate_idea(idea=idea, moderation=fields["moderation"])
            if "comments_locked" in fields:
                services.lock_comments(idea=idea, locked=fields["comments_locked"])
        return self.detail_response(idea)

    @extend_schema(
        operation_id="admin_ideas_delete",
        summary="Delete an idea with its votes, comments and notifications",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def destroy(self, request, *args, **kwargs):
        services.delete_idea(idea=self.get_idea(kwargs["pk"]))
        return Response(status=204)

    @extend_schema(
        operation_id="admin_ideas_merge",
        summary="Merge this duplicate into another idea",
        description="Votes move (a visitor who voted on both counts once), comments move, this idea redirects to "
        "the other, its followers are notified.",
        request=AdminIdeaMergeSerializer,
        responses={200: AdminIdeaDetailSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, *args, **kwargs):
        source = self.get_idea(kwargs["pk"])
        into = _valid(AdminIdeaMergeSerializer, request.data)["into"]
        target = Feedback.objects.filter(project_id=self.project.id, pk=into).first()
        if target is None:
            raise ValidationError({"into": "No such idea in this project"})
        target = _django_errors_as_400(services.merge_ideas, source=source, target=target)
        return self.detail_response(target)

    @extend_schema(
        operation_id="admin_ideas_promote",
        summary="Promote an idea to the roadmap",
        description="Creates a roadmap entry linked both ways (public now, planned by default); the idea's status "
        "then follows the entry's and its voters hear of the entry's changes.",
        request=AdminIdeaPromoteSerializer,
        responses={201: AdminIdeaDetailSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def promote(self, request, *args, **kwargs):
        idea = self.get_idea(kwargs["pk"])
        fields = _valid(AdminIdeaPromoteSerializer, request.data)
        _django_errors_as_400(services.promote_to_roadmap, idea=idea, **fields)
        response = self.detail_response(idea)
        response.status_code = 201
        return response

    @extend_schema(
        operation_id="admin_ideas_add_comment",
        summary="Comment as the team (marked as the team's); published at once",
        request=AdminTeamCommentSerializer,
        responses={201: AdminIdeaCommentSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, *args, **kwargs):
        idea = self.get_idea(kwargs["pk"])
        fields = _valid(AdminTeamCommentSerializer, request.data)
        comment = _django_errors_as_400(
            services.add_team_comment, idea=idea, sender_id=api_key_sender_id(request.auth), **fields
        )
        return Response(AdminIdeaCommentSerializer(comment).data, status=201)


class IdeaCommentAdminViewSet(AdminViewSet):
    """Comments on the project's ideas: list (newest first), moderate, delete."""

    scope_module = "feedback"
    queryset = IdeaComment.objects.none()
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_comment(self, pk):
        queryset = IdeaComment.objects.filter(idea__project_id=self.project.id).select_related("idea")
        return self.get_object_or_404(queryset, pk, COMMENT_NOT_FOUND)

    @extend_schema(
        operation_id="admin_idea_comments_list",
        summary="Comments on the project's ideas, newest first",
        parameters=[
            choice_parameter("moderation", Moderation.choices, "Only comments in this state; empty: all"),
            *limit_offset_parameters(default_limit=50),
        ],
        responses={200: AdminIdeaCommentPageSerializer, **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        moderation = _valid(AdminCommentFilterSerializer, request.query_params).get("moderation")
        limit, offset = limit_offset(request.query_params, default_limit=50)
        queryset = IdeaComment.objects.filter(idea__project_id=self.project.id).order_by("-created_at", "-id")
        if moderation:
            queryset = queryset.filter(moderation=moderation)
        page = queryset[offset : offset + limit]
        return Response({"results": AdminIdeaCommentSerializer(page, many=True).data, "count": queryset.count()})

    @extend_schema(
        operation_id="admin_idea_comments_retrieve",
        summary="One comment",
        responses={200: AdminIdeaCommentSerializer, **error_responses(401, 403, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(AdminIdeaCommentSerializer(self.get_comment(kwargs["pk"])).data)

    @extend_schema(
        operation_id="admin_idea_comments_moderate",
        summary="Approve, hold, hide or mark a comment as spam",
        request=AdminCommentModerationSerializer,
        responses={200: AdminIdeaCommentSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        comment = self.get_comment(kwargs["pk"])
        fields = _valid(AdminCommentModerationSerializer, request.data)
        comment = services.moderate_comment(comment=comment, **fields)
        return Response(AdminIdeaCommentSerializer(comment).data)

    @extend_schema(
        operation_id="admin_idea_comments_delete",
        summary="Delete a comment with its replies",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def destroy(self, request, *args, **kwargs):
        services.delete_comment(comment=self.get_comment(kwargs["pk"]))
        return Response(status=204)
