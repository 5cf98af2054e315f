"""Sign-up (issue 16, item 3): throttled per address, the same answer whether or not an
address is used, and closable with SIGNUP=closed or SIGNUP=invite."""

import pytest
from django.contrib.auth import get_user_model

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def form(username, email):
    return {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}


def test_signing_up_with_a_used_address_answers_exactly_like_a_new_one(client):
    make_user("ada", email="ada@example.com")
    answers = []
    for username, email in (("ada2", "ADA@example.com"), ("bea", "bea@example.com")):
        response = client.post("/signup/", form(username, email))
        answers.append((response.status_code, response["Location"]))
        client.logout()
    assert answers == [(302, "/projects/new/"), (302, "/projects/new/")]
    assert get_user_model().objects.filter(username__in=["ada2", "bea"]).count() == 2


def test_a_form_error_page_does_not_depend_on_the_address_being_used(client):
    make_user("ada", email="ada@example.com")
    bodies = []
    for email in ("ada@example.com", "free@example.com"):
        response = client.post("/signup/", {**form("newbie", email), "password2": "different"})
        assert response.status_code == 200
        bodies.append(
            response.content.decode().replace(email, "EMAIL").replace(response.wsgi_request.META["CSRF_COOKIE"], "")
        )
    assert "exists" not in bodies[0]
    assert bodies[0].count("errorlist") == bodies[1].count("errorlist")


def test_signup_attempts_past_the_limit_are_429_and_create_nothing(client, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "signup": (3, 3600)}
    for n in range(3):
        assert client.post("/signup/", {**form(f"u{n}", f"u{n}@example.com"), "password2": "x"}).status_code == 200
    response = client.post("/signup/", form("late", "late@example.com"))
    assert response.status_code == 429
    assert "Too many sign-up attempts" in response.content.decode()
    assert response["Retry-After"].isdigit() and "r=0" in response["RateLimit"]
    assert not get_user_model().objects.filter(username="late").exists()
    # Another address is not affected.
    other = client.post("/signup/", form("elsewhere", "e@example.com"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_fifteen_signups_in_a_minute_from_one_address_do_not_all_succeed(client):
    created = 0
    for n in range(15):
        response = client.post("/signup/", form(f"bot{n}", f"bot{n}@example.com"))
        client.logout()
        created += response.status_code == 302
    assert created == 10  # RATE_LIMIT_SIGNUP's default per hour
    assert get_user_model().objects.filter(username__startswith="bot").count() == 10


@pytest.mark.parametrize("mode", ["closed", "invite"])
def test_closed_and_invite_only_signup_refuse_the_form_and_hide_the_links(client, settings, mode):
    settings.PULSE_SIGNUP = mode
    for response in (client.get("/signup/"), client.post("/signup/", form("mallory", "m@example.com"))):
        assert response.status_code == 403
        assert "Sign-up is" in response.content.decode()
    assert not get_user_model().objects.filter(username="mallory").exists()
    login_page = client.get("/login/").content.decode()
    assert 'href="/signup/"' not in login_page


def test_open_signup_shows_the_links(client, settings):
    settings.PULSE_SIGNUP = "open"
    assert 'href="/signup/"' in client.get("/login/").content.decode()
    assert client.get("/signup/").status_code == 200


def test_closed_signup_refuses_even_with_an_invitation_link(client, settings, project):
    from projects.services import invite_member

    settings.PULSE_SIGNUP = "closed"
    _, token = invite_member(project=project, email="x@example.com", role="member")
    assert client.get(f"/signup/?invitation={token}").status_code == 403
    assert "Sign up" not in client.get(f"/invitations/{token}/").content.decode().split("</header>")[1]
