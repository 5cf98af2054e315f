"""Delete, with care (issue 18, item 5): changelog entries, roadmap items, feedback and
announcements are deleted from the dashboard after a confirmation page, by an admin or owner
only, in one transaction with what hangs off the row (views, votes, messages, dismissals, and
the notifications pointing at it by metadata id or link); nothing else is touched."""

import uuid

import pytest
from django.db.models.signals import pre_delete

from announcements.models import Announcement, AnnouncementDismissal
from announcements.services import dismiss_announcement
from changelog.models import ChangelogEntry, ChangelogView
from changelog.services import create_entry, mark_viewed
from feedback.models import Feedback, FeedbackMessage
from feedback.services import add_team_message, submit_feedback
from notifications.models import Notification
from notifications.services import notify
from roadmap.models import RoadmapEntry, RoadmapVote
from roadmap.services import create_roadmap_entry, toggle_vote

pytestmark = pytest.mark.django_db
PAST = "2020-01-01T00:00:00Z"


def changelog(project):
    entry = create_entry(project=project, title="Doomed entry", published_at=PAST)
    mark_viewed(entry=entry, visitor_id=uuid.uuid4())
    return entry, "changelog", "changelog_entry_id", [ChangelogView]


def roadmap(project):
    entry = create_roadmap_entry(project=project, feature_name="Doomed item", published_at=PAST)
    toggle_vote(entry_id=entry.pk, project_id=project.pk, visitor_id=uuid.uuid4(), vote_type="up")
    return entry, "roadmap", "roadmap_entry_id", [RoadmapVote]


def feedback(project):
    item = submit_feedback(
        project=project, visitor_id=uuid.uuid4(), title="Doomed spam", description="buy", category="general"
    )
    add_team_message(feedback=item, message="spam?", is_public=False, sender_id=None)
    return item, "feedback", "feedback_id", [FeedbackMessage]


def announcement(project):
    item = Announcement.objects.create(project=project, title="Doomed banner", message="m")
    dismiss_announcement(announcement=item, visitor_id=uuid.uuid4())
    return item, "announcements", "announcement_id", [AnnouncementDismissal]


KINDS = [changelog, roadmap, feedback, announcement]
MODELS = {changelog: ChangelogEntry, roadmap: RoadmapEntry, feedback: Feedback, announcement: Announcement}


def with_notifications(project, obj, key):
    """One notification pointing by metadata, one by link, one about something else."""
    visitor = uuid.uuid4()
    notify(project=project, user_ids=[visitor], type="general", title="by id", metadata={key: str(obj.pk)})
    notify(project=project, user_ids=[visitor], type="general", title="by link", link=f"/x#{obj.pk}")
    notify(project=project, user_ids=[visitor], type="general", title="other", metadata={key: str(uuid.uuid4())})


def delete_url(path, obj):
    return f"/p/acme/{path}/{obj.pk}/delete/"


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
@pytest.mark.parametrize("role", ["admin", "owner"])
def test_an_admin_deletes_after_confirming_with_everything_hanging_off(login, team, project, make, role):
    obj, path, key, dependents = make(project)
    survivor, *_ = make(project)
    with_notifications(project, obj, key)
    client = login(team[role])
    page = client.get(delete_url(path, obj))
    assert page.status_code == 200
    html = page.content.decode()
    assert "cannot be undone" in html and "Doomed" in html and 'method="post"' in html
    assert MODELS[make].objects.filter(pk=obj.pk).exists()  # the GET deleted nothing

    response = client.post(delete_url(path, obj))
    assert response.status_code == 302
    assert not MODELS[make].objects.filter(pk=obj.pk).exists()
    assert MODELS[make].objects.filter(pk=survivor.pk).exists()
    for model in dependents:
        assert model.objects.count() == 1  # only the survivor's
    assert list(Notification.objects.values_list("title", flat=True)) == ["other"]
    assert "was deleted" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_a_member_cannot_delete_nor_see_the_link(login, team, project, make):
    obj, path, key, _ = make(project)
    client = login(team["member"])
    assert client.get(delete_url(path, obj)).status_code == 403
    assert client.post(delete_url(path, obj)).status_code == 403
    assert MODELS[make].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_another_projects_object_is_not_found(login, team, other_project, make):
    obj, path, *_ = make(other_project)
    assert login(team["owner"]).post(delete_url(path, obj)).status_code == 404
    assert MODELS[make].objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_a_delete_that_fails_leaves_everything_in_place(login, team, project, make):
    obj, path, key, dependents = make(project)
    with_notifications(project, obj, key)

    def refuse(sender, instance, **kwargs):
        raise RuntimeError("disk on fire")

    pre_delete.connect(refuse, sender=MODELS[make], dispatch_uid="test-refuse")
    try:
        client = login(team["owner"])
        client.raise_request_exception = False
        assert client.post(delete_url(path, obj)).status_code == 500
    finally:
        pre_delete.disconnect(sender=MODELS[make], dispatch_uid="test-refuse")
    assert MODELS[make].objects.filter(pk=obj.pk).exists()
    assert Notification.objects.count() == 3
    for model in dependents:
        assert model.objects.count() == 1


@pytest.mark.parametrize("make", KINDS, ids=lambda make: make.__name__)
def test_the_edit_page_links_to_the_confirmation_for_admins_only(login, team, project, make):
    obj, path, *_ = make(project)
    page = f"/p/acme/{path}/{obj.pk}/"
    assert delete_url(path, obj) in login(team["admin"]).get(page).content.decode()
    assert delete_url(path, obj) not in login(team["member"]).get(page).content.decode()
