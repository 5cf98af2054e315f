"""Dashboard fixtures: one user per role in the `acme` project, plus an outsider."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Membership

PASSWORD = "correct horse battery staple"
ROLES = ["owner", "admin", "member"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is not under test here; browser tests log in for real.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _open_signup(settings):
    # SIGNUP defaults to "invite" when DEBUG is off; tests of other modes set their own.
    settings.PULSE_SIGNUP = "open"


def make_user(username, email=None):
    return get_user_model().objects.create_user(username, email=email or f"{username}@example.com", password=PASSWORD)


@pytest.fixture
def team(project):
    """{"owner": user, "admin": user, "member": user, "outsider": user} for the `acme` project."""
    users = {}
    for role in ROLES:
        users[role] = make_user(role)
        Membership.objects.create(project=project, user=users[role], role=role)
    users["outsider"] = make_user("outsider")
    return users


@pytest.fixture
def login(client):
    """login(user) -> the Django test client, logged in as `user`."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def signed_in(live_server, page, project):
    """A browser page logged in (through the form) as `kim`, owner of the `acme` project."""
    user = make_user("kim")
    Membership.objects.create(project=project, user=user, role="owner")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


@pytest.fixture
def queries_for(client):
    """queries_for(url) -> how many queries a GET of `url` makes (asserting a 200)."""

    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    return count
