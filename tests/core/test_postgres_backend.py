"""The PostgreSQL backend's health check: no round trip for a live connection, and a
connection the server closed is seen as unusable (so Django reconnects)."""

import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_live_connection_is_usable_without_asking_the_server(monkeypatch):
    connection.ensure_connection()
    asked = []
    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", lambda self: asked.append(1) or True)
    assert connection.is_usable() is True
    assert asked == []


def test_connection_closed_by_the_server_is_not_usable_and_is_replaced():
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        autocommit=True,
    )
    with other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)
    assert connection.is_usable() is False
    connection.health_check_done = False  # as at the start of every request
    with connection.cursor() as cursor:  # Django's health check replaces the connection
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
