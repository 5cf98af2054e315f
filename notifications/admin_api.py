"""Admin API of notifications: send one to a visitor or many, and list a visitor's."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from .models import Notification
from .selectors import visitor_notifications
from .serializers import (
    AdminNotificationFilterSerializer,
    AdminNotificationSerializer,
    NotificationCreateSerializer,
    NotificationsCreatedSerializer,
)
from .services import MAX_RECIPIENTS, notify


class NotificationAdminViewSet(AdminViewSet):
    scope_module = "notifications"
    queryset = Notification.objects.none()  # for the schema; reads go through the selectors
    serializer_class = AdminNotificationSerializer

    @extend_schema(
        operation_id="admin_notifications_create",
        summary="Send a notification to one visitor (user_id) or to many (user_ids)",
        description=f"At most {MAX_RECIPIENTS} user_ids; duplicates get one notification. One bulk insert.",
        request=NotificationCreateSerializer,
        responses={201: NotificationsCreatedSerializer, **error_responses(400, 401, 403, 429)},
    )
    def create(self, request, *args, **kwargs):
        serializer = NotificationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        created = notify(
            project=self.project,
            user_ids=fields["recipients"],
            type=fields["type"],
            title=fields["title"],
            message=fields["message"],
            link=fields["link"],
            metadata=fields["metadata"],
        )
        return Response({"created": len(created), "ids": [str(n.pk) for n in created]}, status=201)

    @extend_schema(
        operation_id="admin_notifications_list",
        summary="List one visitor's notifications, newest first",
        parameters=[
            OpenApiParameter("user_id", OpenApiTypes.UUID, required=True, description="The visitor id."),
            OpenApiParameter("limit", int, description="1 to 100, default 50."),
            OpenApiParameter("offset", int, description="Default 0."),
        ],
        responses={200: AdminNotificationSerializer(many=True), **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        filters = AdminNotificationFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        limit, offset = filters.validated_data["limit"], filters.validated_data["offset"]
        notifications = visitor_notifications(project_id=self.project.id, user_id=filters.validated_data["user_id"])
        return Response(self.get_serializer(notifications[offset : offset + limit], many=True).data)
