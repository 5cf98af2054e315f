"""Public API of announcements: the active banners and dismissing one."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from pulse.api.caching import CachedRead
from pulse.api.schema import VISITOR_ID_OPTIONAL, VISITOR_ID_REQUIRED, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id

from .models import Announcement
from .selectors import live_announcements, next_window_change, public_announcements, without_dismissed
from .serializers import AnnouncementSerializer
from .services import dismiss_announcement

NOT_FOUND_MESSAGE = "Announcement not found"
NOT_DISMISSIBLE_MESSAGE = "This announcement cannot be dismissed"


class AnnouncementViewSet(PublicProjectViewSet):
    queryset = Announcement.objects.none()  # for the schema; reads go through the selectors
    serializer_class = AnnouncementSerializer
    cached_reads = {
        # The same for every anonymous visitor: cached until a change or the next window edge;
        # with a visitor id, the live list minus the visitor's dismissals.
        "list": CachedRead(
            resource="announcements",
            build=lambda project_id: (
                public_announcements(project_id=project_id),
                next_window_change(project_id=project_id),
            ),
            for_visitor=without_dismissed,
        ),
    }

    @extend_schema(
        operation_id="announcements_list",
        summary="List active announcements",
        description=(
            "Active announcements (is_active, and now within starts_at/ends_at where set), "
            "priority descending. With x-pulse-user-id, the visitor's dismissed ones are left out. "
            "Without it the response carries a strong ETag and answers If-None-Match with 304."
        ),
        parameters=[VISITOR_ID_OPTIONAL],
        responses={200: AnnouncementSerializer(many=True), 304: None, **error_responses(400, 404, 429)},
    )
    def list(self, request, *args, **kwargs):
        return self.cached_read(request)

    @extend_schema(
        operation_id="announcements_dismiss",
        summary="Dismiss an announcement",
        description="Idempotent: dismissing again is a 200 and records nothing new.",
        parameters=[VISITOR_ID_REQUIRED],
        request=None,
        responses={
            200: inline_serializer("AnnouncementDismissed", {"dismissed": serializers.BooleanField()}),
            **error_responses(400, 401, 404, 429),
        },
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=True)
        live = live_announcements(project_id=self.project.id)
        announcement = self.get_object_or_404(live, pk, NOT_FOUND_MESSAGE)
        if not announcement.is_dismissible:
            raise ValidationError(NOT_DISMISSIBLE_MESSAGE)
        dismiss_announcement(announcement=announcement, visitor_id=visitor_id)
        return Response({"dismissed": True})
