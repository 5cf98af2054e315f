"""Sign-up, log-in (rate-limited per IP in the `auth` group), log-out and password change."""

import pytest
from django.contrib.auth import get_user_model

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_signup_creates_the_account_logs_in_and_goes_to_new_project(client):
    response = client.post(
        "/signup/",
        {"username": "grace", "email": "grace@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/projects/new/"
    user = get_user_model().objects.get(username="grace")
    assert user.email == "grace@example.com"
    assert client.get("/").wsgi_request.user == user


def test_signup_refuses_a_taken_email_and_keeps_the_input(client):
    make_user("ada", email="ada@example.com")
    response = client.post(
        "/signup/",
        {"username": "ada2", "email": "ADA@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "An account with this email already exists." in response.content.decode()
    assert 'value="ada2"' in response.content.decode()
    assert not get_user_model().objects.filter(username="ada2").exists()


def test_login_with_right_password_goes_to_projects(client):
    make_user("ada")
    response = client.post("/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_failed_logins_are_refused_with_429_after_the_auth_limit(client, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "auth": (3, 60)}
    make_user("ada")
    for _ in range(3):
        assert client.post("/login/", {"username": "ada", "password": "wrong"}).status_code == 200
    response = client.post("/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_failed_logins_from_another_ip_do_not_lock_this_one(client, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "auth": (2, 60)}
    make_user("ada")
    for _ in range(2):
        client.post("/login/", {"username": "ada", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post("/login/", {"username": "ada", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_logout_ends_the_session(client):
    client.force_login(make_user("ada"))
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_sets_the_new_password(client):
    user = make_user("ada")
    client.force_login(user)
    new = "another long passphrase 42"
    response = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
