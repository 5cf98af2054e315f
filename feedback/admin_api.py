"""Admin API of feedback: the team's inbox for a customer's server (`/api/v1/admin/feedback`).

List with filters and pagination (`{"results": [...], "count": N}`), read a whole thread
(internal notes included), triage status/priority and reply as the team. Writes go through
`feedback.services`, so the author is notified exactly as from the dashboard.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from . import selectors, services
from .models import Feedback
from .serializers import (
    AdminFeedbackDetailSerializer,
    AdminFeedbackFilterSerializer,
    AdminFeedbackPageSerializer,
    AdminFeedbackSerializer,
    AdminFeedbackUpdateSerializer,
    MessageSerializer,
    TeamMessageSerializer,
)

NOT_FOUND = "Feedback not found"


def _choice_parameter(name, choices):
    # "" is in the enum: an empty filter means no filter (a documented leniency of the inbox).
    return OpenApiParameter(
        name,
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        enum=["", *(value for value, _ in choices)],
        description="Only feedback with this value; empty: no filter.",
    )


LIST_PARAMETERS = [
    _choice_parameter("status", Feedback.Status.choices),
    _choice_parameter("category", Feedback.Category.choices),
    _choice_parameter("priority", Feedback.Priority.choices),
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
