"""The thread page's "Possible duplicates" and its one-click "Merge into this" (issue 23,
part 2), which posts to the board's merge action (issue 20: feedback.views.idea_merge)."""

import uuid

import pytest
from django.test import Client

from feedback.models import Feedback, IdeaVote
from feedback.services import submit_feedback, submit_idea, toggle_idea_vote

pytestmark = pytest.mark.django_db


def idea(project, title):
    return submit_idea(project=project, visitor_id=uuid.uuid4(), title=title)


def merge_url(item):
    return f"/p/acme/feedback/board/{item.pk}/merge/"


@pytest.fixture
def pair(project):
    """(duplicate, original): two ideas on the board with similar titles and a vote each."""
    original = idea(project, "Dark mode for the dashboard")
    duplicate = idea(project, "Please add a dark mode to the dashboard")
    for item in (original, duplicate):
        toggle_idea_vote(project_id=project.pk, idea_id=item.pk, visitor_id=uuid.uuid4())
    return duplicate, original


def test_the_thread_page_lists_possible_duplicates_with_similarity_link_and_merge_button(login, team, pair):
    duplicate, original = pair
    response = login(team["member"]).get(f"/p/acme/feedback/{duplicate.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Possible duplicates" in body
    assert f'href="/p/acme/feedback/{original.pk}/">Dark mode for the dashboard</a>' in body
    similarity = round(response.context["possible_duplicates"][0].similarity * 100)
    assert f"{similarity}% similar" in body
    assert f'action="{merge_url(duplicate)}"' in body and "Merge into this" in body


def test_a_private_thread_shows_its_duplicates_without_a_merge_button(login, team, project):
    item = submit_feedback(project=project, visitor_id=None, title="Dark mode for the dashboard")
    submit_feedback(project=project, visitor_id=None, title="Dark mode for the dashboard please")
    body = login(team["member"]).get(f"/p/acme/feedback/{item.pk}/").content.decode()
    assert "Dark mode for the dashboard please" in body
    assert "Merge into this" not in body and "Only ideas on the board can be merged." in body


def test_one_click_merges_the_item_into_the_duplicate(login, team, pair):
    duplicate, original = pair
    response = login(team["member"]).post(merge_url(duplicate), {"into": original.pk})
    assert response.status_code == 302 and response["Location"] == f"/p/acme/feedback/board/{original.pk}/"
    duplicate.refresh_from_db()
    original.refresh_from_db()
    assert duplicate.merged_into_id == original.pk and duplicate.merged_at is not None
    assert original.vote_count == 2
    assert IdeaVote.objects.filter(idea=original).count() == 2 and not IdeaVote.objects.filter(idea=duplicate).exists()


def test_a_merged_item_is_no_longer_suggested(login, team, pair):
    duplicate, original = pair
    client = login(team["member"])
    client.post(merge_url(duplicate), {"into": original.pk})
    response = client.get(f"/p/acme/feedback/{original.pk}/")
    assert response.context["possible_duplicates"] == []


def test_a_private_item_cannot_be_merged(login, team, project):
    item = submit_feedback(project=project, visitor_id=None, title="Dark mode for the dashboard")
    other = idea(project, "Dark mode for the dashboard please")
    assert login(team["member"]).post(merge_url(item), {"into": other.pk}).status_code == 404
    assert Feedback.objects.get(pk=item.pk).merged_into_id is None


@pytest.mark.parametrize("into", ["", "not-a-uuid", str(uuid.uuid4()), "elsewhere"])
def test_merge_into_an_unknown_or_another_projects_item_is_refused(login, team, pair, other_project, into):
    duplicate, _ = pair
    if into == "elsewhere":
        into = idea(other_project, "Dark mode for the dashboard").pk
    response = login(team["member"]).post(merge_url(duplicate), {"into": into}, follow=True)
    errors = [str(message) for message in response.context["messages"]]
    assert len(errors) == 1 and response.redirect_chain[-1][0] == f"/p/acme/feedback/board/{duplicate.pk}/"
    assert Feedback.objects.get(pk=duplicate.pk).merged_into_id is None


def test_merge_needs_a_post_with_the_csrf_token(team, pair):
    duplicate, original = pair
    client = Client(enforce_csrf_checks=True)
    client.force_login(team["member"])
    assert client.get(merge_url(duplicate)).status_code == 405
    response = client.post(merge_url(duplicate), {"into": original.pk})
    assert response.status_code == 403
    assert Feedback.objects.get(pk=duplicate.pk).merged_into_id is None


def test_an_outsider_cannot_merge(login, team, pair):
    duplicate, original = pair
    response = login(team["outsider"]).post(merge_url(duplicate), {"into": original.pk})
    assert response.status_code == 404
    assert Feedback.objects.get(pk=duplicate.pk).merged_into_id is None


def test_the_board_idea_page_shows_the_same_possible_duplicates(login, team, pair):
    duplicate, original = pair
    response = login(team["member"]).get(f"/p/acme/feedback/board/{duplicate.pk}/")
    assert [item.pk for item in response.context["possible_duplicates"]] == [original.pk]
    assert f'action="{merge_url(duplicate)}"' in response.content.decode()
