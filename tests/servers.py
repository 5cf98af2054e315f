"""Real server processes for tests that need more than the test client (gunicorn, HTTP)."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError, URLError
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


def start_gunicorn(env, workers=1):
    """Start gunicorn on a free port with `env`; returns (process, base_url) once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pulse.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
