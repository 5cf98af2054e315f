"""Management commands: createproject, createapikey, seed_demo."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from projects.models import ApiKey, Membership, Project
from projects.selectors import find_active_api_key

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createproject_with_owner():
    user = get_user_model().objects.create_user("ada", password="x")
    run("createproject", "my-app", "--name", "My App", "--owner", "ada")
    project = Project.objects.get(slug="my-app")
    assert project.name == "My App"
    assert Membership.objects.get(project=project, user=user).role == "owner"


def test_createproject_refuses_invalid_slug():
    with pytest.raises(CommandError):
        run("createproject", "Not A Slug!", "--name", "x")


def test_createapikey_prints_a_working_key_on_last_line(project):
    output = run("createapikey", "acme", "--name", "ci", "--scopes", "read,changelog:write", "--expires-in-days", "7")
    raw_key = output.strip().splitlines()[-1]
    api_key = find_active_api_key(raw_key)
    assert api_key is not None and api_key.project == project
    assert api_key.scopes == ["read", "changelog:write"]
    assert api_key.expires_at is not None


def test_createapikey_refuses_unknown_scope(project):
    with pytest.raises(CommandError, match="Unknown scope"):
        run("createapikey", "acme", "--name", "ci", "--scopes", "read,admin")
    assert ApiKey.objects.count() == 0


def test_seed_demo_is_idempotent():
    first = run("seed_demo", "--force")
    run("seed_demo", "--force")
    assert "demo /" in first
    assert Project.objects.filter(slug="demo").count() == 1
    assert get_user_model().objects.filter(username="demo").count() == 1
