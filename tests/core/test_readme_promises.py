"""What the README promises a new user (issue 18, item 7), outside the quick-start run:
health checks whatever the Host, the demo's login told truthfully, the demo refused on a real
deployment unless asked, and a clear way out when `createproject --owner` names nobody."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from projects.management.commands.seed_demo import DEMO_PASSWORD, FORCE_ENV
from projects.models import Project

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.parametrize("host", ["10.0.0.7", "10.0.0.7:8000", "[::1]", "unknown.example", "bad host!"])
def test_health_checks_answer_whatever_the_host_without_opening_allowed_hosts(client, settings, path, host):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["pulse.example.com"]
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json()["status"] in ("ok", "ready")
    # Any other path still refuses the host.
    assert client.get("/login/", HTTP_HOST=host).status_code == 400


def seed(**kwargs):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True  # what `make run` has


def test_seed_demo_prints_the_published_login_while_it_works(debug):
    assert f"Demo login: demo / {DEMO_PASSWORD}" in seed()


def test_seed_demo_says_the_password_was_changed_instead_of_printing_a_wrong_one(debug):
    seed()
    user = get_user_model().objects.get(username="demo")
    user.set_password("my own secret")
    user.save()
    output = seed()
    assert DEMO_PASSWORD not in output and "password was changed" in output
    assert get_user_model().objects.get(username="demo").check_password("my own secret")


def test_seed_demo_refuses_without_debug(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv(FORCE_ENV, raising=False)
    with pytest.raises(CommandError, match="DEBUG is off"):
        seed()
    assert not get_user_model().objects.filter(username="demo").exists()
    assert not Project.objects.filter(slug="demo").exists()


def test_seed_demo_without_debug_runs_when_asked(settings, monkeypatch):
    settings.DEBUG = False
    assert "Demo login" in seed(force=True)
    get_user_model().objects.all().delete()
    monkeypatch.setenv(FORCE_ENV, "1")
    assert "Demo login" in seed()


def test_createproject_with_an_unknown_owner_says_how_to_make_one():
    with pytest.raises(CommandError, match="createsuperuser"):
        call_command("createproject", "my-app", "--name", "My App", "--owner", "alice")
    assert not Project.objects.exists()


def test_the_repository_has_what_a_self_hoster_looks_for():
    readme = (ROOT / "README.md").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    env_example = (ROOT / ".env.example").read_text()
    for variable in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "PULSE_SEED_DEMO"):
        assert f"{variable}=" in env_example
    for promise in ("createsuperuser", "PORT=", "CREATEDB", "Secure", "pg_dump", "## Upgrading", "x-pulse-user-id",
                    "migrate", "pinned", "/widget-demo/"):  # fmt: skip
        assert promise in readme, promise
    # The first lines keep the two commands.
    assert readme.split("```sh\n")[1].split("```")[0].splitlines() == [
        "make run    # a running Pulse with a demo project at http://127.0.0.1:8000/ (no configuration)",
        "make test   # lint + the whole test suite",
    ]
