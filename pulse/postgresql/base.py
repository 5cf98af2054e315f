"""Django's PostgreSQL backend with a cheap health check and bounded waits.

Health check: with CONN_HEALTH_CHECKS, Django asks `SELECT 1` before the first query of
every request that touches the database: one more round trip on every vote, unseen badge
and event batch. A connection the server has closed (restart, kill, idle timeout) has its
socket readable (the server's goodbye, or end of file), so a zero-wait poll tells live
from dead; only a readable socket is checked the usual way.

Bounded waits (issue 16, "a frozen dependency costs a bounded time"): a stopped or stalled
server still has its kernel acknowledge TCP, so neither keepalives, `tcp_user_timeout` nor
the server's `statement_timeout` ever fire, and libpq waits forever.
- Every statement and commit runs under `PULSE_DB_CLIENT_TIMEOUT` seconds (`bounded`): one
  watchdog thread per process shuts the socket of a connection whose wait is overdue, so
  psycopg raises OperationalError (the API's 503) within the bound plus its 0.1 s tick.
- A failed connect or such a timeout opens a circuit for `PULSE_DB_CIRCUIT_SECONDS`: new
  connections then fail at once with OperationalError, so a down database costs each
  request nothing instead of a connect timeout; after the window one connect probes it.
"""

import contextlib
import logging
import os
import select
import socket
import threading
import time

from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql import base

logger = logging.getLogger("pulse.db")
TICK_SECONDS = 0.1


class Watchdog:
    """One daemon thread per process that drops connections stuck past their deadline."""

    def __init__(self):
        self.waits = {}  # token -> (monotonic deadline, socket fd, on_expiry)
        self.lock = threading.Lock()
        self.thread = None
        self.pid = None

    def watch(self, deadline, fd, on_expiry):
        token = object()
        self.waits[token] = (deadline, fd, on_expiry)
        if self.pid != os.getpid():  # first use, or a forked worker: the thread did not follow
            with self.lock:
                if self.pid != os.getpid():
                    self.thread = threading.Thread(target=self.run, name="pulse-db-watchdog", daemon=True)
                    self.thread.start()
                    self.pid = os.getpid()
        return token

    def unwatch(self, token):
        self.waits.pop(token, None)

    def run(self):
        while True:
            time.sleep(TICK_SECONDS)
            now = time.monotonic()
            for token, (deadline, fd, on_expiry) in list(self.waits.items()):
                if deadline <= now and self.waits.pop(token, None) is not None:
                    _shut(fd)
                    on_expiry()


def _shut(fd):
    """Shut the socket down under its owner: the owner's poll wakes to end of file."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


watchdog = Watchdog()


class Circuit:
    """Fail new connections fast for `seconds` after a failure, then let one probe through."""

    def __init__(self):
        self.open_until = 0.0

    def check(self):
        if self.open_until and time.monotonic() < self.open_until:
            raise OperationalError("database unavailable (circuit open after a failure)")

    def failed(self, reason):
        seconds = settings.PULSE_DB_CIRCUIT_SECONDS
        if seconds > 0:
            self.open_until = time.monotonic() + seconds
            logger.warning("Database failed (%s): no new connection for %s s", reason, seconds)

    def succeeded(self):
        if self.open_until:
            self.open_until = 0.0
            logger.warning("Database answers again: circuit closed")


circuit = Circuit()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute_wrappers.append(self._bounded_execute)

    def is_usable(self):
        if self.connection is None or self.connection.closed or self.connection.broken:
            return False
        try:
            readable, _, _ = select.select([self.connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or super().is_usable()

    def get_new_connection(self, conn_params):
        circuit.check()
        try:
            connection = super().get_new_connection(conn_params)
        except Exception as exc:
            circuit.failed(exc)
            raise
        circuit.succeeded()
        return connection

    @contextlib.contextmanager
    def bounded(self, seconds=None):
        """Wait at most `seconds` (default `PULSE_DB_CLIENT_TIMEOUT`; 0 = no bound) for the
        server inside this block; past it the connection is shut and psycopg raises."""
        seconds = settings.PULSE_DB_CLIENT_TIMEOUT if seconds is None else seconds
        if not seconds or self.connection is None:
            yield
            return
        token = watchdog.watch(time.monotonic() + seconds, self.connection.fileno(), self._timed_out)
        try:
            yield
        finally:
            watchdog.unwatch(token)

    def _timed_out(self):
        circuit.failed(f"no answer within {settings.PULSE_DB_CLIENT_TIMEOUT} s")

    def _bounded_execute(self, execute, sql, params, many, context):
        with self.bounded():
            return execute(sql, params, many, context)

    def _commit(self):
        with self.bounded():
            return super()._commit()

    def _rollback(self):
        with self.bounded():
            return super()._rollback()
