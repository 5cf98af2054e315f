"""The event-tracking API under /api/v1/pulse/ (API key, `{success, data}` envelope)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from pulse.api.schema import error_responses
from pulse.api.views import EventsViewSet

from . import selectors, services
from .serializers import (
    EventBatchInputSerializer,
    EventInputSerializer,
    EventSerializer,
    IngestedSerializer,
    TopEventSerializer,
)
from .validators import (
    LIST_LIMIT_DEFAULT,
    LIST_LIMIT_MAX,
    LIST_OFFSET_MAX,
    TOP_LIMIT_DEFAULT,
    TOP_LIMIT_MAX,
    parse_list_query,
    parse_top_events_query,
    require_object,
)

WRITE_ERRORS = error_responses(400, 401, 403, 413, 429)
READ_ERRORS = error_responses(400, 401, 403, 429)


def _integer(name, description, minimum, maximum, default):
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum, "default": default}
    return OpenApiParameter(name, schema, description=description)


def _limit(default, maximum):
    return _integer(
        "limit",
        f"How many (default {default}, at most {maximum}; an empty value means the default).",
        1,
        maximum,
        default,
    )


def _range(kind, unit):
    return [
        OpenApiParameter(
            "from", kind, description=f"Only events from this {unit} on (inclusive). Must not be after `to` (400)."
        ),
        OpenApiParameter(
            "to", kind, description=f"Only events up to this {unit} (inclusive). Must not be before `from` (400)."
        ),
    ]


class EventViewSet(EventsViewSet):
    """Track events (`analytics:write` or `write`) and list them (any analytics or global scope)."""

    @extend_schema(
        operation_id="events_track",
        summary="Track a single event",
        request=EventInputSerializer,
        responses={201: EventSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        event = services.track_event(project=self.project, event=require_object(request.data))
        return Response(event, status=201)

    @extend_schema(
        operation_id="events_batch",
        summary="Ingest a batch of events, all or none",
        request=EventBatchInputSerializer,
        responses={201: IngestedSerializer, **WRITE_ERRORS},
    )
    def batch(self, request, *args, **kwargs):
        body = require_object(request.data)
        ingested = services.ingest_events(project=self.project, events=body.get("events"))
        return Response({"ingested": ingested}, status=201)

    @extend_schema(
        operation_id="events_list",
        summary="List tracked events, newest first",
        parameters=[
            _limit(LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX),
            _integer("offset", "How many to skip (default 0).", 0, LIST_OFFSET_MAX, 0),
            OpenApiParameter("name", str, description="Only events with this exact name."),
            OpenApiParameter("userId", str, description="Only events of this user id."),
            OpenApiParameter("sessionId", str, description="Only events of this session id."),
            *_range(OpenApiTypes.DATETIME, "date-time (a date means its whole UTC day)"),
        ],
        responses={200: EventSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return Response(selectors.list_events(project=self.project, **parse_list_query(request.query_params)))


class TopEventsViewSet(EventsViewSet):
    """Event names by count, from the daily rollup (its cost does not grow with raw events)."""

    @extend_schema(
        operation_id="events_top",
        summary="Top events report",
        parameters=[_limit(TOP_LIMIT_DEFAULT, TOP_LIMIT_MAX), *_range(OpenApiTypes.DATE, "UTC day")],
        responses={200: TopEventSerializer(many=True), **READ_ERRORS},
    )
    def list(self, request, *args, **kwargs):
        return Response(selectors.top_events(project=self.project, **parse_top_events_query(request.query_params)))
