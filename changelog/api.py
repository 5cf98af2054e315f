"""Public changelog API: `/api/v1/projects/:slug/changelog`, `/changelog/unseen`, `/changelog/:id/viewed`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from pulse.api.caching import CachedRead
from pulse.api.pagination import limit_offset, limit_offset_parameters
from pulse.api.schema import VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id

from .models import ChangelogEntry
from .selectors import (
    PUBLIC_CACHE_RESOURCE,
    PUBLIC_LIST_CAP,
    PUBLISHED_IDS_RESOURCE,
    next_scheduled_at,
    published_entries,
    published_entry_ids,
    unseen_of,
)
from .serializers import ChangelogEntrySerializer, UnseenSerializer, ViewedSerializer
from .services import mark_viewed

ENTRY_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="Changelog entry id")
LIST_PARAMETERS = limit_offset_parameters(max_limit=PUBLIC_LIST_CAP)


class ChangelogViewSet(PublicProjectViewSet):
    """A project's published changelog, and which entries a visitor has already seen."""

    lookup_value_regex = "[^/]+"
    cached_reads = {
        # The same for everyone: cached until an entry changes or the next scheduled one goes live.
        "list": CachedRead(
            resource=PUBLIC_CACHE_RESOURCE,
            build=lambda project_id: (published_entries(project_id), next_scheduled_at(project_id)),
        ),
        # Every published id, cached; the visitor's part is the ids they have not viewed.
        "unseen": CachedRead(
            resource=PUBLISHED_IDS_RESOURCE,
            build=lambda project_id: (published_entry_ids(project_id), next_scheduled_at(project_id)),
            for_visitor=unseen_of,
            visitor_required=True,
        ),
    }

    @extend_schema(
        operation_id="changelog_list",
        summary="List published changelog entries, newest first",
        description=(
            "Without limit/offset: every published entry up to 100, with a strong ETag (If-None-Match answers 304)."
        ),
        parameters=LIST_PARAMETERS,
        responses={200: ChangelogEntrySerializer(many=True), 304: None, **error_responses(400, 404, 429)},
    )
    def list(self, request, *args, **kwargs):
        limit, offset = limit_offset(request.query_params, max_limit=PUBLIC_LIST_CAP)
        if limit is None and offset == 0:
            return self.cached_read(request)
        return Response(published_entries(self.project.id, limit=limit, offset=offset))

    @extend_schema(
        operation_id="changelog_unseen",
        summary="Count and ids of the published entries this visitor has not viewed",
        parameters=[VISITOR_ID_REQUIRED],
        responses={200: UnseenSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=False, methods=["get"])
    def unseen(self, request, *args, **kwargs):
        return self.cached_read(request)

    @extend_schema(
        operation_id="changelog_viewed",
        summary="Mark a published entry as viewed by this visitor (idempotent)",
        parameters=[ENTRY_ID, VISITOR_ID_REQUIRED],
        request=None,
        responses={200: ViewedSerializer, **error_responses(400, 401, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def viewed(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request)
        queryset = ChangelogEntry.objects.filter(project_id=self.project.id).published().only("id", "project")
        entry = self.get_object_or_404(queryset, kwargs["pk"], "Entry not found")
        mark_viewed(entry=entry, visitor_id=visitor_id)
        return Response({"viewed": True})
