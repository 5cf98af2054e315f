"""A real Celery worker on a real broker, for the end-to-end outbound tests.

The broker is TEST_CELERY_BROKER_URL (default: RabbitMQ on 127.0.0.1:5672, which .ci/run
starts), with a queue of this test run's own, so parallel runs do not take each other's
messages. The worker shares the test database, so these tests need PostgreSQL (`worker`
marker) and commit their data (transactional_db).
"""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection
from kombu import pools as kombu_pools

from pulse.celery import app as celery_app
from tests.servers import ROOT

from .receivers import SmtpSink

BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
RETRY_SCHEDULE = "1,1,1"  # seconds: a fail-twice receiver is retried within the test


def eventually(check, timeout=30, interval=0.1):
    """Poll `check()` until it returns a truthy value (returned) or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Not reached within {timeout}s: {check.__doc__ or check}")
        time.sleep(interval)


def use_broker(url, queue, eager):
    celery_app.conf.update(broker_url=url, task_default_queue=queue, task_always_eager=eager)
    celery_app.conf.broker_transport_options = {"max_retries": 1}
    kombu_pools.reset()  # closes and forgets every connection and producer pool of the process
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """commit(fn, ...) runs fn and then its on-commit work (dispatch, deliveries), inline."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture(scope="module")
def smtp_sink():
    with SmtpSink() as sink:
        yield sink


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, smtp_sink, tmp_path_factory):
    """A `celery -A pulse worker` process on this run's queue; yields the queue name."""
    queue = f"pulse-test-{uuid.uuid4().hex[:10]}"
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_QUEUE": queue,
        "RETRY_SCHEDULE": RETRY_SCHEDULE,
        "RETRY_JITTER": "0",
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "PUBLIC_URL": "http://testserver",
    }
    log_path = tmp_path_factory.mktemp("worker") / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pulse",
                "worker",
                "-Q",
                queue,
                "-n",  # a node name of its own: its control queue is exclusive per name on the broker
                f"{queue}@%h",
                "-P",
                "threads",
                "-c",
                "4",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    use_broker(BROKER_URL, queue, eager=False)
    try:
        eventually(lambda: b"ready" in log_path.read_bytes() or process.poll() is not None, timeout=60)
        assert process.poll() is None, log_path.read_text()
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        use_broker("memory://", "pulse", eager=True)
        print(log_path.read_text()[-3000:])
