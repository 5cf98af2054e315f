"""Public API of the analytics app: the widget's `track()` (no key, `general` rate limit)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from pulse.api.parsers import JSONParser, PlainTextJSONParser
from pulse.api.schema import VISITOR_ID_OPTIONAL, error_responses
from pulse.api.views import PublicProjectViewSet
from pulse.api.visitors import get_visitor_id

from . import services
from .serializers import EventInputSerializer, EventSerializer
from .validators import require_object


class TrackEventViewSet(PublicProjectViewSet):
    parser_classes = [JSONParser, PlainTextJSONParser]

    @extend_schema(
        operation_id="project_events_track",
        summary="Track an event from the browser (userId defaults to the visitor id)",
        request=EventInputSerializer,
        parameters=[VISITOR_ID_OPTIONAL],
        responses={201: EventSerializer, **error_responses(400, 404, 413, 429)},
    )
    def create(self, request, *args, **kwargs):
        visitor_id = get_visitor_id(request, required=False)
        event = services.track_event(
            project=self.project,
            event=require_object(request.data),
            default_user_id=str(visitor_id) if visitor_id else None,
        )
        return Response(event, status=201)
