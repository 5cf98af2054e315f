"""Event ingestion: validate once, store in one bulk statement, keep the rollup in step.

Every ingestion is one transaction: the raw rows go in with a single `COPY` (PostgreSQL)
or one multi-row `INSERT` (SQLite, or a single event), then one
`INSERT ... ON CONFLICT DO UPDATE` adds the batch's count per distinct (day, name) to
`EventDailyCount`. The rollup rows are upserted in sorted order, so concurrent batches lock
them in the same order and cannot deadlock. Nothing goes through per-object ORM saves.
"""

from collections import Counter
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from projects.models import Project
from pulse.ids import uuid7

from .models import Event, EventDailyCount
from .serializers import event_payload
from .validators import Limits, truncate_to_milliseconds, validate_batch, validate_event

EVENT_COLUMNS = ("public_id", "project_id", "name", "properties", "user_id", "session_id", "timestamp", "received_at")
INSERT_CHUNK_ROWS = 2000  # stays under SQLite's 32,766 bound variables per statement


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _project_value(project):
    return Event._meta.get_field("project").get_db_prep_value(project.pk, connection)


def _is_postgresql():
    return connection.vendor == "postgresql"


def _event_rows(project, events, received_at):
    """Rows in EVENT_COLUMNS order, adapted for the current database; each gets a new `uuid7` public id."""
    project_id = _project_value(project)
    adapt = connection.ops.adapt_datetimefield_value
    adapt_id = Event._meta.get_field("public_id").get_db_prep_value
    received = adapt(received_at)
    return [
        (adapt_id(uuid7(), connection), project_id, e.name, e.properties_json, e.user_id, e.session_id)
        + (adapt(e.timestamp), received)
        for e in events
    ]


def _copy_events(rows):
    columns = ", ".join(EVENT_COLUMNS)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {_table(Event)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _insert_events(rows):
    """One multi-row INSERT per chunk (a single one up to INSERT_CHUNK_ROWS rows)."""
    json_placeholder = "%s::jsonb" if _is_postgresql() else "%s"
    row_sql = "(" + ", ".join(json_placeholder if c == "properties" else "%s" for c in EVENT_COLUMNS) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_CHUNK_ROWS):
            chunk = rows[start : start + INSERT_CHUNK_ROWS]
            sql = f"INSERT INTO {_table(Event)} ({', '.join(EVENT_COLUMNS)}) VALUES " + ", ".join(
                [row_sql] * len(chunk)
            )
            cursor.execute(sql, [value for row in chunk for value in row])


def _upsert_daily_counts(project, events):
    """Add this batch's counts to the rollup: one row per distinct (UTC day, name)."""
    counts = Counter((e.timestamp.astimezone(dt_timezone.utc).date(), e.name) for e in events)
    project_id = _project_value(project)
    adapt = connection.ops.adapt_datefield_value
    params = []
    for (day, name), count in sorted(counts.items()):
        params.extend((project_id, adapt(day), name, count))
    table = _table(EventDailyCount)
    count_column = connection.ops.quote_name("count")
    sql = (
        f"INSERT INTO {table} (project_id, day, name, {count_column}) VALUES "
        + ", ".join(["(%s, %s, %s, %s)"] * len(counts))
        + f" ON CONFLICT (project_id, day, name) DO UPDATE SET {count_column} = "
        f"{table}.{count_column} + EXCLUDED.{count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _now():
    return truncate_to_milliseconds(timezone.now())


def ingest_events(*, project, events):
    """Validate `events` (a list of raw dicts) and store them all, or none: returns how many.

    Raises `InvalidEvent` naming the first bad event (`events[3].name: ...`).
    """
    now = _now()
    valid = validate_batch(events, now=now, limits=Limits.from_settings())
    rows = _event_rows(project, valid, now)
    with transaction.atomic():
        if _is_postgresql():
            _copy_events(rows)
        else:
            _insert_events(rows)
        _upsert_daily_counts(project, valid)
    return len(valid)


def track_event(*, project, event, default_user_id=None):
    """Validate and store one event (raw dict); returns it as the API shows it."""
    now = _now()
    valid = validate_event(event, now=now, limits=Limits.from_settings())
    if not valid.user_id and default_user_id:
        valid = valid._replace(user_id=default_user_id)
    with transaction.atomic():
        rows = _event_rows(project, [valid], now)
        _insert_events(rows)
        event_id = Event._meta.get_field("public_id").to_python(rows[0][0])
        _upsert_daily_counts(project, [valid])
    return event_payload(event_id, valid.name, valid.properties, valid.user_id, valid.session_id, valid.timestamp)


@transaction.atomic
def rebuild_daily_counts(*, project):
    """Recompute the project's rollup from its raw events; returns the rows written.

    Rows from the day of the oldest raw event on are replaced; older rows are kept, as
    their raw events were pruned (prune cuts at a day boundary). On PostgreSQL the events
    table is locked against inserts meanwhile, so no concurrent batch is counted twice or
    lost: ingestion waits for the rebuild.
    """
    if _is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_table(Event)} IN SHARE MODE")
    counts = list(
        Event.objects.filter(project_id=project.pk)
        .annotate(day=TruncDate("timestamp", tzinfo=dt_timezone.utc))
        .values_list("day", "name")
        .annotate(total=Count("id"))
        .order_by()
    )
    if not counts:
        return 0
    oldest = min(day for day, _, _ in counts)
    EventDailyCount.objects.filter(project_id=project.pk, day__gte=oldest).delete()
    EventDailyCount.objects.bulk_create(
        [EventDailyCount(project_id=project.pk, day=day, name=name, count=total) for day, name, total in counts],
        batch_size=1000,
    )
    return len(counts)


def prune_cutoff(*, older_than_days, now=None):
    """Start of the UTC day `older_than_days` ago: pruning takes whole days only."""
    moment = (now or timezone.now()) - timedelta(days=older_than_days)
    return datetime.combine(moment.astimezone(dt_timezone.utc).date(), time.min, tzinfo=dt_timezone.utc)


def prune_events(*, before, chunk_size=5000):
    """Delete raw events older than `before`, in chunks of their own transactions.

    The rollup is left alone, so reports keep their history. Returns how many were deleted.
    """
    deleted = 0
    for project_id in Project.objects.values_list("id", flat=True):
        old = Event.objects.filter(project_id=project_id, timestamp__lt=before).order_by()
        while ids := list(old.values_list("id", flat=True)[:chunk_size]):
            Event.objects.filter(id__in=ids).delete()
            deleted += len(ids)
    return deleted
