"""Admin API of the changelog: `/api/v1/admin/changelog[/:id[/publish|/unpublish]]`.

Scoped to the API key's project (another project's id is a 404), `changelog:read` /
`changelog:write` scopes; every write goes through `changelog.services`.
"""

from django.db.models import F
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from .models import ChangelogEntry, EntryStatus
from .serializers import ChangelogEntryAdminSerializer, PublishSerializer
from .services import create_entry, delete_entry, publish_entry, unpublish_entry, update_entry

NOT_FOUND = "Entry not found"
ENTRY_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Changelog entry id")
STATUS_PARAMETER = OpenApiParameter(
    "status",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=EntryStatus.values,
    description="Only drafts, scheduled or published entries.",
)
READ_ERRORS = error_responses(401, 403, 404, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)


ADMIN_PAGE_SIZE = 100


class ChangelogAdminViewSet(AdminViewSet):
    """Manage the key's project changelog: drafts, schedules and published entries."""

    scope_module = "changelog"
    serializer_class = ChangelogEntryAdminSerializer
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return ChangelogEntry.objects.filter(project_id=self.project.id)

    def get_entry(self, pk):
        return self.get_object_or_404(self.get_queryset(), pk, NOT_FOUND)

    def respond(self, entry, status=200):
        return Response(self.get_serializer(entry).data, status=status)

    @extend_schema(
        operation_id="admin_changelog_list",
        summary="List entries (drafts and scheduled included): drafts, then newest publication first",
        parameters=[STATUS_PARAMETER, *limit_offset_parameters(default_limit=ADMIN_PAGE_SIZE)],
        responses={200: ChangelogEntryAdminSerializer(many=True), **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        limit, offset = limit_offset(request.query_params, default_limit=ADMIN_PAGE_SIZE)
        queryset = self.get_queryset()
        status = request.query_params.get("status")
        if status is not None:
            if status not in EntryStatus.values:
                raise ValidationError(f"status must be one of {', '.join(EntryStatus.values)}")
            queryset = queryset.with_status(status)
        queryset = queryset.order_by(F("published_at").desc(nulls_first=True), "-created_at")
        return Response(self.get_serializer(queryset[offset : offset + limit], many=True).data)

    @extend_schema(
        operation_id="admin_changelog_create",
        summary="Create an entry (a draft unless published_at is given); content as HTML or Markdown",
        request=ChangelogEntryAdminSerializer,
        responses={201: ChangelogEntryAdminSerializer, **error_responses(400, 401, 403, 429)},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = create_entry(project=self.project, **serializer.validated_data)
        return self.respond(entry, status=201)

    @extend_schema(
        operation_id="admin_changelog_retrieve",
        summary="One entry, whatever its status",
        parameters=[ENTRY_ID],
        responses={200: ChangelogEntryAdminSerializer, **READ_ERRORS},
    )
    def retrieve(self, request, pk=None, *args, **kwargs):
        return self.respond(self.get_entry(pk))

    @extend_schema(
        operation_id="admin_changelog_update",
        summary="Change some fields of an entry",
        parameters=[ENTRY_ID],
        request=ChangelogEntryAdminSerializer,
        responses={200: ChangelogEntryAdminSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None, *args, **kwargs):
        entry = self.get_entry(pk)
        serializer = self.get_serializer(entry, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = update_entry(entry=entry, **serializer.validated_data)
        return self.respond(entry)

    @extend_schema(
        operation_id="admin_changelog_delete",
        summary="Delete an entry (with its view records and the notifications pointing at it)",
        parameters=[ENTRY_ID],
        responses={204: None, **READ_ERRORS},
    )
    def destroy(self, request, pk=None, *args, **kwargs):
        delete_entry(entry=self.get_entry(pk))
        return Response(status=204)

    @extend_schema(
        operation_id="admin_changelog_publish",
        summary="Publish an entry now, or at published_at (a future date schedules it)",
        parameters=[ENTRY_ID],
        request=PublishSerializer,
        responses={200: ChangelogEntryAdminSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None, *args, **kwargs):
        entry = self.get_entry(pk)
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.respond(publish_entry(entry=entry, published_at=serializer.validated_data.get("published_at")))

    @extend_schema(
        operation_id="admin_changelog_unpublish",
        summary="Unpublish an entry: back to draft",
        parameters=[ENTRY_ID],
        request=None,
        responses={200: ChangelogEntryAdminSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None, *args, **kwargs):
        return self.respond(unpublish_entry(entry=self.get_entry(pk)))
