"""Votes close on completed and cancelled items (issue 18, item 2): the seed lists no error for
it, so the API answers 400 (its listed status for a refused vote) with a message saying why;
nothing changes. Open statuses keep voting."""

import uuid

import pytest

from roadmap.models import VOTING_CLOSED_STATUSES, RoadmapEntry, RoadmapVote
from roadmap.services import VotingClosed, create_roadmap_entry, toggle_vote
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
NOW_PUBLIC = "2020-01-01T00:00:00Z"


def make(project, status):
    return create_roadmap_entry(project=project, feature_name=f"Item {status}", feature_status=status,
                                published_at=NOW_PUBLIC)  # fmt: skip


def post_vote(client, entry, visitor_id, vote_type="up"):
    return client.post(f"/api/v1/projects/acme/roadmap/{entry.pk}/vote", {"vote_type": vote_type},
                       content_type="application/json", **visitor(visitor_id))  # fmt: skip


@pytest.mark.parametrize("status", RoadmapEntry.Status.values)
@pytest.mark.parametrize("vote_type", ["up", "down"])
def test_a_vote_is_taken_exactly_when_the_status_is_open(client, project, status, vote_type):
    entry = make(project, status)
    response = post_vote(client, entry, str(uuid.uuid4()), vote_type)
    entry.refresh_from_db()
    if status in VOTING_CLOSED_STATUSES:
        assert response.status_code == 400
        label = RoadmapEntry.Status(status).label.lower()
        assert response.json() == {"data": None, "error": f"Voting is closed: this item is {label}"}
        assert entry.vote_count == 0 and not RoadmapVote.objects.exists()
    else:
        assert response.status_code == 200
        assert response.json()["data"]["user_vote"] == vote_type
        assert entry.vote_count == (1 if vote_type == "up" else -1)


@pytest.mark.parametrize("status", sorted(VOTING_CLOSED_STATUSES))
def test_a_closed_item_keeps_its_votes_and_they_cannot_be_taken_back(project, status):
    entry = make(project, "planned")
    voter = uuid.uuid4()
    toggle_vote(entry_id=entry.pk, project_id=project.pk, visitor_id=voter, vote_type="up")
    RoadmapEntry.objects.filter(pk=entry.pk).update(feature_status=status)
    with pytest.raises(VotingClosed):
        toggle_vote(entry_id=entry.pk, project_id=project.pk, visitor_id=voter, vote_type="up")
    entry.refresh_from_db()
    assert entry.vote_count == 1 and RoadmapVote.objects.get().vote_type == "up"


def test_an_unknown_or_unpublished_closed_item_is_still_404(client, project):
    hidden = create_roadmap_entry(project=project, feature_name="Hidden", feature_status="completed")
    for entry_id in (hidden.pk, uuid.uuid4()):
        response = client.post(f"/api/v1/projects/acme/roadmap/{entry_id}/vote", {"vote_type": "up"},
                               content_type="application/json", **visitor(str(uuid.uuid4())))  # fmt: skip
        assert response.status_code == 404
        assert response.json()["error"] == "Entry not found"
