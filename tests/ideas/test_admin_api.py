"""The idea board's Admin API: /api/v1/admin/ideas, /admin/idea-comments, /admin/feedback/:id/publish."""

import json
import uuid

import pytest

from feedback import services
from feedback.models import Feedback, IdeaComment, IdeaVote
from roadmap.models import RoadmapEntry
from tests.helpers import bearer

IDEAS = "/api/v1/admin/ideas"
COMMENTS = "/api/v1/admin/idea-comments"


@pytest.fixture
def key(project, make_key):
    return make_key(project, "feedback:write")


def send(client, method, url, key, body=None):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **bearer(key))


def vote(idea, visitor_id):
    return services.toggle_idea_vote(project_id=idea.project_id, idea_id=idea.pk, visitor_id=visitor_id)


def test_the_team_lists_held_and_published_ideas_with_filters(api_client, project, make_idea, key):
    make_idea("Published")
    project.board_moderation = "hold"
    project.save()
    make_idea("Held")
    all_ideas = api_client.get(IDEAS, **bearer(key)).json()["data"]
    assert all_ideas["count"] == 2
    held = api_client.get(IDEAS, {"moderation": "pending"}, **bearer(key)).json()["data"]
    assert [row["title"] for row in held["results"]] == ["Held"]


def test_approve_hide_and_spam_change_what_the_board_shows(api_client, idea, key):
    for moderation, on_board in (("hidden", False), ("published", True), ("spam", False)):
        response = send(api_client, "patch", f"{IDEAS}/{idea.pk}", key, {"moderation": moderation})
        assert response.status_code == 200 and response.json()["data"]["moderation"] == moderation
        listed = api_client.get("/api/v1/projects/acme/ideas", {"sort": "new"}).json()["data"]["results"]
        assert bool(listed) is on_board


def test_status_and_lock_in_one_update(api_client, idea, key):
    response = send(api_client, "patch", f"{IDEAS}/{idea.pk}", key, {"status": "planned", "comments_locked": True})
    data = response.json()["data"]
    assert data["status"] == "planned" and data["comments_locked"] is True
    assert Feedback.objects.get(pk=idea.pk).status == "planned"


def test_a_promoted_ideas_status_cannot_be_set_and_nothing_else_changes(api_client, idea, key):
    services.promote_to_roadmap(idea=idea)
    response = send(api_client, "patch", f"{IDEAS}/{idea.pk}", key, {"status": "declined", "comments_locked": True})
    assert response.status_code == 400
    assert "roadmap entry" in response.json()["error"]
    assert Feedback.objects.get(pk=idea.pk).comments_locked is False


def test_merge_moves_votes_and_comments_and_answers_the_target(api_client, make_idea, key):
    a, b = make_idea("A"), make_idea("B")
    both = uuid.uuid4()
    vote(a, both)
    vote(b, both)
    vote(b, uuid.uuid4())
    services.add_visitor_comment(idea=b, visitor_id=uuid.uuid4(), body="dup")
    response = send(api_client, "post", f"{IDEAS}/{b.pk}/merge", key, {"into": str(a.pk)})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["id"] == str(a.pk) and data["vote_count"] == 2 and data["comment_count"] == 1
    assert IdeaVote.objects.filter(idea=a).count() == 2
    assert Feedback.objects.get(pk=b.pk).merged_into_id == a.pk


def test_promote_creates_a_linked_roadmap_entry(api_client, idea, key):
    response = send(api_client, "post", f"{IDEAS}/{idea.pk}/promote", key, {"milestone_name": "Q3"})
    assert response.status_code == 201
    entry = RoadmapEntry.objects.get()
    assert response.json()["data"]["roadmap_entry_id"] == str(entry.pk)
    assert entry.feature_name == "Dark mode" and entry.milestone_name == "Q3" and entry.idea.pk == idea.pk
    again = send(api_client, "post", f"{IDEAS}/{idea.pk}/promote", key, {})
    assert again.status_code == 400 and RoadmapEntry.objects.count() == 1


def test_a_team_comment_is_marked_as_the_teams(api_client, idea, key):
    response = send(api_client, "post", f"{IDEAS}/{idea.pk}/comments", key, {"body": "On it"})
    assert response.status_code == 201
    [thread] = api_client.get(f"/api/v1/projects/acme/ideas/{idea.pk}/comments").json()["data"]
    assert thread["is_team"] is True


def test_comment_moderation_and_deletion_keep_the_comment_count(api_client, idea, key):
    comment = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="spam spam")
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="reply", parent_id=comment.pk)
    assert Feedback.objects.get(pk=idea.pk).comment_count == 2
    hidden = send(api_client, "patch", f"{COMMENTS}/{comment.pk}", key, {"moderation": "spam"})
    assert hidden.status_code == 200 and Feedback.objects.get(pk=idea.pk).comment_count == 1
    assert send(api_client, "delete", f"{COMMENTS}/{comment.pk}", key).status_code == 204
    assert not IdeaComment.objects.exists() and Feedback.objects.get(pk=idea.pk).comment_count == 0


