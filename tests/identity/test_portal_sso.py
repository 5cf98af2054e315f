"""The portal's sign-in link `/portal/<slug>/sso?token=...`: the same token as the API's
header sets the portal's visitor cookie, so one person is one visitor everywhere."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from projects.models import IdentityMode, VerifiedVisitor
from projects.services import set_identity_mode
from pulse.api.visitors import signed_visitor_id
from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import create_roadmap_entry

from .conftest import mint, token_header

SSO = "/portal/acme/sso"
VOTE_API = "/api/v1/projects/acme/roadmap/"


@pytest.fixture
def entry(project):
    published_at = timezone.now() - timedelta(hours=1)
    return create_roadmap_entry(project=project, feature_name="Dark mode", published_at=published_at)


def portal_vote(client, entry):
    return client.post(f"/portal/acme/roadmap/{entry.pk}/vote/", {"vote_type": "up"})


def test_the_sso_link_sets_the_visitor_cookie_to_the_signed_visitor_and_redirects_home(client, project, secret):
    response = client.get(SSO, {"token": mint(secret, name="Ada")})

    assert response.status_code == 302
    assert response["Location"] == "/portal/acme/"
    assert uuid.UUID(response.cookies["pulse_visitor"].value) == signed_visitor_id(project, "user-42")
    assert response.cookies["pulse_visitor"]["httponly"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert VerifiedVisitor.objects.get(project=project).name == "Ada"


def test_the_sso_link_redirects_to_a_local_path_it_is_given(client, project, secret):
    response = client.get(SSO + "/", {"token": mint(secret), "redirect": "/portal/acme/roadmap/"})

    assert response["Location"] == "/portal/acme/roadmap/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"])
def test_the_sso_link_never_redirects_off_the_host(client, project, secret, target):
    response = client.get(SSO, {"token": mint(secret), "redirect": target})

    assert response["Location"] == "/portal/acme/"


def test_a_refused_token_on_the_sso_link_is_a_401_saying_why_and_sets_no_cookie(client, project, secret):
    response = client.get(SSO, {"token": mint(secret, lifetime=-60)})

    assert response.status_code == 401
    page = response.content.decode()
    assert "This sign-in link did not work" in page and "x-pulse-user-token has expired" in page
    assert 'href="/portal/acme/">Continue without signing in</a>' in page
    assert "pulse_visitor" not in response.cookies


def test_an_sso_link_without_a_token_says_so(client, project, secret):
    response = client.get(SSO)

    assert response.status_code == 401
    assert "The link carries no token." in response.content.decode()


def test_a_refused_sso_link_answers_in_the_visitors_language(client, project, secret):
    response = client.get(SSO, {"token": "garbage"}, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 401 and response["Content-Language"] == "fr"
    assert "Ce lien de connexion n’a pas fonctionné" in response.content.decode()


def test_the_same_sub_on_the_widget_and_the_portal_is_one_visitor_with_one_vote(
    client, api_client, project, secret, entry
):
    client.get(SSO, {"token": mint(secret)})
    assert portal_vote(client, entry).status_code == 303

    response = api_client.post(
        f"{VOTE_API}{entry.pk}/vote", {"vote_type": "up"}, format="json", **token_header(mint(secret))
    )

    assert response.json()["data"] == {"vote_count": 0, "user_vote": None}  # the toggle: the same vote
    assert RoadmapVote.objects.count() == 0
    api_client.post(f"{VOTE_API}{entry.pk}/vote", {"vote_type": "up"}, format="json", **token_header(mint(secret)))
    assert list(RoadmapVote.objects.values_list("visitor_id", flat=True)) == [signed_visitor_id(project, "user-42")]
    assert RoadmapEntry.objects.get(pk=entry.pk).vote_count == 1


def test_a_verified_only_portal_refuses_a_vote_from_a_visitor_who_did_not_sign_in(client, project, secret, entry):
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    client.cookies["pulse_visitor"] = str(signed_visitor_id(project, "user-42"))  # a known UUID is not enough

    response = portal_vote(client, entry)

    assert response.status_code == 401
    assert RoadmapVote.objects.count() == 0


def test_a_verified_only_portal_takes_the_vote_of_a_visitor_who_came_through_the_sso_link(
    client, project, secret, entry
):
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    client.get(SSO, {"token": mint(secret)})

    assert portal_vote(client, entry).status_code == 303
    assert list(RoadmapVote.objects.values_list("visitor_id", flat=True)) == [signed_visitor_id(project, "user-42")]


def test_a_refused_sso_token_is_never_logged(client, project, secret, caplog):
    token = mint(secret, lifetime=-60)

    assert client.get(SSO, {"token": token}).status_code == 401
    assert token not in caplog.text
