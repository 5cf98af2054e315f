"""Hot reads whose SQL the ORM compiles once per process instead of once per request.

On the widget's per-visitor reads (announcements, unseen), building and compiling the
queryset took about 2.8 ms while PostgreSQL answered in 0.5 ms. A `CompiledQuery` builds
its queryset once with placeholder values, remembers where they went in the parameters,
and afterwards only binds new values to the same SQL, as a prepared statement (see
`run_prepared`), so PostgreSQL does not plan it again either.

It reuses SQL only where that is exactly equivalent: on PostgreSQL, when every selected
column comes back from the driver as the ORM would return it (no converters) and every
placeholder value reached the parameters unchanged. Anywhere else (SQLite, JSON columns)
it runs the queryset as usual.
"""

import time

import psycopg
from django.db import connection


class CompiledQuery:
    """`build(**values)` -> a `.values(...)` queryset; calling this returns its rows as dicts.

    `placeholders` give one example value per argument of `build`, each distinct from
    every constant of the query (e.g. `uuid.UUID(int=1)`), so their places in the compiled
    parameters can be found.
    """

    def __init__(self, build, **placeholders):
        self.build = build
        self.placeholders = placeholders
        self.compiled = None  # (sql, parameter slots, column names), or False: not reusable

    def __call__(self, **values):
        if connection.vendor != "postgresql":
            return list(self.build(**values))
        if self.compiled is None:
            self.compiled = self.compile()
        if not self.compiled:
            return list(self.build(**values))
        sql, slots, names = self.compiled
        params = [values[slot[1]] if slot[0] == "value" else slot[1] for slot in slots]
        return [dict(zip(names, row, strict=True)) for row in run_prepared(sql, params)]

    def compile(self):
        queryset = self.build(**self.placeholders)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if compiler.get_converters([column for column, _, _ in compiler.select]):
            return False
        names = [*queryset.query.values_select, *queryset.query.annotation_select]
        slots = [self.slot(param) for param in params]
        found = {slot[1] for slot in slots if slot[0] == "value"}
        if len(names) != len(compiler.select) or found != set(self.placeholders):
            return False
        return sql, slots, names

    def slot(self, param):
        for name, placeholder in self.placeholders.items():
            if type(param) is type(placeholder) and param == placeholder:
                return ("value", name)
        return ("constant", param)


def run_prepared(sql, params):
    """Rows of `sql` as a server-side prepared statement on Django's PostgreSQL connection.

    Django's psycopg cursors bind parameters on the client, which rules out prepared
    statements; planning these small reads cost PostgreSQL more than running them (0.6-1.5
    ms against 0.1). This cursor binds on the server and psycopg keeps the statement
    prepared per connection. Errors and the query log behave as with Django's cursors.
    """
    connection.close_if_health_check_failed()  # as Django's own cursors do: a dead connection is replaced
    connection.ensure_connection()
    started = time.monotonic()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:  # as Django logs its own: the SQL with its values inlined
        logged = psycopg.ClientCursor(connection.connection).mogrify(sql, params)
        connection.queries_log.append({"sql": logged, "time": f"{time.monotonic() - started:.3f}"})
    return rows
