"""The idea board's public API: /api/v1/projects/:slug/ideas[...] and idea-comments."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import services
from feedback.models import Feedback, IdeaComment, IdeaVote
from tests.helpers import visitor

BASE = "/api/v1/projects/acme/ideas"


def vote(client, idea, visitor_id):
    return client.post(f"{BASE}/{idea.pk}/vote", **visitor(visitor_id))


def test_the_board_lists_ideas_in_the_envelope_without_the_authors_identity(api_client, idea):
    response = api_client.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["error"] is None
    [row] = body["data"]["results"]
    assert row["id"] == str(idea.pk) and row["author_name"] == "Ada" and row["status"] == "open"
    assert body["data"]["has_more"] is False
    assert not {"user_id", "email", "page_url", "browser_info", "priority"} & set(row)


def test_a_visitor_posts_an_idea_then_upvotes_and_unvotes_it(api_client, project, visitor_id):
    response = api_client.post(BASE, {"title": "Offline mode"}, format="json", **visitor(visitor_id))
    assert response.status_code == 201
    idea = Feedback.objects.get(pk=response.json()["data"]["id"])
    assert idea.visibility == "public" and str(idea.user_id) == visitor_id
    assert vote(api_client, idea, visitor_id).json()["data"] == {"id": str(idea.pk), "vote_count": 1, "voted": True}
    assert api_client.get(BASE, **visitor(visitor_id)).json()["data"]["results"][0]["voted"] is True
    assert vote(api_client, idea, visitor_id).json()["data"] == {"id": str(idea.pk), "vote_count": 0, "voted": False}


def test_a_filled_honeypot_is_answered_201_and_stores_nothing(api_client, idea, visitor_id):
    response = api_client.post(BASE, {"title": "Cheap pills", "website": "http://spam"}, format="json")
    assert response.status_code == 201 and response.json()["data"]["title"] == "Cheap pills"
    assert list(Feedback.objects.all()) == [idea]
    comment = {"body": "Buy now", "website": "http://spam"}
    response = api_client.post(f"{BASE}/{idea.pk}/comments", comment, format="json", **visitor(visitor_id))
    assert response.status_code == 201 and response.json()["data"]["created_at"]
    assert not IdeaComment.objects.exists()


def test_an_empty_search_or_title_finds_what_no_search_finds(api_client, idea):
    assert [row["id"] for row in api_client.get(BASE, {"q": ""}).json()["data"]["results"]] == [str(idea.pk)]
    assert api_client.get(f"{BASE}/similar", {"title": ""}).json()["data"] == []


def test_posting_ideas_counts_in_the_feedback_rate_limit(api_client, project, settings, visitor_id):
    settings.PULSE_RATE_LIMITS = {**settings.PULSE_RATE_LIMITS, "feedback": (2, 60)}
    statuses = [
        api_client.post(BASE, {"title": f"T{i}"}, format="json", **visitor(visitor_id)).status_code for i in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert Feedback.objects.count() == 2


def test_a_held_idea_is_invisible_publicly(api_client, project, visitor_id):
    project.board_moderation = "hold"
    project.save()
    response = api_client.post(BASE, {"title": "Held"}, format="json", **visitor(visitor_id))
    idea_id = response.json()["data"]["id"]
    assert response.json()["data"]["awaiting_approval"] is True
    assert api_client.get(BASE).json()["data"]["results"] == []
    assert api_client.get(f"{BASE}/{idea_id}").status_code == 404
    assert api_client.post(f"{BASE}/{idea_id}/vote", **visitor(visitor_id)).status_code == 404


def test_a_published_idea_is_not_awaiting_approval(api_client, project, visitor_id):
    response = api_client.post(BASE, {"title": "At once"}, format="json", **visitor(visitor_id))
    assert response.json()["data"]["awaiting_approval"] is False
    assert api_client.get(BASE).json()["data"]["results"][0]["awaiting_approval"] is False


def test_another_projects_idea_is_a_404(api_client, other_project, make_idea, visitor_id):
    theirs = make_idea("Theirs", project=other_project)
    for response in (
        api_client.get(f"{BASE}/{theirs.pk}"),
        api_client.post(f"{BASE}/{theirs.pk}/vote", **visitor(visitor_id)),
        api_client.get(f"{BASE}/{theirs.pk}/comments"),
        api_client.post(f"{BASE}/{theirs.pk}/comments", {"body": "hi"}, format="json", **visitor(visitor_id)),
    ):
        assert response.status_code == 404
        assert response.json() == {"data": None, "error": "Idea not found"}


def test_a_private_feedback_item_is_not_on_the_board(api_client, project, visitor_id):
    private = services.submit_feedback(project=project, visitor_id=uuid.UUID(visitor_id), title="Private")
    assert api_client.get(BASE).json()["data"]["results"] == []
    assert api_client.get(f"{BASE}/{private.pk}").status_code == 404


def test_the_seed_feedback_list_keeps_its_fields(api_client, project, visitor_id):
    services.submit_idea(project=project, visitor_id=uuid.UUID(visitor_id), title="Idea")
    [row] = api_client.get("/api/v1/projects/acme/feedback", **visitor(visitor_id)).json()["data"]
    assert set(row) == {"id", "title", "category", "status", "priority", "created_at"}


def test_comments_are_threaded_and_sanitised(api_client, idea, visitor_id):
    top = api_client.post(
        f"{BASE}/{idea.pk}/comments",
        {"body": "<img src=x onerror=alert(1)>**Yes**"},
        format="json",
        **visitor(visitor_id),
    )
    assert top.status_code == 201
    assert "onerror" not in top.json()["data"]["body_html"]
    reply = api_client.post(
        f"{BASE}/{idea.pk}/comments",
        {"body": "Agreed", "parent_id": top.json()["data"]["id"], "display_name": "Bo"},
        format="json",
        **visitor(uuid.uuid4()),
    )
    assert reply.status_code == 201
    [thread] = api_client.get(f"{BASE}/{idea.pk}/comments").json()["data"]
    assert thread["author_name"] is None and thread["is_team"] is False
    assert [r["author_name"] for r in thread["replies"]] == ["Bo"]
    detail = api_client.get(f"{BASE}/{idea.pk}").json()["data"]
    assert detail["comment_count"] == 2 and len(detail["comments"]) == 1


def test_locked_comments_are_refused_with_a_400(api_client, idea, visitor_id):
    services.lock_comments(idea=idea, locked=True)
    response = api_client.post(f"{BASE}/{idea.pk}/comments", {"body": "hi"}, format="json", **visitor(visitor_id))
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "Comments are locked on this idea"}
    assert not IdeaComment.objects.exists()


def test_another_visitor_cannot_edit_a_comment(api_client, idea, visitor_id):
    comment = services.add_visitor_comment(idea=idea, visitor_id=uuid.UUID(visitor_id), body="Mine")
    url = f"/api/v1/projects/acme/idea-comments/{comment.pk}"
    refused = api_client.patch(url, {"body": "Yours"}, format="json", **visitor(uuid.uuid4()))
    assert refused.status_code == 403
    assert IdeaComment.objects.get().body == "Mine"
    edited = api_client.patch(url, {"body": "*Mine*"}, format="json", **visitor(visitor_id))
    assert edited.status_code == 200 and edited.json()["data"]["body_html"] == "<p><em>Mine</em></p>"


def test_a_merged_duplicate_answers_with_the_idea_it_was_merged_into(api_client, make_idea):
    a, b = make_idea("A"), make_idea("B")
    services.merge_ideas(source=b, target=a)
    data = api_client.get(f"{BASE}/{b.pk}").json()["data"]
    assert data["id"] == str(a.pk) and data["merged_from"] == str(b.pk)


def test_ideas_i_voted_on(api_client, make_idea, visitor_id):
    make_idea("A")
    b = make_idea("B")
    vote(api_client, b, visitor_id)
    response = api_client.get(f"{BASE}/voted", **visitor(visitor_id))
    assert [row["id"] for row in response.json()["data"]["results"]] == [str(b.pk)]
    assert api_client.get(f"{BASE}/voted").status_code == 401


def test_similar_ideas_are_suggested_while_typing(api_client, make_idea):
    dark = make_idea("Dark mode for the editor")
    make_idea("CSV export")
    data = api_client.get(f"{BASE}/similar", {"title": "dark mode"}).json()["data"]
    assert [row["id"] for row in data] == [str(dark.pk)]


@pytest.mark.parametrize("typed", ["dark mod", "Dark mode", "mode for the edit", "dark  MODE editor"])
def test_a_half_typed_title_finds_the_whole_one(api_client, make_idea, typed):
    dark = make_idea("Dark mode for the editor")
    make_idea("CSV export")
    make_idea("Single sign-on with SAML")
    data = api_client.get(f"{BASE}/similar", {"title": typed}).json()["data"]
    assert [row["id"] for row in data] == [str(dark.pk)]


@pytest.mark.parametrize("typed", ["export", "sso", "billing page"])
def test_typing_suggests_nothing_unrelated(api_client, make_idea, typed):
    make_idea("Dark mode for the editor")
    assert all(
        row["title"] != "Dark mode for the editor"
        for row in api_client.get(f"{BASE}/similar", {"title": typed}).json()["data"]
    )


def test_sort_top_new_and_filters(api_client, make_idea):
    first, second = make_idea("First", category="bug"), make_idea("Second")
    vote(api_client, first, uuid.uuid4())
    ids = lambda **q: [row["id"] for row in api_client.get(BASE, q).json()["data"]["results"]]  # noqa: E731
    assert ids(sort="top") == [str(first.pk), str(second.pk)]
    assert ids(sort="new") == [str(second.pk), str(first.pk)]
    assert ids(category="bug") == [str(first.pk)]
    assert ids(status="planned") == []
    assert ids(q="second") == [str(second.pk)]
    assert ids(limit="1") == [str(first.pk)] or ids(limit="1") == [str(second.pk)]


def test_pages_follow_each_other_with_has_more(api_client, make_idea):
    for i in range(3):
        make_idea(f"Idea {i}")
    first = api_client.get(BASE, {"sort": "new", "limit": "2"}).json()["data"]
    second = api_client.get(BASE, {"sort": "new", "limit": "2", "offset": "2"}).json()["data"]
    assert first["has_more"] is True and second["has_more"] is False
    assert [r["title"] for r in first["results"] + second["results"]] == ["Idea 2", "Idea 1", "Idea 0"]


@pytest.mark.parametrize("ideas", [1, 8])
def test_the_board_list_takes_the_same_queries_whatever_the_ideas_votes_and_comments(
    api_client, make_idea, visitor_id, ideas
):
    for i in range(ideas):
        idea = make_idea(f"Idea {i}")
        for _ in range(i):
            vote(api_client, idea, uuid.uuid4())
            services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="+1")
    api_client.get(BASE)  # warm the project lookup and the cached first page
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(BASE, {"sort": "trending"}, **visitor(visitor_id)).status_code == 200
    assert len(queries) == 2  # the page, the visitor's votes on it
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(BASE, **visitor(visitor_id)).status_code == 200
    assert len(queries) == 1  # the cached first page: the visitor's votes only


def test_the_cached_first_page_follows_votes_and_answers_304(api_client, idea, visitor_id):
    first = api_client.get(BASE)
    assert first.json()["data"]["results"][0]["vote_count"] == 0
    assert api_client.get(BASE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    vote(api_client, idea, visitor_id)
    again = api_client.get(BASE, **visitor(visitor_id)).json()["data"]["results"][0]
    assert again["vote_count"] == 1 and again["voted"] is True
    assert api_client.get(BASE).json()["data"]["results"][0]["voted"] is False


@pytest.mark.parametrize("comments", [1, 6])
def test_an_idea_page_takes_the_same_queries_whatever_its_comments(api_client, idea, visitor_id, comments):
    for i in range(comments):
        top = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body=f"c{i}")
        services.add_team_comment(idea=idea, body="r", sender_id="1", parent_id=top.pk)
    api_client.get(BASE)
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(f"{BASE}/{idea.pk}", **visitor(visitor_id)).status_code == 200
    assert len(queries) == 3  # the idea, its comments, the visitor's vote


LONG = "x" * 201
BAD_INPUT = [
    # (method, path, body or query, headers, message fragment)
    ("post", "", {}, False, "title"),
    ("post", "", {"title": ""}, False, "title"),
    ("post", "", {"title": LONG}, False, "title"),
    ("post", "", {"title": 5}, False, "title"),
    ("post", "", {"title": "a\x00b"}, False, "title"),
    ("post", "", {"title": "ok", "category": "nope"}, False, "category"),
    ("post", "", {"title": "ok", "email": "not-an-email"}, False, "email"),
    ("post", "", {"title": "ok", "display_name": "n" * 61}, False, "display_name"),
    ("post", "", ["a list"], False, ""),
    ("get", "", {"sort": "best"}, False, "sort"),
    ("get", "", {"status": "new"}, False, "status"),
    ("get", "", {"category": "x"}, False, "category"),
    ("get", "", {"limit": "0"}, False, "limit"),
    ("get", "", {"limit": "51"}, False, "limit"),
    ("get", "", {"offset": "-1"}, False, "offset"),
    ("get", "", {"q": "q" * 201}, False, "q"),
    ("get", "/similar", {}, False, "title"),
    ("get", "/similar", {"title": "t" * 201}, False, "title"),
    ("post", "/{id}/comments", {}, True, "body"),
    ("post", "/{id}/comments", {"body": "b" * 5001}, True, "body"),
    ("post", "/{id}/comments", {"body": "ok", "parent_id": "nope"}, True, "parent_id"),
    ("post", "/{id}/comments", {"body": "ok", "parent_id": str(uuid.uuid4())}, True, "parent_id"),
    ("post", "/{id}/comments", {"body": True}, True, "body"),
]


@pytest.mark.parametrize(("method", "path", "payload", "as_visitor", "fragment"), BAD_INPUT)
def test_bad_input_is_a_400_in_the_envelope_and_writes_nothing(
    api_client, idea, visitor_id, method, path, payload, as_visitor, fragment
):
    url = BASE + path.replace("{id}", str(idea.pk))
    headers = visitor(visitor_id) if as_visitor else {}
    before = (Feedback.objects.count(), IdeaComment.objects.count(), IdeaVote.objects.count())
    if method == "get":
        response = api_client.get(url, payload, **headers)
    else:
        response = api_client.post(url, payload, format="json", **headers)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["data"] is None and fragment in body["error"]
    assert (Feedback.objects.count(), IdeaComment.objects.count(), IdeaVote.objects.count()) == before


@pytest.mark.parametrize(("method", "path"), [("post", "/{id}/vote"), ("post", "/{id}/comments"), ("get", "/voted")])
def test_visitor_endpoints_need_a_valid_visitor_id(api_client, idea, method, path):
    url = BASE + path.replace("{id}", str(idea.pk))
    call = getattr(api_client, method)
    assert call(url).status_code == 401
    response = call(url, HTTP_X_PULSE_USER_ID="not-a-uuid")
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": "x-pulse-user-id must be a valid UUID"}


def test_malformed_ids_are_404s(api_client, project, visitor_id):
    assert api_client.get(f"{BASE}/not-a-uuid").status_code == 404
    assert api_client.post(f"{BASE}/not-a-uuid/vote", **visitor(visitor_id)).status_code == 404
    response = api_client.patch(
        "/api/v1/projects/acme/idea-comments/xyz", {"body": "b"}, format="json", **visitor(visitor_id)
    )
    assert response.status_code == 404


def test_paths_work_with_a_trailing_slash(api_client, idea, visitor_id):
    assert api_client.get(f"{BASE}/").status_code == 200
    assert api_client.post(f"{BASE}/{idea.pk}/vote/", **visitor(visitor_id)).status_code == 200


def test_a_merge_drops_the_cached_first_page(api_client, make_idea, visitor_id):
    a, b = make_idea("A"), make_idea("B")
    vote(api_client, b, visitor_id)
    assert len(api_client.get(BASE).json()["data"]["results"]) == 2
    services.merge_ideas(source=b, target=a)
    [row] = api_client.get(BASE).json()["data"]["results"]
    assert row["id"] == str(a.pk) and row["vote_count"] == 1


def test_empty_filters_mean_no_filter_as_the_schema_says(api_client, idea, client):
    response = api_client.get(BASE, {"category": "", "sort": "", "status": ""})
    assert response.status_code == 200 and len(response.json()["data"]["results"]) == 1
    schema = client.get("/api/v1/schema?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/projects/{slug}/ideas/"]["get"]["parameters"]}
    for name in ("sort", "status", "category"):
        assert "" in parameters[name]["schema"]["enum"]
