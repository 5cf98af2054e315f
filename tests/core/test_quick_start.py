"""The README's quick start, followed from a fresh checkout (issue 18, item 7).

The checkout is the repository's files (`git ls-files`: what a clone has) copied to a temporary
directory, on SQLite with nothing configured. The commands are read from the README itself, so
the README cannot drift from what works:

- the first block's `make run`: it must migrate, seed the demo, print the true demo login and
  serve the dashboard and `/widget-demo/` (run with `make -o .venv/.installed`, so the shared
  virtualenv linked in stands for the `pip install` make would otherwise do);
- every command of "Your own user and project" (`createsuperuser` gets `--noinput` and its
  password from DJANGO_SUPERUSER_PASSWORD, as a script would), including `createproject` and
  `createapikey`: each must exit 0.
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def sh_blocks_after(heading):
    """The ```sh blocks of the README section titled `heading` (all sections: None)."""
    text = README if heading is None else README.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def commands(block):
    """The block's commands, comments and blank lines dropped."""
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.split("#", 1)[0].strip()]


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    target = tmp_path_factory.mktemp("fresh") / "pulse"
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not name.startswith(".venv"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(Path(sys.prefix))
    return target


def clean_env(**extra):
    """The environment of a new user: none of this test run's settings."""
    drop = ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_NAME", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY",
            "ALLOWED_HOSTS", "PULSE_SEED_DEMO")  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key not in drop and not key.startswith("PYTEST")}
    return {**env, **extra}


def get(url):
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_first_lines_are_make_run_and_make_test():
    assert commands(sh_blocks_after(None)[0]) == ["make run", "make test"]


def test_make_run_serves_the_demo_and_prints_its_true_login(checkout):
    assert commands(sh_blocks_after(None)[0])[0] == "make run"
    port = free_port()
    log = checkout / "make-run.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(["make", "-o", ".venv/.installed", "run", f"PORT={port}"], cwd=checkout,
                                   env=clean_env(), stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        try:
            deadline = time.monotonic() + 150
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    status, _ = get(f"http://127.0.0.1:{port}/healthz")
                    if status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
            assert get(f"http://127.0.0.1:{port}/")[0] == 302  # to the log-in page
            status, demo = get(f"http://127.0.0.1:{port}/widget-demo/")
            assert status == 200 and 'data-pulse-project="demo"' in demo
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
    printed = log.read_text()
    assert "Demo login: demo / demo-pulse-2026" in printed
    assert f"http://127.0.0.1:{port}/" in printed


def test_the_own_user_and_project_commands_exit_0(checkout):
    (block,) = sh_blocks_after("Your own user and project")
    lines = commands(block)
    assert [shlex.split(line)[2] for line in lines] == ["createsuperuser", "createproject", "createapikey"]
    env = clean_env(DJANGO_SUPERUSER_PASSWORD="a long enough password 42")
    subprocess.run([".venv/bin/python", "manage.py", "migrate", "--noinput", "-v", "0"], cwd=checkout, env=env,
                   check=True)  # fmt: skip
    outputs = []
    for line in lines:
        argv = shlex.split(line) + (["--noinput"] if "createsuperuser" in line else [])
        result = subprocess.run(argv, cwd=checkout, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        outputs.append(result.stdout)
    assert "Created project my-app (My App)" in outputs[1]
    assert outputs[2].strip().splitlines()[-1].startswith("plsk_")
