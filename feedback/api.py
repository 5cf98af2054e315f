"""Public API of feedback: `/api/v1/projects/:slug/feedback[/:id[/messages]]`.

Visitors submit feedback (the visitor header is optional there), list and read their own,
and follow up on their own threads. Submissions and messages count in the `feedback`
rate-limit group.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from pulse.api.schema import VISITOR_ID_OPTIONAL, VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id
from pulse.portal import negotiate_locale

from . import selectors, services
from .models import Feedback
from .serializers import (
    FeedbackCreatedSerializer,
    FeedbackListItemSerializer,
    FeedbackSubmitSerializer,
    MessageSerializer,
    PublicFeedbackDetailSerializer,
    VisitorMessageSerializer,
)

NOT_FOUND = "Feedback not found"


class FeedbackViewSet(PublicProjectViewSet):
    """Visitors' feedback: submit, list and read their own, follow up on their threads."""

    queryset = Feedback.objects.none()  # for the schema's path parameter type; views scope by project
    rate_limit_groups = {"create": "feedback", "messages": "feedback"}

    @extend_schema(
        operation_id="feedback_submit",
        summary="Submit feedback",
        description=(
            "Status is `new`; an unknown category becomes `general`; bugs get `medium` priority, "
            "everything else `low`. With `x-pulse-user-id` the feedback belongs to that visitor."
        ),
        parameters=[VISITOR_ID_OPTIONAL],
        request=FeedbackSubmitSerializer,
        responses={201: FeedbackCreatedSerializer, **error_responses(400, 404, 413, 429)},
    )
    def create(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False)
        serializer = FeedbackSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = services.submit_feedback(
            project=self.project,
            visitor_id=visitor_id,
            locale=negotiate_locale(request, self.project),
            **serializer.validated_data,
        )
        return Response({"id": feedback.pk}, status=201)

    @extend_schema(
        operation_id="feedback_list",
        summary="List the visitor's own feedback, newest first",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: FeedbackListItemSerializer(many=True), **error_responses(400, 401, 404, 429)},
    )
    def list(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = selectors.visitor_feedback(project_id=self.project.id, visitor_id=visitor_id)
        return Response(FeedbackListItemSerializer(queryset, many=True).data)

    @extend_schema(
        operation_id="feedback_retrieve",
        summary="One of the visitor's own feedback, with its public messages oldest first",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: PublicFeedbackDetailSerializer, **error_responses(400, 401, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = selectors.visitor_feedback_with_public_thread(project_id=self.project.id, visitor_id=visitor_id)
        feedback = self.get_object_or_404(queryset, kwargs["pk"], NOT_FOUND)
        return Response(PublicFeedbackDetailSerializer(feedback).data)

    @extend_schema(
        operation_id="feedback_add_message",
        summary="Add a message to the visitor's own feedback thread",
        parameters=[VISITOR_ID_REQUIRED],
        request=VisitorMessageSerializer,
        responses={201: MessageSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    )
    @action(detail=True, methods=["post"])
    def messages(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = Feedback.objects.filter(project_id=self.project.id).only("id", "user_id", "project_id")
        feedback = self.get_object_or_404(queryset, kwargs["pk"], NOT_FOUND)
        if feedback.user_id != visitor_id:
            raise PermissionDenied("Forbidden")
        serializer = VisitorMessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.add_visitor_message(feedback=feedback, visitor_id=visitor_id, **serializer.validated_data)
        return Response(MessageSerializer(message).data, status=201)