def test_delete_takes_the_idea_with_its_votes_and_comments(api_client, idea, key):
    vote(idea, uuid.uuid4())
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="x")
    assert send(api_client, "delete", f"{IDEAS}/{idea.pk}", key).status_code == 204
    assert not Feedback.objects.exists() and not IdeaVote.objects.exists() and not IdeaComment.objects.exists()


def test_publishing_private_feedback_puts_it_on_the_board_anonymously(api_client, project, key):
    private = services.submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Slow export")
    response = send(api_client, "post", f"/api/v1/admin/feedback/{private.pk}/publish", key, {})
    assert response.status_code == 200
    [row] = api_client.get("/api/v1/projects/acme/ideas").json()["data"]["results"]
    assert row["id"] == str(private.pk) and row["author_name"] is None


def test_another_projects_ideas_and_comments_are_404s(api_client, other_project, make_idea, key):
    theirs = make_idea("Theirs", project=other_project)
    comment = services.add_visitor_comment(idea=theirs, visitor_id=uuid.uuid4(), body="x")
    mine = make_idea("Mine")
    assert api_client.get(f"{IDEAS}/{theirs.pk}", **bearer(key)).status_code == 404
    assert send(api_client, "patch", f"{IDEAS}/{theirs.pk}", key, {"moderation": "spam"}).status_code == 404
    assert send(api_client, "delete", f"{IDEAS}/{theirs.pk}", key).status_code == 404
    assert send(api_client, "patch", f"{COMMENTS}/{comment.pk}", key, {"moderation": "spam"}).status_code == 404
    merge = send(api_client, "post", f"{IDEAS}/{mine.pk}/merge", key, {"into": str(theirs.pk)})
    assert merge.status_code == 400 and Feedback.objects.get(pk=mine.pk).merged_into_id is None
    assert Feedback.objects.get(pk=theirs.pk).moderation == "published"


def test_a_key_without_the_feedback_scope_is_refused(api_client, idea, project, make_key):
    key = make_key(project, "roadmap:write")
    assert api_client.get(IDEAS, **bearer(key)).status_code == 403


BAD_INPUT = [
    ("patch", "/{id}", {"status": "new"}, "status"),
    ("patch", "/{id}", {"moderation": "gone"}, "moderation"),
    ("patch", "/{id}", {"comments_locked": "yes"}, "comments_locked"),
    ("post", "/{id}/merge", {}, "into"),
    ("post", "/{id}/merge", {"into": "nope"}, "into"),
    ("post", "/{id}/merge", {"into": "{id}"}, "into"),
    ("post", "/{id}/merge", {"into": str(uuid.uuid4())}, "into"),
    ("post", "/{id}/promote", {"feature_status": "shipped"}, "feature_status"),
    ("post", "/{id}/promote", {"milestone_number": -1}, "milestone_number"),
    ("post", "/{id}/promote", {"feature_name": "f" * 201}, "feature_name"),
    ("post", "/{id}/comments", {}, "body"),
    ("post", "/{id}/comments", {"body": "x", "parent_id": str(uuid.uuid4())}, "parent_id"),
    ("get", "", {"moderation": "x"}, "moderation"),
    ("get", "", {"limit": "0"}, "limit"),
]


@pytest.mark.parametrize(("method", "path", "body", "fragment"), BAD_INPUT)
def test_bad_input_is_a_400_in_the_envelope_and_writes_nothing(api_client, idea, key, method, path, body, fragment):
    url = IDEAS + path.replace("{id}", str(idea.pk))
    body = {
        name: value.replace("{id}", str(idea.pk)) if isinstance(value, str) else value for name, value in body.items()
    }
    before = list(Feedback.objects.values()), IdeaComment.objects.count(), RoadmapEntry.objects.count()
    if method == "get":
        response = api_client.get(url, body, **bearer(key))
    else:
        response = send(api_client, method, url, key, body)
    assert response.status_code == 400, response.content
    assert response.json()["data"] is None and fragment in response.json()["error"]
    assert (list(Feedback.objects.values()), IdeaComment.objects.count(), RoadmapEntry.objects.count()) == before


def test_bad_comment_moderation_is_a_400(api_client, idea, key):
    comment = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="x")
    response = send(api_client, "patch", f"{COMMENTS}/{comment.pk}", key, {"moderation": "gone"})
    assert response.status_code == 400 and "moderation" in response.json()["error"]
    assert IdeaComment.objects.get().moderation == "published"
