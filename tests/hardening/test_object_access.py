"""Broken object-level authorisation, table-driven: an id of another project, or another
visitor's object, is 404 (403 for another visitor's feedback thread, as the seed says) in
the envelope, never the object, and nothing changes in the database."""

import json

import pytest
from django.forms.models import model_to_dict

from announcements.models import AnnouncementDismissal
from changelog.models import ChangelogView
from feedback.models import FeedbackMessage
from roadmap.models import RoadmapVote
from tests.helpers import bearer, visitor

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/projects/acme"
ADMIN = "/api/v1/admin"

# (caller, method, path, body, whose object, kind, expected status)
PUBLIC_MATRIX = [
    ("POST", f"{PUBLIC}/announcements/{{id}}/dismiss", None, "other_project", "announcement", 404),
    ("POST", f"{PUBLIC}/changelog/{{id}}/viewed", None, "other_project", "changelog", 404),
    ("POST", f"{PUBLIC}/roadmap/{{id}}/vote", {"vote_type": "up"}, "other_project", "roadmap", 404),
    ("GET", f"{PUBLIC}/feedback/{{id}}", None, "other_project", "feedback", 404),
    ("GET", f"{PUBLIC}/feedback/{{id}}", None, "other_visitor", "feedback", 404),
    ("POST", f"{PUBLIC}/feedback/{{id}}/messages", {"message": "hi"}, "other_project", "feedback", 404),
    ("POST", f"{PUBLIC}/feedback/{{id}}/messages", {"message": "hi"}, "other_visitor", "feedback", 403),
    ("POST", f"{PUBLIC}/notifications/read", {"notification_id": "{id}"}, "other_project", "notification", 404),
    ("POST", f"{PUBLIC}/notifications/read", {"notification_id": "{id}"}, "other_visitor", "notification", 404),
]
ADMIN_MATRIX = [
    (method, f"{ADMIN}/{module}/{{id}}{suffix}", body, "other_project", kind, 404)
    for module, kind, operations in [
        ("announcements", "announcement", [("GET", "", None), ("PATCH", "", {"title": "x"}), ("DELETE", "", None)]),
        (
            "changelog",
            "changelog",
            [
                ("GET", "", None),
                ("PATCH", "", {"title": "x"}),
                ("DELETE", "", None),
                ("POST", "/publish", {}),
                ("POST", "/unpublish", None),
            ],
        ),
        (
            "feedback",
            "feedback",
            [("GET", "", None), ("PATCH", "", {"status": "closed"}), ("POST", "/messages", {"message": "x"})],
        ),
        ("roadmap", "roadmap", [("GET", "", None), ("PATCH", "", {"feature_name": "x"}), ("DELETE", "", None)]),
    ]
    for method, suffix, body in operations
] + [("POST", f"{ADMIN}/roadmap/reorder", {"ids": ["{id}"]}, "other_project", "roadmap", 404)]


def _state(world):
    """Everything the calls could touch: the target objects' fields and the rows they add."""
    rows = {
        f"{owner}.{kind}": model_to_dict(obj.__class__.objects.get(pk=obj.pk))
        for owner in ("other_project", "other_visitor")
        for kind, obj in world[owner].items()
    }
    for model in (AnnouncementDismissal, ChangelogView, RoadmapVote, FeedbackMessage):
        rows[model.__name__] = model.objects.count()
    return rows


def _call(client, method, path, body, headers):
    data = json.dumps(body) if body is not None else None
    return client.generic(method, path, data or "", content_type="application/json", **headers)


def _assert_refused(response, status, obj):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["data"] is None and body["error"]
    assert str(obj.pk) not in response.content.decode()
    assert b"Theirs" not in response.content and b"secret thread" not in response.content


@pytest.mark.parametrize(("method", "path", "body", "owner", "kind", "status"), PUBLIC_MATRIX)
def test_public_endpoint_never_serves_or_touches_someone_elses_object(
    client, world, method, path, body, owner, kind, status
):
    obj = world[owner][kind]
    body = json.loads(json.dumps(body).replace("{id}", str(obj.pk))) if body else None
    before = _state(world)
    response = _call(client, method, path.format(id=obj.pk), body, visitor(world["me"]))
    _assert_refused(response, status, obj)
    assert _state(world) == before


