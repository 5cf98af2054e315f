"""`GET /roadmap` with `x-pulse-user-id`: each entry says how that visitor voted (issue 17).

Without the header the body is the seed's, byte for byte; with it, the cached list plus one
query of the visitor's votes, however many entries and voters there are.
"""

import uuid

import pytest
from django.utils import timezone

from roadmap.models import RoadmapEntry
from roadmap.services import toggle_vote

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/roadmap"


def vote(entry, visitor_id, vote_type):
    toggle_vote(entry_id=entry.pk, project_id=entry.project_id, visitor_id=visitor_id, vote_type=vote_type)


def user_votes(response):
    return {row["feature_name"]: row["user_vote"] for row in response.json()["data"]}


def test_each_entry_carries_the_visitors_own_vote(client, project, make_entry):
    liked, disliked, untouched = (make_entry(project, name) for name in ["Liked", "Disliked", "Untouched"])
    visitor_id, other_visitor = uuid.uuid4(), uuid.uuid4()
    vote(liked, visitor_id, "up")
    vote(disliked, visitor_id, "down")
    vote(untouched, other_visitor, "up")
    response = client.get(URL, HTTP_X_PULSE_USER_ID=str(visitor_id))
    assert response.status_code == 200
    assert user_votes(response) == {"Liked": "up", "Disliked": "down", "Untouched": None}
    assert user_votes(client.get(URL, HTTP_X_PULSE_USER_ID=str(other_visitor))) == {
        "Liked": None,
        "Disliked": None,
        "Untouched": "up",
    }


def test_a_second_device_with_the_same_id_sees_the_vote_and_a_removed_vote_is_null(client, entry):
    visitor_id = uuid.uuid4()
    vote(entry, visitor_id, "up")
    assert user_votes(client.get(URL, HTTP_X_PULSE_USER_ID=str(visitor_id))) == {"Dark mode": "up"}
    vote(entry, visitor_id, "up")  # the toggle removes it
    assert user_votes(client.get(URL, HTTP_X_PULSE_USER_ID=str(visitor_id))) == {"Dark mode": None}


def test_the_visitors_entries_keep_every_seed_field_beside_user_vote(client, entry):
    anonymous = client.get(URL).json()["data"]
    visitor = client.get(URL, HTTP_X_PULSE_USER_ID=str(uuid.uuid4())).json()["data"]
    assert visitor == [{**row, "user_vote": None} for row in anonymous]


def test_without_the_header_the_body_is_the_seeds_byte_for_byte(client, entry):
    vote(entry, uuid.uuid4(), "up")
    response = client.get(URL)
    assert "user_vote" not in response.json()["data"][0]
    assert response.content == client.get(URL, HTTP_X_PULSE_USER_ID="").content  # a blank header is none
    assert response["ETag"]


def test_the_visitors_list_is_private_and_varies_on_the_header(client, entry):
    response = client.get(URL, HTTP_X_PULSE_USER_ID=str(uuid.uuid4()))
    assert "ETag" not in response
    assert "x-pulse-user-id" in response["Vary"]


@pytest.mark.parametrize("header", ["not-a-uuid", "1234567812345678123456781234567", "{" + str(uuid.UUID(int=1)) + "}"])
def test_a_malformed_visitor_header_is_a_400(client, entry, header):
    response = client.get(URL, HTTP_X_PULSE_USER_ID=header)
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_the_visitors_vote_on_another_projects_entry_is_not_listed(client, project, other_project, make_entry):
    mine, theirs = make_entry(project, "Mine"), make_entry(other_project, "Theirs")
    visitor_id = uuid.uuid4()
    vote(theirs, visitor_id, "up")
    assert user_votes(client.get(URL, HTTP_X_PULSE_USER_ID=str(visitor_id))) == {"Mine": None}
    assert mine.project_id != theirs.project_id


@pytest.mark.parametrize("rows", [1, 50, 300])
def test_a_visitors_list_is_the_cached_list_plus_one_query_whatever_its_length(
    client, project, rows, django_assert_num_queries
):
    entries = RoadmapEntry.objects.bulk_create(
        RoadmapEntry(project=project, feature_name=f"f{n}", published_at=timezone.now()) for n in range(rows)
    )
    visitor_id = uuid.uuid4()
    for entry in entries[:3]:
        vote(entry, visitor_id, "up")
    for _ in range(20):
        vote(entries[0], uuid.uuid4(), "down")
    client.get(URL)  # warms the project lookup and the cached list
    with django_assert_num_queries(1):  # the visitor's votes
        response = client.get(URL, HTTP_X_PULSE_USER_ID=str(visitor_id))
    assert sum(row["user_vote"] == "up" for row in response.json()["data"]) == min(rows, 3)


def test_an_empty_roadmap_needs_no_vote_query(client, project, django_assert_num_queries):
    client.get(URL)
    with django_assert_num_queries(0):
        response = client.get(URL, HTTP_X_PULSE_USER_ID=str(uuid.uuid4()))
    assert response.json() == {"data": [], "error": None}
