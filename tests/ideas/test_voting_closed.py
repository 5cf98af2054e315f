"""Completed and declined ideas take no votes, as completed and cancelled roadmap entries take
none (pulse.votes.VotingClosed, one rule for both): the API answers 400 saying why, the portal
400 in its language and shows no button, the votes already cast stay."""

import uuid

import pytest

from feedback import services
from feedback.models import VOTING_CLOSED_IDEA_STATUSES, Feedback, IdeaStatus, IdeaVote
from pulse.votes import VotingClosed
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
BASE = "/api/v1/projects/acme/ideas"


@pytest.mark.parametrize("status", IdeaStatus.values)
def test_an_idea_takes_votes_exactly_while_its_status_is_open(api_client, idea, status):
    services.change_idea_status(idea=idea, status=status)
    response = api_client.post(f"{BASE}/{idea.pk}/vote", **visitor(str(uuid.uuid4())))
    idea.refresh_from_db()
    if status in VOTING_CLOSED_IDEA_STATUSES:
        label = IdeaStatus(status).label.lower()
        assert (response.status_code, response.json()) == (
            400,
            {"data": None, "error": f"Voting is closed: this item is {label}"},
        )
        assert idea.vote_count == 0 and not IdeaVote.objects.exists()
    else:
        assert response.status_code == 200 and response.json()["data"]["voted"] is True
        assert idea.vote_count == 1


@pytest.mark.parametrize("status", sorted(VOTING_CLOSED_IDEA_STATUSES))
def test_a_settled_idea_keeps_its_votes_and_they_cannot_be_taken_back(project, idea, status):
    voter = uuid.uuid4()
    services.toggle_idea_vote(project_id=project.pk, idea_id=idea.pk, visitor_id=voter)
    services.change_idea_status(idea=idea, status=status)
    with pytest.raises(VotingClosed):
        services.toggle_idea_vote(project_id=project.pk, idea_id=idea.pk, visitor_id=voter)
    assert Feedback.objects.get(pk=idea.pk).vote_count == 1 and IdeaVote.objects.count() == 1


def test_the_portal_refuses_a_vote_on_a_declined_idea_in_its_language_and_shows_no_button(client, idea):
    services.change_idea_status(idea=idea, status=IdeaStatus.DECLINED)
    response = client.post(f"/portal/acme/ideas/{idea.pk}/vote/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400 and response["Content-Language"] == "fr"
    page = client.get(f"/portal/acme/ideas/{idea.pk}/").content.decode()
    assert f'data-vote="{idea.pk}:up"' not in page and "Voting closed" in page
    assert not IdeaVote.objects.exists()
