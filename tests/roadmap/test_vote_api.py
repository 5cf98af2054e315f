"""Public `POST /roadmap/:id/vote`: toggle semantics, net count, and every error of the seed."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import RoadmapVote
from tests.helpers import visitor

pytestmark = pytest.mark.django_db


def vote_url(entry_id, slug="acme"):
    return f"/api/v1/projects/{slug}/roadmap/{entry_id}/vote"


def vote(client, entry, visitor_id, vote_type="up", **kwargs):
    return client.post(
        vote_url(entry.id), {"vote_type": vote_type}, content_type="application/json", **visitor(visitor_id), **kwargs
    )


def stored_votes(entry):
    return dict(RoadmapVote.objects.filter(entry=entry).values_list("visitor_id", "vote_type"))


def test_first_upvote_counts_one_and_returns_up(client, entry, visitor_id):
    response = vote(client, entry, visitor_id, "up")
    assert response.status_code == 200
    assert response.json() == {"data": {"vote_count": 1, "user_vote": "up"}, "error": None}
    assert stored_votes(entry) == {uuid.UUID(visitor_id): "up"}
    entry.refresh_from_db()
    assert entry.vote_count == 1


def test_first_downvote_counts_minus_one(client, entry, visitor_id):
    response = vote(client, entry, visitor_id, "down")
    assert response.json()["data"] == {"vote_count": -1, "user_vote": "down"}
    entry.refresh_from_db()
    assert entry.vote_count == -1


def test_same_vote_again_removes_it_and_returns_null(client, entry, visitor_id):
    vote(client, entry, visitor_id, "up")
    response = vote(client, entry, visitor_id, "up")
    assert response.status_code == 200
    assert response.json()["data"] == {"vote_count": 0, "user_vote": None}
    assert stored_votes(entry) == {}
    entry.refresh_from_db()
    assert entry.vote_count == 0


def test_up_then_down_switches_the_vote(client, entry, visitor_id):
    vote(client, entry, visitor_id, "up")
    response = vote(client, entry, visitor_id, "down")
    assert response.json()["data"] == {"vote_count": -1, "user_vote": "down"}
    assert stored_votes(entry) == {uuid.UUID(visitor_id): "down"}


def test_down_then_up_switches_back(client, entry, visitor_id):
    vote(client, entry, visitor_id, "down")
    response = vote(client, entry, visitor_id, "up")
    assert response.json()["data"] == {"vote_count": 1, "user_vote": "up"}


def test_count_is_ups_minus_downs_across_visitors(client, entry):
    for vote_type in ["up", "up", "up", "down"]:
        vote(client, entry, uuid.uuid4(), vote_type)
    response = vote(client, entry, uuid.uuid4(), "up")
    assert response.json()["data"]["vote_count"] == 3
    entry.refresh_from_db()
    assert entry.vote_count == 3
    assert RoadmapVote.objects.filter(entry=entry).count() == 5


def test_vote_shows_in_the_list_count(client, entry, visitor_id):
    vote(client, entry, visitor_id, "up")
    assert client.get("/api/v1/projects/acme/roadmap").json()["data"][0]["vote_count"] == 1


def test_vote_works_with_trailing_slash(client, entry, visitor_id):
    response = client.post(
        vote_url(entry.id) + "/", {"vote_type": "up"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 200


def test_vote_accepts_a_non_v4_uuid_visitor(client, entry):
    response = vote(client, entry, uuid.uuid5(uuid.NAMESPACE_URL, "customer-user-42"))
    assert response.status_code == 200


# Errors of the seed's table, each on its own.


def test_invalid_json_body_is_400(client, entry, visitor_id):
    response = client.post(vote_url(entry.id), "{not json", content_type="application/json", **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Invalid JSON body"}
    assert stored_votes(entry) == {}


@pytest.mark.parametrize("body", [{"vote_type": "sideways"}, {"vote_type": None}, {"vote_type": 1}, {}, [], '"up"'])
def test_invalid_or_missing_vote_type_is_400(client, entry, visitor_id, body):
    response = client.post(vote_url(entry.id), body, content_type="application/json", **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": 'vote_type must be "up" or "down"'}
    assert stored_votes(entry) == {}


def test_empty_body_is_400_vote_type(client, entry, visitor_id):
    response = client.post(vote_url(entry.id), "", content_type="application/json", **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json()["error"] == 'vote_type must be "up" or "down"'


def test_malformed_visitor_id_is_400(client, entry):
    response = vote(client, entry, "not-a-uuid")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}
    assert stored_votes(entry) == {}


def test_missing_visitor_id_is_401(client, entry):
    response = client.post(vote_url(entry.id), {"vote_type": "up"}, content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "x-pulse-user-id header required"}
    assert stored_votes(entry) == {}


def test_unknown_project_is_404(client, entry, visitor_id):
    response = client.post(
        vote_url(entry.id, slug="nope"), {"vote_type": "up"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}


def test_unknown_entry_is_404(client, project, visitor_id):
    response = client.post(
        vote_url(uuid.uuid4()), {"vote_type": "up"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


def test_malformed_entry_id_is_404_not_500(client, project, visitor_id):
    response = client.post(
        vote_url("not-a-uuid"), {"vote_type": "up"}, content_type="application/json", **visitor(visitor_id)
    )
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Entry not found"}


def test_draft_entry_is_404(client, project, make_entry, visitor_id):
    draft = make_entry(project, published_at=None)
    assert vote(client, draft, visitor_id).status_code == 404
    assert stored_votes(draft) == {}


def test_scheduled_entry_is_404(client, project, make_entry, visitor_id):
    scheduled = make_entry(project, published_at=timezone.now() + timedelta(days=1))
    assert vote(client, scheduled, visitor_id).status_code == 404
    assert stored_votes(scheduled) == {}


def test_other_projects_entry_is_404(client, project, other_project, make_entry, visitor_id):
    theirs = make_entry(other_project)
    response = vote(client, theirs, visitor_id)
    assert response.status_code == 404
    assert response.json()["error"] == "Entry not found"
    assert stored_votes(theirs) == {}


def test_vote_over_the_rate_limit_is_429(client, entry, visitor_id, settings):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "general": (2, 60)}
    statuses = [vote(client, entry, visitor_id).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert stored_votes(entry) == {}  # up, then up again removed it; the third never ran


def test_vote_runs_a_fixed_number_of_queries(client, entry, visitor_id, django_assert_max_num_queries):
    vote(client, entry, uuid.uuid4())  # the project is cached from here on
    with django_assert_max_num_queries(8):
        assert vote(client, entry, visitor_id).status_code == 200
