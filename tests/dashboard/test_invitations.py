"""Invitations (issue 16, item 3): adding a member never discloses an account.

An admin invites by address and gets a link, shown once (only its SHA-256 is stored).
Nothing about any account using that address is revealed until the link is accepted by
whoever is signed in holding it; the members page lists a pending invitation by the
address typed, never by a username.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from projects.models import Invitation, Membership

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
LINK = re.compile(r'value="(http://testserver/invitations/([A-Za-z0-9_-]+)/)"')


def invite(client, email, role="member"):
    """POST the invite form; returns (response, token)."""
    response = client.post("/p/acme/members/add/", {"email": email, "role": role})
    match = LINK.search(response.content.decode())
    return response, match.group(2) if match else None


@pytest.mark.parametrize("address", ["outsider@example.com", "OUTSIDER@EXAMPLE.COM", "nobody@example.com"])
def test_inviting_answers_the_same_whether_or_not_an_account_uses_the_address(login, team, project, address):
    client = login(team["admin"])
    response, token = invite(client, address)
    assert response.status_code == 200
    body = response.content.decode()
    assert token is not None
    assert f"Invitation for {address}" in body
    for revealing in ("outsider", "nobody"):  # no username, not even "no account"
        assert revealing not in body.replace(address, "")
    assert "no account" not in body.lower()
    # Stored: the address as typed and the token's digest, never the token.
    invitation = Invitation.objects.get(project=project)
    assert (invitation.email, invitation.role, invitation.accepted_at) == (address, "member", None)
    assert invitation.digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Invitation.objects.values_list()))
    assert not Membership.objects.filter(project=project, user=team["outsider"]).exists()


def test_members_page_lists_a_pending_invitation_by_the_typed_address_only(login, team, project):
    client = login(team["admin"])
    invite(client, "Outsider@Example.com")
    page = client.get("/p/acme/members/").content.decode()
    assert "Outsider@Example.com" in page
    assert "outsider" not in page.replace("Outsider@Example.com", "")  # neither username nor stored email
    assert "outsider@example.com" not in page


def test_the_invitee_accepts_and_only_then_appears_with_their_account(login, team, project, client):
    _, token = invite(login(team["admin"]), "outsider@example.com", role="admin")
    client.force_login(team["outsider"])
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert "Join Acme App" in page.content.decode() and "as <strong>admin</strong>" in page.content.decode()
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302 and response["Location"] == "/p/acme/"
    assert Membership.objects.get(project=project, user=team["outsider"]).role == "admin"
    assert Invitation.objects.get().accepted_by == team["outsider"]
    client.force_login(team["admin"])
    members = client.get("/p/acme/members/").content.decode()
    assert "outsider" in members and "Pending invitations" in members
    assert "Outsider@example.com" not in members and "None. An invitation shows here" in members


def test_any_signed_in_holder_of_the_link_may_accept_it_once(login, team, project, client):
    _, token = invite(login(team["admin"]), "someone-else@example.com")
    someone = make_user("holder", email="unrelated@example.org")
    client.force_login(someone)
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Membership.objects.get(project=project, user=someone).role == "member"
    client.force_login(team["outsider"])
    again = client.post(f"/invitations/{token}/")
    assert again.status_code == 404
    assert "This invitation link is not valid" in again.content.decode()
    assert not Membership.objects.filter(project=project, user=team["outsider"]).exists()


def test_an_address_without_an_account_signs_up_through_the_link_then_accepts(login, team, project, client, settings):
    settings.PULSE_SIGNUP = "invite"
    _, token = invite(login(team["admin"]), "newcomer@example.com")
    client.logout()
    page = client.get(f"/invitations/{token}/").content.decode()
    assert f"/signup/?invitation={token}" in page and f"/login/?next=/invitations/{token}/" in page
    assert client.post(f"/invitations/{token}/").status_code == 302  # signed out: to the log-in page
    assert client.get("/signup/").status_code == 403  # invite-only without a link
    form = {"username": "newcomer", "email": "newcomer@example.com", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(f"/signup/?invitation={token}", form)
    assert response.status_code == 302 and response["Location"] == f"/invitations/{token}/"
    assert client.post(f"/invitations/{token}/").status_code == 302
    newcomer = get_user_model().objects.get(username="newcomer")
    assert Membership.objects.get(project=project, user=newcomer).role == "member"


@pytest.mark.parametrize("state", ["expired", "accepted", "cancelled", "made-up"])
def test_a_dead_link_is_a_404_page_and_joins_nobody(login, team, project, client, state):
    _, token = invite(login(team["admin"]), "outsider@example.com")
    invitation = Invitation.objects.get()
    if state == "expired":
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "accepted":
        Invitation.objects.update(accepted_at=timezone.now())
    elif state == "cancelled":
        assert client.post(f"/p/acme/invitations/{invitation.pk}/cancel/").status_code == 302
    else:
        token = token[:-4] + "AAAA"
    client.force_login(team["outsider"])
    for response in (client.get(f"/invitations/{token}/"), client.post(f"/invitations/{token}/")):
        assert response.status_code == 404
        assert "This invitation link is not valid" in response.content.decode()
    assert not Membership.objects.filter(project=project, user=team["outsider"]).exists()


def test_accepting_as_a_member_keeps_the_role_they_have(login, team, project, client):
    _, token = invite(login(team["owner"]), "member@example.com", role="owner")
    client.force_login(team["member"])
    assert client.post(f"/invitations/{token}/").status_code == 302
    assert Membership.objects.get(project=project, user=team["member"]).role == "member"


def test_members_cannot_invite_nor_see_invitations(login, team, project):
    client = login(team["member"])
    response, token = invite(client, "outsider@example.com")
    assert response.status_code == 403 and token is None
    assert not Invitation.objects.exists()
    login(team["admin"])
    invite(client, "pending@example.com")
    client.force_login(team["member"])
    assert "pending@example.com" not in client.get("/p/acme/members/").content.decode()


def test_only_owners_invite_or_cancel_owners(login, team, project):
    client = login(team["admin"])
    response, _ = invite(client, "outsider@example.com", role="owner")
    assert response.status_code == 403 and not Invitation.objects.exists()
    client.force_login(team["owner"])
    invite(client, "co-owner@example.com", role="owner")
    invitation = Invitation.objects.get()
    client.force_login(team["admin"])
    assert client.post(f"/p/acme/invitations/{invitation.pk}/cancel/").status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_an_invalid_address_is_refused_next_to_the_field(login, team, project):
    response, token = invite(login(team["admin"]), "not an address")
    assert response.status_code == 200 and token is None
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
