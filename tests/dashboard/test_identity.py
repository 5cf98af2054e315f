"""Signed visitor identity in the dashboard (issue 22): the identity secret shown once, the
mode, and who sent feedback, verified or not, shown to the team only."""

import pytest

from feedback.services import submit_feedback
from projects.models import IdentityMode, Project
from projects.services import record_verified_visitor, rotate_identity_secret
from pulse.api.visitors import signed_visitor_id
from tests.identity.conftest import mint, token_header

pytestmark = pytest.mark.django_db
SETTINGS = "/p/acme/settings/"


def test_an_admin_creates_an_identity_secret_shown_once(client, project, team, login):
    login(team["admin"])

    response = client.post(SETTINGS + "identity/secret/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("plis_") and secret in response.content.decode()
    assert secret not in client.get(SETTINGS).content.decode()
    assert Project.objects.get(pk=project.pk).identity_secret_encrypted


def test_a_member_cannot_rotate_the_identity_secret(client, project, team, login):
    login(team["member"])

    response = client.post(SETTINGS + "identity/secret/")

    assert response.status_code in (403, 404)
    assert not Project.objects.get(pk=project.pk).identity_secret_encrypted


def test_verified_only_needs_a_secret_first(client, project, team, login):
    login(team["admin"])

    response = client.post(SETTINGS + "identity/", {"identity_mode": "verified"}, follow=True)

    assert "Create an identity secret first" in response.content.decode()
    assert Project.objects.get(pk=project.pk).identity_mode == IdentityMode.ANONYMOUS


def test_an_admin_turns_verified_only_on_and_the_api_follows(client, api_client, project, team, login, visitor_id):
    rotate_identity_secret(project=project)
    login(team["admin"])

    client.post(SETTINGS + "identity/", {"identity_mode": "verified"})

    assert Project.objects.get(pk=project.pk).identity_mode == IdentityMode.VERIFIED
    assert api_client.get("/api/v1/projects/acme/feedback", HTTP_X_PULSE_USER_ID=visitor_id).status_code == 401


def verified_feedback(project):
    visitor_id = signed_visitor_id(project, "user-42")
    details = {"sub": "user-42", "name": "Ada L.", "email": "ada@x.io"}
    record_verified_visitor(project_id=project.id, visitor_id=visitor_id, **details)
    return submit_feedback(project=project, visitor_id=visitor_id, title="Signed request")


def test_the_inbox_shows_a_verified_sender_marked_verified_and_others_unverified(
    client, project, team, login, visitor_id
):
    verified_feedback(project)
    submit_feedback(project=project, visitor_id=visitor_id, title="Unsigned request")
    login(team["member"])

    page = client.get("/p/acme/feedback/").content.decode()

    assert "Ada L." in page and "ada@x.io" in page
    assert page.count('class="badge badge-verified"') == 1
    assert page.count('class="badge badge-unverified"') == 1


def test_the_thread_shows_the_verified_sender(client, project, team, login):
    feedback = verified_feedback(project)
    login(team["member"])

    page = client.get(f"/p/acme/feedback/{feedback.pk}/").content.decode()

    assert "Ada L." in page and 'class="badge badge-verified"' in page


def test_verified_details_are_never_in_the_visitors_own_api_answers(api_client, project):
    secret = rotate_identity_secret(project=project)
    token = token_header(mint(secret, name="Ada L.", email="ada@x.io"))
    created = api_client.post("/api/v1/projects/acme/feedback", {"title": "Hi"}, format="json", **token)

    answers = [
        api_client.get("/api/v1/projects/acme/feedback", **token),
        api_client.get(f"/api/v1/projects/acme/feedback/{created.json()['data']['id']}", **token),
        api_client.get("/api/v1/projects/acme/roadmap", **token),
    ]

    for answer in answers:
        assert answer.status_code == 200
        assert b"Ada L." not in answer.content and b"ada@x.io" not in answer.content


def test_the_board_shows_who_signed_an_idea_marked_verified(client, project, team, login):
    from feedback.services import submit_idea

    visitor_id = signed_visitor_id(project, "user-7")
    record_verified_visitor(project_id=project.id, visitor_id=visitor_id, sub="user-7", name="Ada N.", email="ada@n.io")
    idea = submit_idea(project=project, visitor_id=visitor_id, title="Dark mode")
    login(team["member"])

    page = client.get(f"/p/acme/feedback/board/{idea.pk}/").content.decode()

    assert "Ada N." in page and "ada@n.io" in page and 'class="badge badge-verified"' in page
    assert "anonymous" not in page.lower()
