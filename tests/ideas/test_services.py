"""The idea board's writes: ideas, votes, comments, moderation, merge and promotion."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feedback import selectors, services
from feedback.models import Feedback, IdeaComment, IdeaVote
from notifications.models import Notification, OutboxEvent
from roadmap.services import update_roadmap_entry


def vote(idea, visitor_id):
    return services.toggle_idea_vote(project_id=idea.project_id, idea_id=idea.pk, visitor_id=visitor_id)


def reload(idea):
    return Feedback.objects.get(pk=idea.pk)


def test_a_new_idea_is_public_open_and_on_the_board(idea):
    assert idea.visibility == "public" and idea.moderation == "published"
    assert idea.idea_status == "open" and idea.status == "new"
    assert list(selectors.board_ideas(project_id=idea.project_id)) == [idea]
    assert OutboxEvent.objects.filter(type="idea.created").count() == 1


def test_a_held_idea_is_not_on_the_board_until_approved(project, make_idea):
    project.board_moderation = "hold"
    project.save()
    idea = make_idea("Held")
    assert idea.moderation == "pending"
    assert not selectors.board_ideas(project_id=project.pk).exists()
    assert not OutboxEvent.objects.filter(type="idea.created").exists()
    services.moderate_idea(idea=idea, moderation="published")
    assert list(selectors.board_ideas(project_id=project.pk)) == [idea]
    assert OutboxEvent.objects.filter(type="idea.created").count() == 1


def test_an_upvote_toggles_and_counts_once_per_visitor(idea):
    visitor_id = uuid.uuid4()
    assert vote(idea, visitor_id) == (idea.pk, 1, True)
    assert vote(idea, uuid.uuid4()) == (idea.pk, 2, True)
    assert vote(idea, visitor_id) == (idea.pk, 1, False)
    assert reload(idea).vote_count == 1


def test_trending_ranks_votes_weighted_by_recency(make_idea):
    older, newer = make_idea("Older"), make_idea("Newer")
    Feedback.objects.filter(pk=older.pk).update(trending_base=newer.trending_base - 1)  # 3 days older
    for _ in range(5):
        vote(older, uuid.uuid4())
    # log10(6) - 1 < log10(1): five votes three days ago weigh less than a fresh idea.
    assert [i.title for i in selectors.board_ideas(project_id=newer.project_id)] == ["Newer", "Older"]
    for _ in range(6):
        vote(older, uuid.uuid4())
    assert [i.title for i in selectors.board_ideas(project_id=newer.project_id)] == ["Older", "Newer"]


def test_a_comment_is_rendered_sanitised_and_notifies_the_author_and_voters(idea, fan_out):
    voter, commenter = uuid.uuid4(), uuid.uuid4()
    vote(idea, voter)
    with fan_out():
        comment = services.add_visitor_comment(
            idea=idea, visitor_id=commenter, body="**Yes** <script>alert(1)</script>"
        )
    assert comment.body_html == "<p><strong>Yes</strong> </p>"
    assert reload(idea).comment_count == 1
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {idea.user_id, voter}


def test_a_reply_to_a_reply_joins_the_top_level_thread(idea):
    top = services.add_team_comment(idea=idea, body="Thanks", sender_id="1")
    reply = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Ok", parent_id=top.pk)
    again = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Me too", parent_id=reply.pk)
    assert again.parent_id == top.pk
    [thread] = selectors.idea_comments(idea_id=idea.pk)
    assert [c.body for c in thread.thread_replies] == ["Ok", "Me too"]


def test_comments_are_refused_once_locked(idea):
    services.lock_comments(idea=idea, locked=True)
    with pytest.raises(services.CommentsLocked):
        services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Hi")


def test_another_visitor_cannot_edit_a_comment(idea):
    comment = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Mine")
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, visitor_id=uuid.uuid4(), body="Yours")
    assert IdeaComment.objects.get(pk=comment.pk).body == "Mine"


def test_a_merge_moves_votes_without_counting_a_visitor_twice_and_moves_comments(make_idea):
    a, b = make_idea("Dark theme"), make_idea("Dark mode please")
    both, only_b = uuid.uuid4(), uuid.uuid4()
    vote(a, both)
    vote(b, both)
    vote(b, only_b)
    services.add_visitor_comment(idea=b, visitor_id=uuid.uuid4(), body="+1")
    services.merge_ideas(source=b, target=a)
    assert reload(a).vote_count == 2 and reload(a).comment_count == 1
    assert set(IdeaVote.objects.filter(idea=a).values_list("visitor_id", flat=True)) == {both, only_b}
    assert reload(b).merged_into_id == a.pk
    assert selectors.board_idea(project_id=a.project_id, idea_id=b.pk) == (a, reload(b))
    assert {n.user_id for n in Notification.objects.filter(metadata__event="merged")} == {
        b.user_id,
        both,
        only_b,
        IdeaComment.objects.get().visitor_id,
    }


def test_a_vote_on_a_merged_idea_goes_to_the_idea_it_was_merged_into(make_idea):
    a, b = make_idea("A"), make_idea("B")
    services.merge_ideas(source=b, target=a)
    assert vote(b, uuid.uuid4()) == (a.pk, 1, True)


def test_an_idea_cannot_be_merged_into_itself(idea):
    with pytest.raises(ValidationError):
        services.merge_ideas(source=idea, target=idea)


def test_a_promoted_idea_follows_its_roadmap_entry_and_its_voters_are_notified(idea, fan_out):
    voter = uuid.uuid4()
    vote(idea, voter)
    entry = services.promote_to_roadmap(idea=idea)
    assert reload(idea).roadmap_entry_id == entry.pk and entry.idea == reload(idea)
    assert reload(idea).idea_status == "planned"
    with fan_out():
        update_roadmap_entry(entry=entry, feature_status="completed")
    assert reload(idea).idea_status == "completed"
    roadmap_notices = Notification.objects.filter(type="roadmap", metadata__roadmap_entry_id=str(entry.pk))
    assert list(roadmap_notices.values_list("user_id", flat=True)) == [voter]
    with pytest.raises(services.FollowsRoadmap):
        services.change_idea_status(idea=reload(idea), status="declined")


def test_a_status_change_notifies_the_author_and_the_voters(idea, fan_out):
    voter = uuid.uuid4()
    vote(idea, voter)
    with fan_out():
        services.change_idea_status(idea=idea, status="under_review")
    notices = Notification.objects.filter(metadata__event="status_changed")
    assert {n.user_id for n in notices} == {idea.user_id, voter}
    assert notices.first().title == "“Dark mode” is now under review"


def test_publishing_private_feedback_keeps_its_author_anonymous(project):
    feedback = services.submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Slow", email="ada@example.com")
    assert not selectors.board_ideas(project_id=project.pk).exists()
    services.publish_to_board(feedback=feedback)
    [idea] = selectors.board_ideas(project_id=project.pk)
    assert idea.pk == feedback.pk and idea.display_name == ""


def test_similar_feedback_finds_ideas_with_a_similar_title(make_idea):
    dark = make_idea("Dark mode for the dashboard")
    make_idea("Export to CSV")
    similar = selectors.similar_feedback(project=dark.project, text="dark mode")
    assert [item.pk for item in similar] == [dark.pk]
    assert 0 < similar[0].similarity <= 1
    assert selectors.similar_feedback(project=dark.project, text="dark mode", exclude_id=dark.pk) == []


def test_search_finds_words_of_the_title_and_description(make_idea):
    make_idea("Dark mode", description="Night theme for tired eyes")
    make_idea("Export")
    assert [i.title for i in selectors.board_ideas(project_id=make_idea().project_id, q="theme")] == ["Dark mode"]


def test_deleting_an_idea_takes_its_votes_and_comments(idea):
    vote(idea, uuid.uuid4())
    services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="x")
    services.delete_idea(idea=idea)
    assert not IdeaVote.objects.exists() and not IdeaComment.objects.exists()


def test_recount_votes_repairs_idea_counts_too(idea):
    from io import StringIO

    from django.core.management import call_command

    IdeaVote.objects.bulk_create([IdeaVote(idea=idea, visitor_id=uuid.uuid4(), vote_type="up") for _ in range(3)])
    assert reload(idea).vote_count == 0  # bulk_create skips the vote signals
    output = StringIO()
    call_command("recount_votes", "acme", stdout=output)
    assert f"acme: idea Dark mode ({idea.pk}): 0 -> 3" in output.getvalue()
    assert reload(idea).vote_count == 3
