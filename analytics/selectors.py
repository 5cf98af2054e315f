"""Reads of events: the filtered newest-first list and the top-events report."""

from django.db.models import Sum

from .models import Event, EventDailyCount
from .serializers import event_payload

EVENT_FIELDS = ("public_id", "name", "properties", "user_id", "session_id", "timestamp")


def list_events(*, project, limit, offset=0, name=None, user_id=None, session_id=None, since=None, until=None):
    """Newest first; `since` inclusive, `until` exclusive. One query whatever the filters."""
    events = Event.objects.filter(project_id=project.id)
    if name is not None:
        events = events.filter(name=name)
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if session_id is not None:
        events = events.filter(session_id=session_id)
    if since is not None:
        events = events.filter(timestamp__gte=since)
    if until is not None:
        events = events.filter(timestamp__lt=until)
    rows = events.order_by("-timestamp", "-id").values_list(*EVENT_FIELDS)[offset : offset + limit]
    return [event_payload(*row) for row in rows]


def top_events(*, project, limit, since=None, until=None):
    """`[{name, count}]` by count descending, from the daily rollup only (days inclusive)."""
    counts = EventDailyCount.objects.filter(project_id=project.id)
    if since is not None:
        counts = counts.filter(day__gte=since)
    if until is not None:
        counts = counts.filter(day__lte=until)
    rows = counts.values("name").annotate(total=Sum("count")).order_by("-total", "name")[:limit]
    return [{"name": row["name"], "count": row["total"]} for row in rows]
