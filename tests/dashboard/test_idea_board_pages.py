"""The feedback inbox's idea board view (issue 20): the list with its filters and approval
queue, and one idea's actions, each through feedback.services."""

import uuid

import pytest

from feedback import services
from feedback.models import Feedback, IdeaComment, IdeaVote, Moderation
from notifications.models import Notification
from roadmap.models import RoadmapEntry

pytestmark = pytest.mark.django_db
BOARD = "/p/acme/feedback/board/"


def idea(project, title="Dark mode", **fields):
    return services.submit_idea(
        project=project, visitor_id=fields.pop("visitor_id", uuid.uuid4()), title=title, **fields
    )


def test_the_board_view_lists_public_ideas_with_votes_and_moderation_not_private_feedback(login, team, project):
    shown = idea(project, "Dark mode")
    services.toggle_idea_vote(project_id=project.id, idea_id=shown.pk, visitor_id=uuid.uuid4())
    services.submit_feedback(project=project, visitor_id=None, title="Private thread")
    body = login(team["member"]).get(BOARD).content.decode()
    assert f'href="{BOARD}{shown.pk}/">Dark mode</a>' in body
    assert '<td data-label="Votes">1</td>' in body and "Published" in body
    assert "Private thread" not in body


def test_the_pending_queue_shows_held_ideas_and_approves_them(login, team, project):
    project.board_moderation = "hold"
    project.save()
    held = idea(project, "Held idea")
    idea(project, "Other held idea")
    client = login(team["member"])
    body = client.get(BOARD + "?moderation=pending").content.decode()
    assert "Held idea" in body and "Approve" in body
    response = client.post(f"{BOARD}{held.pk}/moderate/", {"moderation": "published", "back": "queue"})
    assert response.status_code == 302 and response["Location"] == BOARD + "?moderation=pending"
    assert Feedback.objects.get(pk=held.pk).moderation == Moderation.PUBLISHED
    assert f'{held.pk}/">Held idea</a>' not in client.get(BOARD + "?moderation=pending").content.decode()


def test_the_board_view_filters_by_status_and_searches(login, team, project):
    planned = idea(project, "Planned export")
    services.change_idea_status(idea=planned, status="planned")
    idea(project, "Crash report")
    client = login(team["member"])
    assert "Crash report" not in client.get(BOARD + "?status=planned").content.decode()
    assert "Planned export" not in client.get(BOARD + "?q=crash").content.decode()


@pytest.mark.parametrize("moderation", ["hidden", "spam", "pending"])
def test_hiding_or_marking_spam_takes_the_idea_off_the_public_board(client, login, team, project, moderation):
    target = idea(project, "Buy cheap watches")
    login(team["member"]).post(f"{BOARD}{target.pk}/moderate/", {"moderation": moderation})
    assert Feedback.objects.get(pk=target.pk).moderation == moderation
    client.logout()
    assert "Buy cheap watches" not in client.get("/portal/acme/ideas/").content.decode()


def test_a_status_change_is_saved_and_its_voters_are_notified(login, team, project, django_capture_on_commit_callbacks):
    target = idea(project)
    voter = uuid.uuid4()
    services.toggle_idea_vote(project_id=project.id, idea_id=target.pk, visitor_id=voter)
    with django_capture_on_commit_callbacks(execute=True):
        login(team["member"]).post(f"{BOARD}{target.pk}/status/", {"status": "planned"})
    assert Feedback.objects.get(pk=target.pk).idea_status == "planned"
    assert Notification.objects.filter(user_id=voter).exists()


def test_comments_are_locked_and_unlocked(login, team, project):
    target = idea(project)
    client = login(team["member"])
    client.post(f"{BOARD}{target.pk}/lock/", {"locked": "on"})
    assert Feedback.objects.get(pk=target.pk).comments_locked is True
    client.post(f"{BOARD}{target.pk}/lock/", {"locked": ""})
    assert Feedback.objects.get(pk=target.pk).comments_locked is False


def test_merging_b_into_a_moves_votes_once_and_redirects_bs_page(client, login, team, project):
    a, b = idea(project, "Dark mode"), idea(project, "Night theme")
    both, only_b = uuid.uuid4(), uuid.uuid4()
    for visitor, target in ((both, a), (both, b), (only_b, b)):
        services.toggle_idea_vote(project_id=project.id, idea_id=target.pk, visitor_id=visitor)
    services.add_visitor_comment(idea=b, visitor_id=only_b, body="Please")
    response = login(team["member"]).post(f"{BOARD}{b.pk}/merge/", {"into": str(a.pk)})
    assert response.status_code == 302 and response["Location"] == f"{BOARD}{a.pk}/"
    assert Feedback.objects.get(pk=a.pk).vote_count == 2
    assert IdeaVote.objects.filter(idea=a).count() == 2 and IdeaComment.objects.get().idea_id == a.pk
    assert Feedback.objects.get(pk=b.pk).merged_into_id == a.pk
    client.logout()
    assert client.get(f"/portal/acme/ideas/{b.pk}/")["Location"] == f"/portal/acme/ideas/{a.pk}/"