@pytest.mark.parametrize(("method", "path", "body", "owner", "kind", "status"), ADMIN_MATRIX)
def test_admin_endpoint_never_serves_or_touches_another_projects_object(
    client, world, method, path, body, owner, kind, status
):
    obj = world[owner][kind]
    body = json.loads(json.dumps(body).replace("{id}", str(obj.pk))) if body is not None else None
    before = _state(world)
    response = _call(client, method, path.format(id=obj.pk), body, bearer(world["key"]))
    _assert_refused(response, status, obj)
    assert _state(world) == before


@pytest.mark.parametrize(
    "path",
    [
        f"{PUBLIC}/announcements",
        f"{PUBLIC}/changelog",
        f"{PUBLIC}/changelog/unseen",
        f"{PUBLIC}/roadmap",
        f"{PUBLIC}/feedback",
        f"{PUBLIC}/notifications",
    ],
)
def test_public_lists_never_include_another_projects_or_visitors_objects(client, world, path):
    response = client.get(path, **visitor(world["me"]))
    assert response.status_code == 200
    assert b"Theirs" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        f"{ADMIN}/announcements",
        f"{ADMIN}/changelog",
        f"{ADMIN}/roadmap",
        f"{ADMIN}/feedback?status=",
        f"{ADMIN}/notifications?user_id={{me}}",
    ],
)
def test_admin_lists_never_include_another_projects_objects(client, world, path):
    response = client.get(path.format(me=world["me"]), **bearer(world["key"]))
    assert response.status_code == 200
    assert all(str(obj.pk) not in response.content.decode() for obj in world["other_project"].values())


# Dashboard: a member of `acme` typing another project's object id into an `acme` URL.
DASHBOARD_MATRIX = [
    ("GET", "/p/acme/changelog/{id}/", None, "changelog"),
    ("POST", "/p/acme/changelog/{id}/", {"title": "Mine", "type": "feature", "content": "x"}, "changelog"),
    ("GET", "/p/acme/roadmap/{id}/", None, "roadmap"),
    ("POST", "/p/acme/roadmap/{id}/", {"feature_name": "Mine", "feature_status": "planned"}, "roadmap"),
    ("POST", "/p/acme/roadmap/{id}/status/", {"feature_status": "completed"}, "roadmap"),
    ("POST", "/p/acme/roadmap/{id}/move/", {"direction": "up"}, "roadmap"),
    ("GET", "/p/acme/feedback/{id}/", None, "feedback"),
    ("POST", "/p/acme/feedback/{id}/messages/", {"message": "hi", "visibility": "public"}, "feedback"),
    ("POST", "/p/acme/feedback/{id}/triage/", {"status": "closed", "priority": "high"}, "feedback"),
    ("GET", "/p/acme/announcements/{id}/", None, "announcement"),
    (
        "POST",
        "/p/acme/announcements/{id}/",
        {"title": "Mine", "type": "info", "banner_color": "#000000"},
        "announcement",
    ),
]


@pytest.fixture
def owner_client(client, project, django_user_model):
    from projects.models import Membership

    user = django_user_model.objects.create_user("owner", password="x")
    Membership.objects.create(project=project, user=user, role=Membership.Role.OWNER)
    client.force_login(user)
    return client


@pytest.mark.parametrize(("method", "path", "data", "kind"), DASHBOARD_MATRIX)
def test_dashboard_page_never_serves_or_touches_another_projects_object(owner_client, world, method, path, data, kind):
    obj = world["other_project"][kind]
    before = _state(world)
    url = path.format(id=obj.pk)
    response = owner_client.get(url) if method == "GET" else owner_client.post(url, data)
    assert response.status_code == 404
    assert b"Theirs" not in response.content and b"secret thread" not in response.content
    assert _state(world) == before
