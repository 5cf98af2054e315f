"""Faults: PostgreSQL or Redis stopped under a running server, and both coming back.

Each test runs gunicorn against its own throwaway PostgreSQL cluster and Redis server on
free ports, so stopping them never touches the shared services of the machine.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.servers import free_port, get_json, request, start_gunicorn, stop_process

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = [
    pytest.mark.skipif(not PG_BIN, reason="needs PostgreSQL's server binaries (apt-get install postgresql)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def _as_postgres(args):
    """Run a PostgreSQL binary as the postgres OS user when we are root (it refuses root)."""
    if os.geteuid() == 0:
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(args)]
    return args


class Postgres:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="pulse-pg-")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        bin_dir = PG_BIN[-1]
        self.pg_ctl = f"{bin_dir}/pg_ctl"
        subprocess.run(
            _as_postgres([f"{bin_dir}/initdb", "-D", f"{self.dir}/data", "-U", "pulse", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        self.url = f"postgres://pulse@127.0.0.1:{self.port}/postgres"

    def start(self):
        options = f"'-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off'"
        subprocess.run(
            _as_postgres(
                [self.pg_ctl, "-D", f"{self.dir}/data", "-o", options, "-l", f"{self.dir}/log", "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    def stop(self):
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", f"{self.dir}/data", "-m", "immediate", "-w", "stop"]), capture_output=True
        )

    def remove(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(5)


@pytest.fixture(scope="module")
def stack():
    """A migrated throwaway PostgreSQL + Redis, a project and an API key, and gunicorn on them."""
    postgres, redis = Postgres(), Redis()
    postgres.start()
    redis.start()
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "DB_CONNECT_TIMEOUT": "2",
        # Failing fast while the database is down, a sender can pass 100 requests a minute.
        "RATE_LIMIT_GENERAL": "100000",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "createproject", "acme", "--name", "Acme"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    output = subprocess.run(
        [*manage, "createapikey", "acme", "--name", "faults", "--scopes", "read,analytics:write"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    server, base_url = start_gunicorn(env)
    seed = (
        "from django.utils import timezone; from projects.models import Project; "
        "from changelog.services import create_entry; from announcements.models import Announcement; "
        "project = Project.objects.get(slug='acme'); "
        "create_entry(project=project, title='Shipped', version='1.0', published_at=timezone.now()); "
        "Announcement.objects.create(project=project, title='Maintenance', message='Tonight', is_active=True)"
    )
    subprocess.run([*manage, "shell", "-c", seed], cwd=ROOT, env=env, check=True, capture_output=True)
    yield {"postgres": postgres, "redis": redis, "url": base_url, "key": output.strip().splitlines()[-1]}
    stop_process(server)
    redis.stop()
    postgres.remove()


def test_database_down_gives_503_in_envelope_quickly_and_recovers(stack):
    events = f"{stack['url']}/api/v1/pulse/events"  # reads PostgreSQL (admin/me needs only the cached key)
    headers = {"x-api-key": stack["key"]}
    assert get_json(events, headers)[0] == 200

    stack["postgres"].stop()
    try:
        started = time.monotonic()
        status, body = get_json(events, headers)
        elapsed = time.monotonic() - started
        assert status == 503
        error = {"code": "SERVICE_UNAVAILABLE", "message": "Service temporarily unavailable"}
        assert body == {"success": False, "error": error}
        assert elapsed < 5
        ready_status, ready = get_json(f"{stack['url']}/readyz")
        assert ready_status == 503 and ready["checks"]["database"] is False
    finally:
        stack["postgres"].start()

    assert get_json(events, headers)[0] == 200  # same server process, no restart
    assert get_json(f"{stack['url']}/readyz")[0] == 200


def test_redis_down_keeps_serving_without_limits_and_recovers(stack):
    me = f"{stack['url']}/api/v1/admin/me"
    headers = {"x-api-key": stack["key"]}
    stack["redis"].stop()
    try:
        status, body = get_json(me, headers)
        assert status == 200 and body["data"]["project"]["slug"] == "acme"
        assert get_json(f"{stack['url']}/readyz")[1]["checks"]["cache"] is False
    finally:
        stack["redis"].start()
    status, _ = get_json(me, headers)
    assert status == 200
    assert get_json(f"{stack['url']}/readyz")[0] == 200


BATCH_SIZE = 1000


def _stored_per_batch(postgres):
    """{batch name: stored events} read straight from the throwaway cluster."""
    import psycopg

    with psycopg.connect(postgres.url) as connection:
        rows = connection.execute("SELECT name, count(*) FROM analytics_event WHERE name LIKE 'fault-%' GROUP BY name")
        return dict(rows.fetchall())


def test_batch_in_flight_when_database_stops_is_stored_whole_or_reported_failed(stack):
    """Batches of 1,000 events are sent back to back while PostgreSQL is killed and restarted."""
    url, headers = f"{stack['url']}/api/v1/pulse/events/batch", {"x-api-key": stack["key"]}
    outcomes, stop = {}, threading.Event()

    def send_batches():
        for number in range(200):
            if stop.is_set():
                return
            name = f"fault-{number}"
            events = [{"name": name, "properties": {"index": index, "pad": "x" * 40}} for index in range(BATCH_SIZE)]
            status, content = request(url, headers, "POST", {"events": events}, timeout=30)
            outcomes[name] = (status, content)

    sender = threading.Thread(target=send_batches)
    sender.start()
    try:
        time.sleep(1.0)  # some batches stored
        stack["postgres"].stop()  # immediate: in-flight transactions die with it
        time.sleep(1.5)  # batches fail meanwhile
    finally:
        stack["postgres"].start()
    time.sleep(1.5)  # and are stored again once it is back
    stop.set()
    sender.join(60)

    stored = _stored_per_batch(stack["postgres"])
    statuses = {name: status for name, (status, _) in outcomes.items()}
    assert 201 in statuses.values() and any(status != 201 for status in statuses.values()), statuses
    for name, (status, content) in outcomes.items():
        assert stored.get(name, 0) in (0, BATCH_SIZE), (name, stored.get(name))  # never half a batch
        if status == 201:
            assert stored.get(name) == BATCH_SIZE, name
        else:
            assert status in (500, 503), (name, status, content[:200])
            body = json.loads(content)
            assert body["success"] is False and body["error"]["code"] in ("SERVICE_UNAVAILABLE", "INTERNAL_ERROR")
            assert stored.get(name, 0) == 0, name  # reported failed, so nothing may have been stored


@pytest.mark.parametrize("path", ["changelog/unseen", "announcements"])
@pytest.mark.parametrize("warm", [True, False], ids=["warm-cache", "cold-cache"])
def test_per_visitor_reads_answer_503_in_the_envelope_while_the_database_is_down(stack, path, warm):
    """The early path (no query string) and the view (`?x=1`) answer alike: 503, never 500."""
    url = f"{stack['url']}/api/v1/projects/acme/{path}"
    headers = {"x-pulse-user-id": "5b0c7b8e-4d2a-4c1e-9a51-3d1f3e7c2b10"}
    assert get_json(url, headers)[0] == 200  # the project and the list are cached now
    if not warm:
        subprocess.run(["redis-cli", "-p", str(stack["redis"].port), "FLUSHALL"], check=True, capture_output=True)
    stack["postgres"].stop()
    try:
        for query in ("", "?x=1"):
            started = time.monotonic()
            status, body = get_json(url + query, headers)
            assert (status, body) == (503, {"data": None, "error": "Service temporarily unavailable"}), query
            assert time.monotonic() - started < 5
    finally:
        stack["postgres"].start()
    assert get_json(url, headers)[0] == 200