def test_the_merge_form_offers_the_projects_other_ideas_only(login, team, project, other_project):
    a, b = idea(project, "Dark mode"), idea(project, "Night theme")
    foreign = idea(other_project, "Their idea")
    body = login(team["member"]).get(f"{BOARD}{b.pk}/").content.decode()
    assert f'value="{a.pk}"' in body and f'value="{foreign.pk}"' not in body
    response = login(team["member"]).post(f"{BOARD}{b.pk}/merge/", {"into": str(foreign.pk)})
    assert response.status_code == 302 and Feedback.objects.get(pk=b.pk).merged_into_id is None


def test_promoting_creates_a_linked_roadmap_entry(login, team, project):
    target = idea(project, "Dark mode")
    login(team["member"]).post(f"{BOARD}{target.pk}/promote/", {"feature_name": "Dark theme"})
    entry = RoadmapEntry.objects.get()
    assert entry.feature_name == "Dark theme" and entry.feature_status == "planned"
    stored = Feedback.objects.get(pk=target.pk)
    assert stored.roadmap_entry_id == entry.pk and stored.idea_status == "planned"


def test_a_team_comment_is_published_and_marked(client, login, team, project):
    target = idea(project)
    login(team["member"]).post(f"{BOARD}{target.pk}/comments/", {"body": "We are **on it**"})
    comment = IdeaComment.objects.get()
    assert (comment.author_role, comment.moderation, comment.sender_id) == ("team", "published", str(team["member"].pk))
    client.logout()
    assert 'class="badge team-badge">Team<' in client.get(f"/portal/acme/ideas/{target.pk}/").content.decode()


def test_a_held_comment_is_approved_from_the_ideas_page(login, team, project):
    target = idea(project)
    project.board_moderation = "hold"
    project.save()
    comment = services.add_visitor_comment(idea=Feedback.objects.get(pk=target.pk), visitor_id=uuid.uuid4(), body="Hi")
    client = login(team["member"])
    assert "Held for approval" in client.get(f"{BOARD}{target.pk}/").content.decode()
    client.post(f"{BOARD}{target.pk}/comments/{comment.pk}/moderate/", {"moderation": "published"})
    assert IdeaComment.objects.get().moderation == "published"
    assert Feedback.objects.get(pk=target.pk).comment_count == 1


def test_deleting_an_idea_takes_its_votes_and_comments_and_needs_an_admin(login, team, project):
    target = idea(project)
    services.toggle_idea_vote(project_id=project.id, idea_id=target.pk, visitor_id=uuid.uuid4())
    services.add_visitor_comment(idea=target, visitor_id=uuid.uuid4(), body="Hi")
    assert login(team["member"]).post(f"{BOARD}{target.pk}/delete/").status_code == 403
    response = login(team["admin"]).post(f"{BOARD}{target.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == BOARD
    assert not Feedback.objects.exists() and not IdeaVote.objects.exists() and not IdeaComment.objects.exists()


def test_publishing_private_feedback_needs_the_explicit_confirmation(login, team, project):
    private = services.submit_feedback(
        project=project, visitor_id=uuid.uuid4(), title="Export please", email="author@example.com"
    )
    client = login(team["member"])
    assert "Publish to the board" in client.get(f"/p/acme/feedback/{private.pk}/").content.decode()
    client.post(f"/p/acme/feedback/{private.pk}/publish/", {"display_name": "Ann"})
    assert Feedback.objects.get(pk=private.pk).visibility == "private"
    client.post(f"/p/acme/feedback/{private.pk}/publish/", {"display_name": "Ann", "confirm": "on"})
    stored = Feedback.objects.get(pk=private.pk)
    assert (stored.visibility, stored.moderation, stored.display_name) == ("public", "published", "Ann")
    client.logout()
    page = client.get(f"/portal/acme/ideas/{private.pk}/").content.decode()
    assert "by Ann" in page and "author@example.com" not in page


def test_another_projects_idea_is_a_404_in_the_board_view(login, team, project, other_project):
    foreign = idea(other_project, "Theirs")
    client = login(team["member"])
    assert client.get(f"{BOARD}{foreign.pk}/").status_code == 404
    assert client.post(f"{BOARD}{foreign.pk}/moderate/", {"moderation": "spam"}).status_code == 404
    assert Feedback.objects.get(pk=foreign.pk).moderation == "published"


def test_the_moderation_setting_is_saved_from_the_settings_page(login, team, project):
    data = {"portal_public": "on", "accent_color": "#4338ca", "default_locale": "en", "board_moderation": "hold"}
    response = login(team["admin"]).post("/p/acme/settings/portal/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.board_moderation == "hold"
