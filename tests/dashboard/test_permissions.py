"""Every project page: anonymous -> login, outsider -> 404, then the role rules."""

import uuid

import pytest

from projects.models import ApiKey, Membership
from projects.services import create_api_key

pytestmark = pytest.mark.django_db

ALL = {"member": 200, "admin": 200, "owner": 200}
ADMINS = {"member": 403, "admin": 200, "owner": 200}
OWNERS = {"member": 403, "admin": 403, "owner": 200}

PAGES = [
    ("/p/acme/install/", ALL),
    ("/p/acme/install/preview/", ALL),
    ("/p/acme/members/", ALL),
    ("/p/acme/notifications/", ALL),
    ("/p/acme/feedback/", ALL),
    ("/p/acme/roadmap/", ALL),
    ("/p/acme/roadmap/new/", ALL),
    ("/p/acme/analytics/", ALL),
    ("/p/acme/changelog/", ALL),
    ("/p/acme/changelog/new/", ALL),
    ("/p/acme/announcements/", ALL),
    ("/p/acme/announcements/new/", ALL),
    ("/p/acme/keys/", ADMINS),
    ("/p/acme/keys/new/", ADMINS),
    ("/p/acme/settings/", ADMINS),
    ("/p/acme/delete/", OWNERS),
]


@pytest.mark.parametrize("url", [url for url, _ in PAGES] + ["/", "/projects/new/", "/account/password/"])
def test_anonymous_visitor_is_sent_to_login(client, project, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("url", [url for url, _ in PAGES] + ["/p/acme/"])
def test_non_member_gets_404_on_every_project_page(login, team, url):
    response = login(team["outsider"]).get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["member", "admin", "owner"])
@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_page_access_follows_the_role(login, team, role, url, expected):
    response = login(team[role]).get(url)
    assert response.status_code == expected[role]


def test_unknown_project_is_404_like_a_foreign_one(login, team):
    assert login(team["owner"]).get("/p/nope/install/").status_code == 404


@pytest.mark.parametrize(
    "action",
    ["/p/acme/members/add/", "/p/acme/keys/new/", "/p/acme/settings/", "/p/acme/delete/"],
)
def test_non_member_post_is_404_and_changes_nothing(login, team, project, action):
    response = login(team["outsider"]).post(action, {"name": "x", "slug": "x", "confirm": "acme"})
    assert response.status_code == 404
    project.refresh_from_db()
    assert project.slug == "acme"


def test_key_of_another_project_typed_into_url_is_404(login, team, project, other_project):
    Membership.objects.create(project=other_project, user=team["owner"], role="owner")
    foreign_key, _ = create_api_key(project=other_project, name="theirs", scopes=["read"])
    response = login(team["owner"]).post(f"/p/acme/keys/{foreign_key.pk}/revoke/")
    assert response.status_code == 404
    foreign_key.refresh_from_db()
    assert foreign_key.revoked_at is None


def test_membership_of_another_project_typed_into_url_is_404(login, team, other_project):
    stranger = Membership.objects.create(project=other_project, user=team["outsider"], role="owner")
    response = login(team["owner"]).post(f"/p/acme/members/{stranger.pk}/remove/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_unknown_key_id_is_404(login, team):
    response = login(team["owner"]).post(f"/p/acme/keys/{uuid.uuid4()}/revoke/")
    assert response.status_code == 404
    assert not ApiKey.objects.exists()


def test_dashboard_pages_send_security_headers(login, team):
    response = login(team["member"]).get("/p/acme/install/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_post_without_csrf_token_is_refused(team, project):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(team["owner"])
    response = client.post("/p/acme/settings/", {"name": "Hacked", "slug": "acme"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.name == "Acme App"


def _object_pages(project):
    """Pages of one object per module: {url: object}."""
    from announcements.models import Announcement
    from changelog.services import create_entry
    from feedback.services import submit_feedback
    from roadmap.services import create_roadmap_entry

    feedback = submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Crash")
    announcement = Announcement.objects.create(project=project, title="Hello")
    roadmap_entry = create_roadmap_entry(project=project, feature_name="Dark mode")
    entry = create_entry(project=project, title="Release")
    return [
        f"/p/acme/changelog/{entry.pk}/",
        f"/p/acme/feedback/{feedback.pk}/",
        f"/p/acme/announcements/{announcement.pk}/",
        f"/p/acme/roadmap/{roadmap_entry.pk}/",
    ]


@pytest.mark.parametrize("role", ["outsider", "member", "admin", "owner"])
def test_object_pages_are_404_for_outsiders_and_open_to_every_member(login, team, project, role):
    client = login(team[role])
    for url in _object_pages(project):
        assert client.get(url).status_code == (404 if role == "outsider" else 200), url


def test_object_pages_send_anonymous_visitors_to_login(client, project):
    for url in _object_pages(project):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
