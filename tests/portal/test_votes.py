"""Voting from the portal: a cookie visitor, the API's one vote path, forms without JavaScript."""

import uuid

import pytest
from django.test import Client

from roadmap.models import RoadmapEntry, RoadmapVote
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
ROADMAP = "/portal/acme/roadmap/"


def vote(client, entry, vote_type, **extra):
    return client.post(f"{ROADMAP}{entry.pk}/vote/", {"vote_type": vote_type}, **extra)


def test_a_first_vote_gives_the_visitor_a_uuid_cookie_with_safe_flags(client, make_feature, settings):
    settings.DEBUG = False
    entry = make_feature()
    response = vote(client, entry, "up")
    assert response.status_code == 303 and response["Location"] == f"{ROADMAP}#entry-{entry.pk}"
    cookie = response.cookies["pulse_visitor"]
    visitor_id = uuid.UUID(cookie.value)
    assert cookie["samesite"] == "Lax" and cookie["httponly"] and cookie["secure"]
    assert cookie["max-age"] == 365 * 86400
    assert list(RoadmapVote.objects.values_list("visitor_id", "vote_type")) == [(visitor_id, "up")]


def test_the_cookie_is_not_secure_in_debug_and_is_set_once(client, make_feature, settings):
    settings.DEBUG = True
    entry = make_feature()
    first = vote(client, entry, "up")
    assert first.cookies["pulse_visitor"]["secure"] == ""
    second = vote(client, entry, "up")
    assert "pulse_visitor" not in second.cookies


def test_a_portal_vote_is_the_api_vote_of_the_same_visitor(client, api_client, make_feature, visitor_id):
    entry = make_feature()
    client.cookies["pulse_visitor"] = visitor_id
    assert vote(client, entry, "up").status_code == 303
    # The same visitor voting up again through the API removes the one vote (the toggle).
    response = api_client.post(
        f"/api/v1/projects/acme/roadmap/{entry.pk}/vote", {"vote_type": "up"}, format="json", **visitor(visitor_id)
    )
    assert response.json()["data"] == {"vote_count": 0, "user_vote": None}
    assert RoadmapVote.objects.count() == 0
    # And the other way round: one row, the portal sees it.
    api_client.post(
        f"/api/v1/projects/acme/roadmap/{entry.pk}/vote", {"vote_type": "down"}, format="json", **visitor(visitor_id)
    )
    assert vote(client, entry, "up").status_code == 303
    assert list(RoadmapVote.objects.values_list("visitor_id", "vote_type")) == [(uuid.UUID(visitor_id), "up")]
    assert RoadmapEntry.objects.get(pk=entry.pk).vote_count == 1


def test_the_roadmap_page_shows_the_visitors_own_votes_and_counts(client, make_feature, visitor_id):
    voted, other = make_feature(feature_name="Voted"), make_feature(feature_name="Other")
    client.cookies["pulse_visitor"] = visitor_id
    vote(client, voted, "down")
    html = client.get(ROADMAP).content.decode()
    assert f'data-vote="{voted.pk}:down" aria-pressed="true"' in html
    assert f'data-vote="{voted.pk}:up" aria-pressed="false"' in html
    assert f'data-vote="{other.pk}:down" aria-pressed="false"' in html
    assert f'data-count="{voted.pk}" aria-label="Votes">-1<' in html
    # Another visitor sees the count, not the vote.
    stranger = Client()
    assert f'data-vote="{voted.pk}:down" aria-pressed="true"' not in stranger.get(ROADMAP).content.decode()


def test_votes_need_the_csrf_token_and_the_page_carries_it(make_feature):
    entry = make_feature()
    client = Client(enforce_csrf_checks=True)
    assert vote(client, entry, "up").status_code == 403
    html = client.get(ROADMAP).content.decode()
    assert "__PULSE_PORTAL_CSRF__" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(f"{ROADMAP}{entry.pk}/vote/", {"vote_type": "up", "csrfmiddlewaretoken": token})
    assert response.status_code == 303
    assert RoadmapVote.objects.count() == 1


def test_the_script_gets_json_back(client, make_feature):
    entry = make_feature()
    response = vote(client, entry, "up", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json() == {"vote_count": 1, "user_vote": "up"}


@pytest.mark.parametrize("vote_type", ["", "sideways", "UP"])
def test_a_vote_other_than_up_or_down_is_a_400_and_writes_nothing(client, make_feature, vote_type):
    entry = make_feature()
    assert vote(client, entry, vote_type).status_code == 400
    assert RoadmapVote.objects.count() == 0


def test_votes_on_drafts_other_projects_or_unknown_entries_are_404(client, make_feature, other_project):
    draft = make_feature(published_at=None)
    theirs = make_feature(entry_project=other_project)
    for entry in (draft, theirs, RoadmapEntry(pk=uuid.uuid4())):
        assert vote(client, entry, "up").status_code == 404
    assert RoadmapVote.objects.count() == 0


def test_a_get_on_the_vote_address_is_a_405(client, make_feature):
    entry = make_feature()
    assert client.get(f"{ROADMAP}{entry.pk}/vote/").status_code == 405


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_a_vote_on_a_closed_entry_is_a_400_in_the_visitors_language_and_writes_nothing(client, make_feature, status):
    entry = make_feature(feature_status="in_progress")
    RoadmapEntry.objects.filter(pk=entry.pk).update(feature_status=status)
    response = vote(client, entry, "up", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.content.decode() == "Les votes sont clos pour cet élément."
    assert RoadmapVote.objects.count() == 0


def test_a_completed_entry_shows_its_votes_without_a_vote_form(client, make_feature, visitor_id):
    from roadmap.services import toggle_vote

    shipped = make_feature(feature_name="Shipped thing", feature_status="in_progress")
    toggle_vote(entry_id=shipped.pk, project_id=shipped.project_id, visitor_id=visitor_id, vote_type="up")
    RoadmapEntry.objects.filter(pk=shipped.pk).update(feature_status="completed")
    RoadmapEntry.objects.get(pk=shipped.pk).save()  # through the signals: the cached roadmap is dropped
    open_entry = make_feature(feature_name="Open thing", feature_status="planned")
    html = client.get(ROADMAP).content.decode()
    assert f'action="{ROADMAP}{open_entry.pk}/vote/"' in html
    assert f'action="{ROADMAP}{shipped.pk}/vote/"' not in html
    assert 'aria-label="Votes">1</span>' in html and "Voting closed" in html
