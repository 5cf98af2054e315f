"""Sign-up, log-in (failures limited per username and address in the `auth` group, for the
dashboard and Django Admin alike), log-out and password change."""

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


LOGINS = [  # (log-in page, where the right password leads)
    ("/login/", "/"),
    ("/admin/login/", "/admin/"),
]


def make_staff(username):
    user = make_user(username)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.mark.parametrize("url, landing", LOGINS)
def test_right_password_after_five_failures_for_another_username_is_accepted(client, url, landing):
    make_staff("ada")
    for _ in range(5):
        assert client.post(url, {"username": "mallory", "password": "wrong"}).status_code == 200
    response = client.post(url, {"username": "ada", "password": PASSWORD, "next": landing})
    assert response.status_code == 302
    assert response["Location"] == landing


@pytest.mark.parametrize("url, landing", LOGINS)
def test_sixth_attempt_for_the_same_username_from_the_same_address_is_429(client, url, landing):
    make_staff("ada")
    for _ in range(5):
        assert client.post(url, {"username": "ada", "password": "wrong"}).status_code == 200
    response = client.post(url, {"username": " ADA ", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["RateLimit-Policy"] == '"auth";q=5;w=60'
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url, landing", LOGINS)
def test_many_usernames_from_one_address_hit_the_address_ceiling(client, settings, url, landing):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "auth": (2, 60)}
    settings.PULSE_RATE_LIMIT_IP_MULTIPLIER = 3
    make_staff("ada")
    for number in range(6):
        assert client.post(url, {"username": f"user{number}", "password": "wrong"}).status_code == 200
    assert client.post(url, {"username": "ada", "password": PASSWORD}).status_code == 429


def test_admin_login_page_still_shows_to_a_throttled_address(client):
    for _ in range(5):
        client.post("/admin/login/", {"username": "ada", "password": "wrong"})
    assert client.get("/admin/login/").status_code == 200


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
