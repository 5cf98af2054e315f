"""Public API of notifications: a visitor's list and marking them read."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, UnsupportedMediaType, ValidationError
from rest_framework.response import Response

from pulse.api.schema import VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id

from .models import Notification
from .selectors import PUBLIC_LIST_SIZE, unread_count, visitor_notifications
from .serializers import PUBLIC_FIELDS, MarkReadSerializer, NotificationListSerializer
from .services import mark_all_read, mark_read

NOT_FOUND_MESSAGE = "Notification not found"


class NotificationViewSet(PublicProjectViewSet):
    queryset = Notification.objects.none()  # for the schema; reads go through the selectors
    serializer_class = NotificationListSerializer

    @extend_schema(
        operation_id="notifications_list",
        summary="List the visitor's notifications",
        description=f"At most {PUBLIC_LIST_SIZE}, newest first; unreadCount counts all unread ones.",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: NotificationListSerializer, **error_responses(400, 401, 404, 429)},
    )
    def list(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=True)
        scope = {"project_id": self.project.id, "user_id": visitor_id}
        # Plain rows render the same JSON as NotificationSerializer, in a third of the time.
        notifications = visitor_notifications(**scope).values(*PUBLIC_FIELDS)[:PUBLIC_LIST_SIZE]
        return Response({"notifications": list(notifications), "unreadCount": unread_count(**scope)})

    @extend_schema(
        operation_id="notifications_mark_read",
        summary="Mark one notification, or all unread ones, as read",
        description=(
            "With notification_id, marks that one (404 if it is not the visitor's). With an empty "
            "body, an invalid JSON body (the seed's leniency) or no notification_id, marks all unread "
            "ones; valid JSON that is not an object is a 400. Already-read notifications keep their read_at."
        ),
        parameters=[VISITOR_ID_REQUIRED],
        request=MarkReadSerializer,
        responses={
            200: inline_serializer("NotificationsRead", {"read": serializers.BooleanField()}),
            **error_responses(400, 401, 404, 429),
        },
    )
    @action(detail=False, methods=["post"])
    def read(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=True)
        notification_id = self._notification_id(request)
        if notification_id is None:
            mark_all_read(project_id=self.project.id, user_id=visitor_id)
            return Response({"read": True})
        try:
            mark_read(project_id=self.project.id, user_id=visitor_id, notification_id=notification_id)
        except Notification.DoesNotExist:
            raise NotFound(NOT_FOUND_MESSAGE) from None
        return Response({"read": True})

    @staticmethod
    def _notification_id(request):
        """The body's notification_id, or None to mark all.

        The seed makes an unreadable body mean "mark all", so a parse error is not a 400 here
        (a documented leniency); valid JSON that is not an object is a 400.
        """
        try:
            data = request.data
        except (ParseError, UnsupportedMediaType):
            return None
        if not isinstance(data, dict):  # valid JSON, but not the documented object
            raise ValidationError("Request body must be a JSON object")
        if data.get("notification_id") is None:
            return None
        parsed = MarkReadSerializer(data={"notification_id": data["notification_id"]})
        if not parsed.is_valid():
            raise NotFound(NOT_FOUND_MESSAGE)
        return parsed.validated_data["notification_id"]
