"""Real server processes for tests that need more than the test client (gunicorn, HTTP)."""

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url, headers=None, method="GET", body=None, timeout=10):
    """(status, body bytes) of one HTTP request; None status when nothing answers."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {**(headers or {}), **({"Content-Type": "application/json"} if data else {})}
    try:
        with urlopen(Request(url, data=data, headers=headers, method=method), timeout=timeout) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()
    except (URLError, OSError):  # refused, reset or timed out: nothing answered
        return None, b""


def get_json(url, headers=None, method="GET", body=None):
    status, content = request(url, headers, method, body)
    return status, json.loads(content) if content else None


def start_gunicorn(env, workers=1, log_path=None):
    """Start gunicorn on a free port with `env`; returns (process, base_url) once it answers.

    Its output goes to `log_path` when given (e.g. to read a traceback), else nowhere.
    """
    port = free_port()
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 (the child keeps it)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pulse.wsgi"]
        + ["-b", f"127.0.0.1:{port}", "-w", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while request(f"{base_url}/healthz", timeout=1)[0] != 200:
        if time.monotonic() > deadline or process.poll() is not None:
            stop_process(process)
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.2)
    return process, base_url


def stop_process(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def throwaway_database(suffix, tmp_path):
    """DATABASE_URL of a new, empty database for server subprocesses, dropped afterwards.

    Next to the test database on the same PostgreSQL server when DATABASE_URL is PostgreSQL
    (the role may create databases), else a SQLite file under `tmp_path`.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'pulse'}_{suffix}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))

    def execute(sql):
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    """Run `manage.py ARGS` with `env`; returns its stdout."""
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
