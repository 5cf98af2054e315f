"""The idea board's portal pages (feedback/portal.py): board, idea, new idea, votes and
comments by POST without JavaScript, merged ideas' redirects, caching and query counts."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from feedback import services
from feedback.models import Feedback, IdeaComment, IdeaStatus, IdeaVote, Moderation
from feedback.portal import CATEGORY_LABELS, STATUS_LABELS

pytestmark = pytest.mark.django_db
BOARD = "/portal/acme/ideas/"


def csrf_token(client, url):
    html = client.get(url).content.decode()
    assert "__PULSE_PORTAL_CSRF__" not in html
    return html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def test_the_board_lists_published_ideas_with_counts_and_links(client, make_idea):
    idea = make_idea("Dark mode", description="Easier on the eyes", display_name="Ada")
    response = client.get(BOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{BOARD}{idea.pk}/">Dark mode</a>' in html
    assert "Easier on the eyes" in html
    assert f'data-vote="{idea.pk}:up" aria-pressed="false"' in html
    assert 'aria-current="page">Ideas</a>' in html


def test_held_hidden_private_and_merged_ideas_are_not_on_the_board(client, make_idea, project):
    shown = make_idea("Shown idea")
    hidden = make_idea("Hidden idea")
    services.moderate_idea(idea=hidden, moderation=Moderation.HIDDEN)
    duplicate = make_idea("Merged duplicate")
    services.merge_ideas(source=duplicate, target=shown)
    services.submit_feedback(project=project, visitor_id=None, title="Private thread")
    project.board_moderation = "hold"
    project.save()
    make_idea("Held idea")
    html = client.get(BOARD).content.decode()
    assert "Shown idea" in html
    for title in ("Hidden idea", "Merged duplicate", "Private thread", "Held idea"):
        assert title not in html


def test_the_board_sorts_by_top_and_new(client, make_idea, visitor_id):
    old = make_idea("Older popular")
    new = make_idea("Newer quiet")
    services.toggle_idea_vote(project_id=old.project_id, idea_id=old.pk, visitor_id=uuid.uuid4())
    top = client.get(BOARD + "?sort=top").content.decode()
    assert top.index("Older popular") < top.index("Newer quiet")
    newest = client.get(BOARD + "?sort=new").content.decode()
    assert newest.index("Newer quiet") < newest.index("Older popular")
    assert new.pk != old.pk


def test_the_board_filters_by_status_and_category_and_searches(client, make_idea):
    planned = make_idea("Planned export", category="feature")
    services.change_idea_status(idea=planned, status="planned")
    make_idea("Open crash report", category="bug")
    assert "Open crash report" not in client.get(BOARD + "?status=planned").content.decode()
    assert "Planned export" in client.get(BOARD + "?status=planned").content.decode()
    assert "Planned export" not in client.get(BOARD + "?category=bug").content.decode()
    found = client.get(BOARD + "?q=export").content.decode()
    assert "Planned export" in found and "Open crash report" not in found


def test_an_unknown_filter_value_is_ignored_not_an_error(client, make_idea):
    make_idea("Dark mode")
    response = client.get(BOARD + "?sort=oldest&status=nope&page=x")
    assert response.status_code == 200 and "Dark mode" in response.content.decode()


def test_the_board_pages_twenty_ideas_with_next_and_previous_links(client, make_idea):
    for number in range(21):
        make_idea(f"Idea number {number}")
    first = client.get(BOARD + "?sort=new").content.decode()
    assert first.count('class="idea-card"') == 20
    assert f'href="{BOARD}?sort=new&amp;page=2" rel="next"' in first
    second = client.get(BOARD + "?sort=new&page=2").content.decode()
    assert second.count('class="idea-card"') == 1 and "Idea number 0<" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert client.get(BOARD + "?page=3").status_code == 404


def test_the_board_answers_in_a_constant_number_of_queries(client, make_idea, visitor_id, settings):
    settings.PULSE_PUBLIC_CACHE_ENABLED = False  # every request renders: the worst case
    client.cookies["pulse_visitor"] = visitor_id

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BOARD).status_code == 200
        return len(queries)

    make_idea("The first")
    count()  # the project's memo, filled once
    few = count()
    for number in range(15):
        idea = make_idea(f"Idea {number}")
        services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Me too")
        services.toggle_idea_vote(project_id=idea.project_id, idea_id=idea.pk, visitor_id=uuid.UUID(visitor_id))
    assert count() == few


def test_a_cached_board_page_still_shows_each_visitor_their_own_upvotes(client, make_idea, visitor_id):
    voted, other = make_idea("Voted one"), make_idea("Other one")
    assert client.get(BOARD).status_code == 200  # cached for everyone
    services.toggle_idea_vote(project_id=voted.project_id, idea_id=voted.pk, visitor_id=uuid.UUID(visitor_id))
    client.cookies["pulse_visitor"] = visitor_id
    html = client.get(BOARD).content.decode()
    assert f'data-vote="{voted.pk}:up" aria-pressed="true"' in html
    assert f'data-vote="{other.pk}:up" aria-pressed="false"' in html
    stranger = Client().get(BOARD).content.decode()
    assert f'data-vote="{voted.pk}:up" aria-pressed="true"' not in stranger
    assert stranger.count('<output class="count" aria-label="Votes">1<') == 1


def test_an_upvote_without_javascript_toggles_and_comes_back_with_a_cookie(client, make_idea):
    idea = make_idea("Dark mode")
    response = client.post(f"{BOARD}{idea.pk}/vote/", {"vote_type": "up", "next": BOARD + "?sort=top"})
    assert response.status_code == 303 and response["Location"] == f"{BOARD}?sort=top#idea-{idea.pk}"
    visitor = uuid.UUID(response.cookies["pulse_visitor"].value)
    assert list(IdeaVote.objects.values_list("idea_id", "visitor_id")) == [(idea.pk, visitor)]
    assert Feedback.objects.get(pk=idea.pk).vote_count == 1
    html = client.get(BOARD).content.decode()
    assert f'data-vote="{idea.pk}:up" aria-pressed="true"' in html
    client.post(f"{BOARD}{idea.pk}/vote/", {"vote_type": "up"})
    assert IdeaVote.objects.count() == 0 and Feedback.objects.get(pk=idea.pk).vote_count == 0


def test_an_upvote_never_redirects_off_the_site(client, make_idea):
    idea = make_idea("Dark mode")
    response = client.post(f"{BOARD}{idea.pk}/vote/", {"next": "https://evil.example/"})
    assert response["Location"] == f"{BOARD}{idea.pk}/#idea-{idea.pk}"
    response = client.post(f"{BOARD}{idea.pk}/vote/", {"next": "//evil.example/"})
    assert response["Location"] == f"{BOARD}{idea.pk}/#idea-{idea.pk}"


def test_an_upvote_with_javascript_answers_json_like_the_roadmap_form(client, make_idea):
    idea = make_idea("Dark mode")
    response = client.post(f"{BOARD}{idea.pk}/vote/", {"vote_type": "up"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json() == {"vote_count": 1, "user_vote": "up"}


def test_the_portal_upvote_is_the_api_upvote_of_the_same_visitor(client, api_client, make_idea, visitor_id):
    idea = make_idea("Dark mode")
    client.cookies["pulse_visitor"] = visitor_id
    client.post(f"{BOARD}{idea.pk}/vote/")
    response = api_client.post(f"/api/v1/projects/acme/ideas/{idea.pk}/vote", HTTP_X_PULSE_USER_ID=visitor_id)
    assert response.json()["data"]["voted"] is False
    assert IdeaVote.objects.count() == 0


def test_votes_and_posts_need_the_csrf_token_the_pages_carry(make_idea):
    idea = make_idea("Dark mode")
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"{BOARD}{idea.pk}/vote/").status_code == 403
    assert client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Hi"}).status_code == 403
    assert client.post(f"{BOARD}new/", {"title": "Hi"}).status_code == 403
    token = csrf_token(client, BOARD)
    assert client.post(f"{BOARD}{idea.pk}/vote/", {"csrfmiddlewaretoken": token}).status_code == 303


def test_a_vote_on_another_projects_idea_is_a_404(client, make_idea, other_project):
    foreign = make_idea("Theirs", project=other_project)
    other_project.portal_public = True
    other_project.save()
    assert client.post(f"{BOARD}{foreign.pk}/vote/").status_code == 404
    assert client.get(f"{BOARD}{foreign.pk}/").status_code == 404
    assert IdeaVote.objects.count() == 0


def test_the_idea_page_shows_the_idea_and_its_threaded_comments_with_team_ones_marked(client, idea):
    first = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Yes **please**", display_name="Bo")
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="A reply", parent_id=first.pk)
    services.add_team_comment(idea=idea, body="We are on it", sender_id="1")
    html = client.get(f"{BOARD}{idea.pk}/").content.decode()
    assert "<h1>Dark mode</h1>" in html and "A dark theme for the dashboard" in html and "by Ada" in html
    assert "<strong>please</strong>" in html and '<strong class="author">Bo</strong>' in html
    assert html.index("Yes <strong>") < html.index('<div class="replies">') < html.index("A reply")
    assert 'class="comment team"' in html and 'class="badge team-badge">Team<' in html
    assert "3 comments" in html


def test_a_held_comment_is_not_shown_on_the_idea_page(client, idea, project):
    project.board_moderation = "hold"
    project.save()
    services.add_visitor_comment(idea=Feedback.objects.get(pk=idea.pk), visitor_id=uuid.uuid4(), body="Held words")
    assert "Held words" not in client.get(f"{BOARD}{idea.pk}/").content.decode()


def test_a_comment_without_javascript_is_posted_and_redirects_to_it(client, idea):
    response = client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Me too", "display_name": "Cy"})
    comment = IdeaComment.objects.get()
    assert response.status_code == 303 and response["Location"] == f"{BOARD}{idea.pk}/#comment-{comment.pk}"
    assert comment.visitor_id == uuid.UUID(response.cookies["pulse_visitor"].value)
    assert (comment.body, comment.display_name, comment.author_role) == ("Me too", "Cy", "visitor")
    assert "Me too" in client.get(f"{BOARD}{idea.pk}/").content.decode()


def test_a_reply_without_javascript_joins_the_thread(client, idea):
    parent = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Top")
    client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Below", "parent_id": str(parent.pk)})
    assert IdeaComment.objects.get(body="Below").parent_id == parent.pk


def test_a_comment_held_for_approval_says_so(client, idea, project):
    project.board_moderation = "hold"
    project.save()
    response = client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Me too"})
    assert "?notice=held#comment-" in response["Location"]
    assert IdeaComment.objects.get().moderation == Moderation.PENDING
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert "will appear once the team has approved it" in html


def test_an_empty_comment_is_a_400_with_the_page_and_its_error(client, idea):
    response = client.post(f"{BOARD}{idea.pk}/comments/", {"body": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert IdeaComment.objects.count() == 0


def test_locked_comments_refuse_a_post_and_hide_the_form(client, idea):
    services.lock_comments(idea=idea, locked=True)
    assert 'id="comment-form"' not in client.get(f"{BOARD}{idea.pk}/").content.decode()
    response = client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Me too"})
    assert response.status_code == 400 and "Comments on this idea are closed." in response.content.decode()
    assert IdeaComment.objects.count() == 0


def test_a_filled_spam_trap_is_answered_as_a_success_and_stored_nowhere(client, idea):
    response = client.post(f"{BOARD}{idea.pk}/comments/", {"body": "Buy now", "website": "x"})
    assert response.status_code == 303 and IdeaComment.objects.count() == 0
    response = client.post(f"{BOARD}new/", {"title": "Buy now", "category": "general", "website": "x"})
    assert response.status_code == 303 and Feedback.objects.count() == 1


def test_a_merged_ideas_page_redirects_to_the_idea_it_duplicated(client, make_idea):
    target, duplicate = make_idea("Dark mode"), make_idea("Night theme")
    services.merge_ideas(source=duplicate, target=target)
    response = client.get(f"{BOARD}{duplicate.pk}/")
    assert response.status_code == 301 and response["Location"] == f"{BOARD}{target.pk}/"


def test_a_private_or_unknown_idea_page_is_a_404(client, project):
    private = services.submit_feedback(project=project, visitor_id=None, title="Private thread")
    assert client.get(f"{BOARD}{private.pk}/").status_code == 404
    assert client.get(f"{BOARD}{uuid.uuid4()}/").status_code == 404


def test_a_new_idea_without_javascript_is_posted_and_opens_its_page(client, project):
    page = client.get(f"{BOARD}new/")
    assert page.status_code == 200 and 'name="website"' in page.content.decode()
    response = client.post(
        f"{BOARD}new/",
        {"title": "Export to CSV", "description": "For reports", "category": "feature", "display_name": "Di"},
    )
    idea = Feedback.objects.get()
    assert response.status_code == 303 and response["Location"] == f"{BOARD}{idea.pk}/?notice=posted"
    assert idea.user_id == uuid.UUID(response.cookies["pulse_visitor"].value)
    assert (idea.visibility, idea.moderation, idea.display_name) == ("public", "published", "Di")
    assert "Export to CSV" in client.get(BOARD).content.decode()


def test_a_new_idea_held_for_approval_goes_back_to_the_board_with_a_notice(client, project):
    project.board_moderation = "hold"
    project.save()
    response = client.post(f"{BOARD}new/", {"title": "Export to CSV", "category": "feature"})
    assert response["Location"] == f"{BOARD}?notice=held"
    assert Feedback.objects.get().moderation == Moderation.PENDING
    html = client.get(response["Location"]).content.decode()
    assert "once the team has approved it" in html and "Export to CSV" not in html


def test_a_new_idea_with_errors_is_a_400_with_the_form_kept(client, project):
    response = client.post(f"{BOARD}new/", {"title": "", "description": "Kept text", "category": "feature"})
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required." in html and "Kept text" in html
    assert Feedback.objects.count() == 0


def test_similar_ideas_answer_json_with_links(client, make_idea):
    idea = make_idea("Dark mode for the dashboard")
    make_idea("Export to CSV")
    response = client.get(f"{BOARD}similar/", {"title": "dark mode"})
    data = response.json()["data"]
    assert response.status_code == 200 and [row["title"] for row in data] == ["Dark mode for the dashboard"]
    assert data[0]["url"] == f"{BOARD}{idea.pk}/"
    assert client.get(f"{BOARD}similar/", {"title": "x" * 500}).json() == {"data": [], "error": None}


def test_titles_descriptions_and_comments_are_escaped_on_the_pages(client, project):
    payload = "<script>alert(1)</script>"
    idea = services.submit_idea(
        project=project, visitor_id=uuid.uuid4(), title=payload, description=payload, display_name=payload
    )
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body=payload, display_name=payload)
    for url in (BOARD, f"{BOARD}{idea.pk}/", "/portal/acme/"):
        html = client.get(url).content.decode()
        assert payload not in html, url
        assert "&lt;script&gt;" in html, url


def test_the_landing_page_links_the_board_and_its_trending_ideas(client, make_idea):
    idea = make_idea("Dark mode")
    html = client.get("/portal/acme/").content.decode()
    assert f'href="{BOARD}"' in html and f'href="{BOARD}{idea.pk}/">Dark mode</a>' in html
    assert f'href="{BOARD}new/"' in html


def test_the_board_works_on_a_custom_domain(client, make_idea, project):
    project.custom_domain = "ideas.acme.test"
    project.save()
    idea = make_idea("Dark mode")
    html = client.get("/ideas/", HTTP_HOST="ideas.acme.test").content.decode()
    assert f'href="/ideas/{idea.pk}/">Dark mode</a>' in html
    assert client.get(f"/ideas/{idea.pk}/", HTTP_HOST="ideas.acme.test").status_code == 200


@pytest.mark.parametrize("path", ["", "?sort=top", "new/", "IDEA"])
def test_a_warm_board_page_runs_no_query_for_a_visitor_without_the_cookie(
    client, make_idea, django_assert_num_queries, path
):
    idea = make_idea("Cached idea")
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Cached comment")
    url = BOARD + (f"{idea.pk}/" if path == "IDEA" else path)
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_a_vote_and_a_comment_drop_the_cached_board_and_idea_pages(client, make_idea, visitor_id):
    idea = make_idea("Dark mode")
    assert "0 comments" in client.get(BOARD).content.decode()
    assert 'aria-label="Votes">0<' in client.get(f"{BOARD}{idea.pk}/").content.decode()
    services.toggle_idea_vote(project_id=idea.project_id, idea_id=idea.pk, visitor_id=uuid.UUID(visitor_id))
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Fresh words")
    assert "1 comment" in client.get(BOARD).content.decode()
    page = client.get(f"{BOARD}{idea.pk}/").content.decode()
    assert 'aria-label="Votes">1<' in page and "Fresh words" in page


def test_the_labels_the_board_translates_are_the_models_labels():
    assert STATUS_LABELS == dict(IdeaStatus.choices)
    assert CATEGORY_LABELS == dict(Feedback.Category.choices)


def test_the_board_speaks_the_visitors_language_and_its_links_keep_the_switchers(client, make_idea):
    idea = make_idea("Dark mode")
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Proposer une idée" in html and ">Ouverte<" in html and "Share an idea" not in html
    pinned = client.get(BOARD + "?lang=de", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="{BOARD}{idea.pk}/?lang=de">Dark mode</a>' in pinned and "Idee vorschlagen" in pinned
    assert f'href="{BOARD}?sort=top&amp;lang=de"' in pinned
    response = client.post(f"{BOARD}new/?lang=de", {"title": "", "category": "bug"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400 and "Ihre Idee" in response.content.decode()
