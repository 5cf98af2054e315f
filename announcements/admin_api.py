"""Admin API of announcements: list, create, retrieve, partial update and delete."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from .models import Announcement
from .serializers import AnnouncementAdminSerializer, AnnouncementFilterSerializer

NOT_FOUND_MESSAGE = "Announcement not found"
READ_ERRORS = error_responses(401, 403, 404, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)


@extend_schema_view(
    list=extend_schema(
        operation_id="admin_announcements_list",
        summary="List the project's announcements (active or not), highest priority first",
        parameters=[
            OpenApiParameter("type", str, enum=Announcement.Type.values, description="Only this type."),
            OpenApiParameter("is_active", bool, description="Only active (true) or inactive (false) ones."),
        ],
        responses={200: AnnouncementAdminSerializer(many=True), **error_responses(400, 401, 403, 429)},
    ),
    create=extend_schema(
        operation_id="admin_announcements_create",
        summary="Create an announcement",
        request=AnnouncementAdminSerializer,
        responses={201: AnnouncementAdminSerializer, **error_responses(400, 401, 403, 429)},
    ),
    retrieve=extend_schema(
        operation_id="admin_announcements_retrieve",
        summary="Get one announcement",
        responses={200: AnnouncementAdminSerializer, **READ_ERRORS},
    ),
    partial_update=extend_schema(
        operation_id="admin_announcements_partial_update",
        summary="Change some fields of an announcement",
        request=AnnouncementAdminSerializer,
        responses={200: AnnouncementAdminSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        operation_id="admin_announcements_destroy",
        summary="Delete an announcement (and its dismissals)",
        responses={204: None, **WRITE_ERRORS},
    ),
)
class AnnouncementAdminViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    AdminViewSet,
):
    scope_module = "announcements"
    queryset = Announcement.objects.none()  # for the schema; get_queryset scopes to the key's project
    serializer_class = AnnouncementAdminSerializer

    def get_queryset(self):
        return Announcement.objects.filter(project_id=self.project.id).order_by("-priority", "-created_at")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = AnnouncementFilterSerializer(data=self.request.query_params.dict())
        filters.is_valid(raise_exception=True)
        if "type" in filters.validated_data:
            queryset = queryset.filter(type=filters.validated_data["type"])
        if filters.validated_data["is_active"] is not None:
            queryset = queryset.filter(is_active=filters.validated_data["is_active"])
        return queryset

    def get_object(self):
        return self.get_object_or_404(self.get_queryset(), self.kwargs["pk"], NOT_FOUND_MESSAGE)

    def perform_create(self, serializer):
        serializer.save(project_id=self.project.id)

    def partial_update(self, request, *args, **kwargs):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)
