"""Django's PostgreSQL backend with a connection health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django asks `SELECT 1` before the first query of every request
that touches the database: one more round trip on every vote, unseen badge and event
batch. A connection the server has closed (restart, kill, idle timeout) has its socket
readable (the server's goodbye, or end of file), so a zero-wait poll tells live from dead;
only a readable socket is checked the usual way.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()
