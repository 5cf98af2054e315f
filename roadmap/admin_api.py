"""Admin API of the roadmap (`/api/v1/admin/roadmap`): list, create, retrieve, partial update,
delete and reorder the key's project's entries. Writes go through roadmap/services.py, so a
`feature_status` change notifies the entry's upvoters.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pulse.api.schema import error_responses
from pulse.api.views import AdminViewSet

from . import services
from .models import RoadmapEntry
from .selectors import project_entries
from .serializers import ReorderRequestSerializer, RoadmapEntryAdminSerializer

ENTRY_NOT_FOUND = "Entry not found"
ENTRY_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Roadmap entry id")
PUBLICATION_STATES = ["draft", "scheduled", "published"]


class ListFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=PUBLICATION_STATES,
        required=False,
        help_text="draft: no published_at; scheduled: published_at in the future; published: public now.",
    )
    feature_status = serializers.ChoiceField(choices=RoadmapEntry.Status.choices, required=False)
    milestone_number = serializers.IntegerField(min_value=0, required=False)


def filter_entries(entries, filters):
    now = timezone.now()
    status = filters.get("status")
    if status == "draft":
        entries = entries.filter(published_at__isnull=True)
    elif status == "scheduled":
        entries = entries.filter(published_at__gt=now)
    elif status == "published":
        entries = entries.filter(published_at__lte=now)
    for field in ("feature_status", "milestone_number"):
        if field in filters:
            entries = entries.filter(**{field: filters[field]})
    return entries


class RoadmapAdminViewSet(AdminViewSet):
    """Roadmap entries of the API key's project (scopes `roadmap:read` / `roadmap:write`)."""

    scope_module = "roadmap"
    lookup_field = "id"
    serializer_class = RoadmapEntryAdminSerializer

    def get_entry(self, entry_id):
        entry = self.get_object_or_404(project_entries(project_id=self.project.id), entry_id, ENTRY_NOT_FOUND)
        entry.project = self.project
        return entry

    @extend_schema(
        operation_id="admin_roadmap_list",
        summary="All roadmap entries of the project (drafts and scheduled included), in roadmap order",
        parameters=[ListFilterSerializer],
        responses={200: RoadmapEntryAdminSerializer(many=True), **error_responses(400, 401, 403, 429)},
    )
    def list(self, request, *args, **kwargs):
        # A plain dict: DRF reads "" in a QueryDict as "not sent"; the schema has no empty value.
        filters = ListFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        entries = filter_entries(project_entries(project_id=self.project.id), filters.validated_data)
        return Response(RoadmapEntryAdminSerializer(entries, many=True).data)

    @extend_schema(
        operation_id="admin_roadmap_create",
        summary="Create a roadmap entry (a draft unless published_at is given)",
        request=RoadmapEntryAdminSerializer,
        responses={201: RoadmapEntryAdminSerializer, **error_responses(400, 401, 403, 429)},
    )
    def create(self, request, *args, **kwargs):
        serializer = RoadmapEntryAdminSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.create_roadmap_entry(project=self.project, **serializer.validated_data)
        return Response(RoadmapEntryAdminSerializer(entry).data, status=201)

    @extend_schema(
        operation_id="admin_roadmap_retrieve",
        summary="One roadmap entry",
        parameters=[ENTRY_ID],
        responses={200: RoadmapEntryAdminSerializer, **error_responses(401, 403, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return Response(RoadmapEntryAdminSerializer(self.get_entry(kwargs["id"])).data)

    @extend_schema(
        operation_id="admin_roadmap_update",
        summary="Change some fields of an entry; a new feature_status notifies its upvoters",
        parameters=[ENTRY_ID],
        request=RoadmapEntryAdminSerializer(partial=True),
        responses={200: RoadmapEntryAdminSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        entry = self.get_entry(kwargs["id"])
        serializer = RoadmapEntryAdminSerializer(entry, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        entry = services.update_roadmap_entry(entry=entry, **serializer.validated_data)
        return Response(RoadmapEntryAdminSerializer(entry).data)

    @extend_schema(
        operation_id="admin_roadmap_delete",
        summary="Delete an entry and its votes",
        parameters=[ENTRY_ID],
        responses={
            200: inline_serializer("RoadmapEntryDeleted", {"deleted": serializers.BooleanField()}),
            **error_responses(401, 403, 404, 429),
        },
    )
    def destroy(self, request, *args, **kwargs):
        services.delete_roadmap_entry(entry=self.get_entry(kwargs["id"]))
        return Response({"deleted": True})

    @extend_schema(
        operation_id="admin_roadmap_reorder",
        summary="Reorder entries: the listed ids get sort_order 1, 2, 3... in list order",
        request=ReorderRequestSerializer,
        responses={200: RoadmapEntryAdminSerializer(many=True), **error_responses(400, 401, 403, 404, 429)},
    )
    def reorder(self, request, *args, **kwargs):
        body = ReorderRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.reorder_entries(project=self.project, ids=body.validated_data["ids"])
        except RoadmapEntry.DoesNotExist:
            raise NotFound(ENTRY_NOT_FOUND)
        return Response(RoadmapEntryAdminSerializer(project_entries(project_id=self.project.id), many=True).data)
