"""Literal SQL for the hottest per-visitor reads, prepared on PostgreSQL.

Every widget page load asks which announcements the visitor dismissed and which changelog
entries they viewed. Through the ORM, building and compiling those querysets took most of
their cost (about 2.8 ms against 0.5 ms for PostgreSQL to answer, when first measured).
So these reads are a few lines of literal SQL, written once with %s placeholders, which
`run_prepared` runs as a server-side prepared statement on PostgreSQL (planned once per
connection) and through Django's cursor elsewhere (SQLite): one SQL text on both backends.
`python bench/visitor_reads.py`: about 0.1 ms a call, against 0.2 ms unprepared and
0.45 ms through the ORM."""

import time
import uuid

import psycopg
from django.db import connection


def run_prepared(sql, params):
    """Rows (tuples) of `sql`, with %s placeholders, on Django's default connection.

    On PostgreSQL as a server-side prepared statement: Django's psycopg cursors bind
    parameters on the client, which rules out prepared statements; this cursor binds on
    the server and psycopg keeps the statement prepared per connection, so PostgreSQL plans
    it once. That needs the connection's `prepare_threshold` set (settings' OPTIONS; Django
    leaves it None, which makes psycopg ignore `prepare=True`). Errors and the query log
    behave as with Django's cursors.

    Elsewhere through Django's cursor, with `uuid.UUID` parameters as the ORM stores UUIDs
    on backends without a uuid type (32 hex digits, no dashes). Values come back as the
    driver returns them: for UUID columns, `uuid.UUID` on PostgreSQL and those 32 hex
    digits on SQLite (`uuid_strings` reads both).
    """
    if connection.vendor != "postgresql":
        stored = connection.features.has_native_uuid_field
        params = [param.hex if isinstance(param, uuid.UUID) and not stored else param for param in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.close_if_health_check_failed()  # as Django's own cursors do: a dead connection is replaced
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, connection.bounded(), psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:  # as Django logs its own: the SQL with its values inlined
        logged = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
        connection.queries_log.append({"sql": logged, "time": f"{time.monotonic() - started:.3f}"})
    return rows


def uuid_strings(rows):
    """The first column of `rows` (UUIDs, as `run_prepared` returns them on any backend) as
    a set of canonical strings, "8-4-4-4-12" in lower case: the form of ids in cached lists."""
    return {str(row[0]) if isinstance(row[0], uuid.UUID) else str(uuid.UUID(row[0])) for row in rows}
