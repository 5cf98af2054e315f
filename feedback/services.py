"""Writes of the feedback app: submissions, thread messages and triage, and the idea board.

The public API, the Admin API and the dashboard all write through these functions, so a
public team reply or a status change always notifies the feedback's author (in the same
transaction as the write), and an internal note never does.

The idea board (issue 20, second half of this file): visitors' ideas, upvotes (the one
vote path, pulse/votes.py), comments, moderation, merging duplicates and promotion to the
roadmap. Followers of an idea (its author, voters and visitor commenters) hear of its
status changes and new comments through outbox events (`idea.*`, notifications/events.py)
fanned out by the worker (`notify_idea_followers`), so a request does not grow with them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from changelog.content import render_markdown
from notifications import events
from notifications.models import Notification
from notifications.services import delete_notifications_about, notify, record_author_address
from projects.models import BOARD_MODERATION_CHOICES
from projects.selectors import verified_email
from pulse import votes
from pulse.votes import VotingClosed

from . import duplicates, selectors
from .models import (
    FEEDBACK_STATUS_OF_IDEA,
    IDEA_STATUS_OF_FEEDBACK,
    IDEA_STATUS_OF_ROADMAP,
    ON_BOARD,
    VOTING_CLOSED_FEEDBACK_STATUSES,
    Feedback,
    FeedbackMessage,
    IdeaComment,
    IdeaStatus,
    IdeaVote,
    Moderation,
    trending_base,
)

SUBMITTABLE_FIELDS = {"title", "description", "category", "email", "page_url", "browser_info"}
NOTIFICATION_TITLE_MAX_LENGTH = 200
NOTIFICATION_MESSAGE_MAX_LENGTH = 500


def default_priority(category):
    """Bugs get medium priority, everything else low (the public API reference's rule)."""
    return Feedback.Priority.MEDIUM if category == Feedback.Category.BUG else Feedback.Priority.LOW


def submit_feedback(*, project, visitor_id, locale="en", **fields):
    """Create a visitor's feedback: status `new`, unknown category `general`, priority by category.

    An `email` given with it is stored as the project's address of the author (in `locale`,
    notifications.services.record_author_address): the team's public replies are emailed to it.
    A signed visitor who gives none has their verified email (issue 22: the customer's server
    vouches for it, `projects.models.VerifiedVisitor`) taken as the feedback's address.
    """
    unknown = set(fields) - SUBMITTABLE_FIELDS
    if unknown:
        raise TypeError(f"submit_feedback() got unexpected fields: {', '.join(sorted(unknown))}")
    category = fields.pop("category", None)
    if category not in Feedback.Category.values:
        category = Feedback.Category.GENERAL
    feedback = Feedback(
        project=project,
        user_id=visitor_id,
        category=category,
        priority=default_priority(category),
        status=Feedback.Status.NEW,
        **fields,
    )
    # The text, link and length rules; the project is given and the id new (no queries).
    feedback.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    if not feedback.email and visitor_id is not None and getattr(project, "identity_secret_encrypted", ""):
        # Only a project with an identity secret has signed visitors: no query for the others.
        feedback.email = verified_email(project_id=project.pk, visitor_id=visitor_id)
    with transaction.atomic():
        feedback.save(force_insert=True)
        if feedback.email:
            record_author_address(project=project, email=feedback.email, visitor_id=visitor_id, locale=locale)
        events.feedback_created(feedback)
    return feedback


def _add_message(*, feedback, sender_role, sender_id, message, is_public):
    """Store a message and mark the thread active (the inbox shows the last activity)."""
    created = FeedbackMessage(
        feedback=feedback, message=message, sender_role=sender_role, sender_id=str(sender_id), is_public=is_public
    )
    created.full_clean(exclude=["feedback"], validate_unique=False, validate_constraints=False)
    created.save(force_insert=True)
    feedback.updated_at = timezone.now()
    Feedback.objects.filter(pk=feedback.pk).update(updated_at=feedback.updated_at)
    events.feedback_message_created(created)
    return created


def _shorten(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _notify_author(*, feedback, title, message, metadata):
    if feedback.user_id is None:
        return
    notify(
        project=feedback.project,
        user_ids=[feedback.user_id],
        type=Notification.Type.FEEDBACK,
        title=_shorten(title, NOTIFICATION_TITLE_MAX_LENGTH),
        message=_shorten(message, NOTIFICATION_MESSAGE_MAX_LENGTH),
        link="",
        metadata={"feedback_id": str(feedback.pk), **metadata},
    )


@transaction.atomic
def add_visitor_message(*, feedback, visitor_id, message):
    """The author's follow-up on their own thread (always public)."""
    if feedback.user_id is None or str(feedback.user_id) != str(visitor_id):
        raise PermissionDenied("Forbidden")
    return _add_message(
        feedback=feedback,
        sender_role=FeedbackMessage.SenderRole.USER,
        sender_id=visitor_id,
        message=message,
        is_public=True,
    )


@transaction.atomic
def add_team_message(*, feedback, message, is_public, sender_id):
    """A team reply (public: the author is notified) or an internal note (`is_public` false)."""
    created = _add_message(
        feedback=feedback,
        sender_role=FeedbackMessage.SenderRole.TEAM,
        sender_id=sender_id,
        message=message,
        is_public=is_public,
    )
    if is_public:
        _notify_author(
            feedback=feedback,
            title=f"New reply to your feedback: {feedback.title}",
            message=message,
            metadata={"message_id": str(created.pk), "event": "reply"},
        )
    return created


@transaction.atomic
def change_feedback(*, feedback, status=None, priority=None):
    """Triage: set status and/or priority. A real status change notifies the author."""
    if status is not None and status not in Feedback.Status.values:
        raise ValidationError({"status": f"Unknown status {status!r}"})
    if priority is not None and priority not in Feedback.Priority.values:
        raise ValidationError({"priority": f"Unknown priority {priority!r}"})
    # Compare against the locked row, so two concurrent changes cannot both see the old status.
    current = Feedback.objects.select_for_update().only("status", "priority").get(pk=feedback.pk)
    previous_status = current.status
    changes = {}
    if status is not None and status != current.status:
        changes["status"] = status
    if priority is not None and priority != current.priority:
        changes["priority"] = priority
    feedback.status = changes.get("status", current.status)
    feedback.priority = changes.get("priority", current.priority)
    if not changes:
        return feedback
    feedback.save(update_fields=[*changes, "updated_at"])
    if "status" in changes:
        label = Feedback.Status(feedback.status).label
        _notify_author(
            feedback=feedback,
            title=f"Your feedback is now {label.lower()}: {feedback.title}",
            message=f"The status of “{feedback.title}” changed to {label.lower()}.",
            metadata={"event": "status", "status": feedback.status, "previous_status": previous_status},
        )
    return feedback


@transaction.atomic
def delete_feedback(*, feedback):
    """Delete feedback (e.g. spam) with its thread and the notifications sent to its author about it."""
    delete_notifications_about(project_id=feedback.project_id, key="feedback_id", object_id=feedback.pk)
    duplicates.forget(feedback)  # its vector (issue 23)
    feedback.delete()


# The idea board (issue 20).

IDEA_FIELDS = {"title", "description", "category", "display_name", "email"}
MERGE_HOPS = 5  # how many merges a vote follows from the idea it was cast on
NOTIFY_BATCH = 1000


class CommentsLocked(Exception):
    """A comment on an idea whose comments the team locked (the API answers 400)."""

    def __init__(self):
        super().__init__("Comments are locked on this idea")


class FollowsRoadmap(Exception):
    """A status set on an idea promoted to the roadmap: its status follows the entry's."""

    def __init__(self):
        super().__init__("This idea's status follows its roadmap entry: change the entry's status")


def _held(project):
    """True when the project holds visitors' ideas and comments for approval."""
    return project.board_moderation == "hold"


@transaction.atomic
def set_board_moderation(*, project, moderation):
    """The project's moderation setting: visitors' new ideas and comments are published at
    once ("publish") or held for the team's approval ("hold"); what exists is unchanged.
    Raises ValidationError for another value. Public requests see a change within the
    project lookup's memo (projects.selectors.LOCAL_SECONDS; at once in this process)."""
    if moderation not in dict(BOARD_MODERATION_CHOICES):
        raise ValidationError({"moderation": f"Unknown moderation setting {moderation!r}"})
    project.board_moderation = moderation
    project.save(update_fields=["board_moderation", "updated_at"])
    return project


def _go_public(idea, now):
    idea.published_at = now
    idea.trending_base = trending_base(now)


@transaction.atomic
def submit_idea(*, project, visitor_id, title, description="", category=None, display_name="", email=""):
    """A visitor's new idea on the board: a public feedback item, status open, priority by
    category as any feedback (`default_priority`), published at once or held for approval
    (`project.board_moderation`). Emits `idea.created` when it is published.

    Raises django ValidationError naming the field (text rule, lengths). Returns the idea.
    """
    if category not in Feedback.Category.values:
        category = Feedback.Category.GENERAL
    now = timezone.now()
    idea = Feedback(
        project=project,
        user_id=visitor_id,
        title=title,
        description=description or "",
        category=category,
        priority=default_priority(category),
        status=Feedback.Status.NEW,
        email=email or "",
        display_name=display_name or "",
        visibility=Feedback.Visibility.PUBLIC,
        moderation=Moderation.PENDING if _held(project) else Moderation.PUBLISHED,
    )
    _go_public(idea, now)
    idea.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    idea.save(force_insert=True)
    if idea.moderation == Moderation.PUBLISHED:
        events.idea_created(idea)
    return idea


@transaction.atomic
def publish_to_board(*, feedback, display_name=None):
    """The team's explicit action putting a private feedback item on the board, published.

    The author's identity stays private: the idea shows `display_name` only when one is
    given here (the author's own words, e.g. asked in the thread) and never the email,
    page URL or browser data. Emits `idea.created`. Already public: nothing changes.
    """
    feedback = Feedback.objects.select_for_update(no_key=True).get(pk=feedback.pk)
    if feedback.visibility == Feedback.Visibility.PUBLIC:
        return feedback
    feedback.visibility = Feedback.Visibility.PUBLIC
    feedback.moderation = Moderation.PUBLISHED
    if display_name is not None:
        feedback.display_name = display_name
    _go_public(feedback, timezone.now())
    feedback.full_clean(exclude=["project"], validate_unique=False, validate_constraints=False)
    feedback.save(
        update_fields=["visibility", "moderation", "display_name", "published_at", "trending_base", "updated_at"]
    )
    events.idea_created(feedback)
    return feedback


@transaction.atomic
def unpublish_from_board(*, idea):
    """Take an idea off the board: it becomes a private thread again (votes and comments are
    kept, for if it goes back)."""
    idea.visibility = Feedback.Visibility.PRIVATE
    idea.save(update_fields=["visibility", "updated_at"])
    return idea


def toggle_idea_vote(*, project_id, idea_id, visitor_id):
    """The visitor's upvote on a board idea, toggled (pulse.votes.toggle_vote: the row locked,
    the count kept by the vote signals). A vote on a merged duplicate goes to the idea it
    was merged into, also when the merge commits while the vote waits for the row.

    Returns (idea id voted on, vote_count, voted: bool). Raises Feedback.DoesNotExist when
    the project has no such idea on the board, and pulse.votes.VotingClosed when the idea is
    completed or declined (`VOTING_CLOSED_IDEA_STATUSES`, the roadmap's rule for its entries).
    """
    for _ in range(MERGE_HOPS):
        ideas = Feedback.objects.filter(ON_BOARD, pk=idea_id, project_id=project_id)
        open_ideas = ideas.exclude(status__in=VOTING_CLOSED_FEEDBACK_STATUSES).only("id", "project_id", "vote_count")
        try:
            count, vote = votes.toggle_vote(
                targets=open_ideas, vote_model=IdeaVote, visitor_id=visitor_id, vote_type=IdeaVote.VoteType.UP
            )
        except Feedback.DoesNotExist:
            closed = ideas.values_list("status", flat=True).first()
            if closed is not None:
                raise VotingClosed(IDEA_STATUS_OF_FEEDBACK[closed].label) from None
            merged_into = (
                Feedback.objects.filter(project_id=project_id, pk=idea_id, visibility=Feedback.Visibility.PUBLIC)
                .filter(moderation=Moderation.PUBLISHED, merged_into__isnull=False)
                .values_list("merged_into_id", flat=True)
                .first()
            )
            if merged_into is None:
                raise
            idea_id = merged_into
            continue
        return idea_id, count, vote is not None
    raise Feedback.DoesNotExist("Idea not found")


def _lock_open_idea(idea):
    """The idea's row, locked against a concurrent merge or lock; follows a merge."""
    for _ in range(MERGE_HOPS):
        locked = Feedback.objects.select_for_update(no_key=True).select_related("project").get(pk=idea.pk)
        if locked.merged_into_id is None:
            break
        idea = Feedback(pk=locked.merged_into_id)
    if locked.comments_locked:
        raise CommentsLocked()
    return locked


def _check_parent(idea, parent_id):
    """A reply's parent: a top-level comment of the same idea (threads are one level)."""
    if parent_id is None:
        return None
    parent = IdeaComment.objects.filter(pk=parent_id, idea_id=idea.pk).only("id", "parent_id").first()
    if parent is None:
        raise ValidationError({"parent_id": "No such comment on this idea"})
    # A reply to a reply joins its thread: replies are one level deep.
    return parent.parent_id or parent.pk


def _add_comment(*, idea, parent_id, moderation, **fields):
    idea = _lock_open_idea(idea)
    comment = IdeaComment(idea=idea, parent_id=_check_parent(idea, parent_id), moderation=moderation, **fields)
    comment.body_html = render_markdown(comment.body)
    comment.full_clean(exclude=["idea", "parent"], validate_unique=False, validate_constraints=False)
    comment.save(force_insert=True)
    if moderation == Moderation.PUBLISHED:
        _comment_published(comment)
    return comment


def _comment_published(comment):
    Feedback.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    events.idea_comment_created(comment)


@transaction.atomic
def add_visitor_comment(*, idea, visitor_id, body, display_name="", parent_id=None):
    """A visitor's comment (Markdown, rendered and sanitised like changelog content), or a
    reply to a top-level comment (`parent_id`; a reply to a reply joins its thread).
    Published at once or held for approval (`project.board_moderation`); once published,
    the idea's followers are notified (`idea.comment_created`).

    Raises CommentsLocked, and ValidationError for an unknown parent or bad text.
    """
    return _add_comment(
        idea=idea,
        parent_id=parent_id,
        moderation=Moderation.PENDING if _held(idea.project) else Moderation.PUBLISHED,
        author_role=IdeaComment.AuthorRole.VISITOR,
        visitor_id=visitor_id,
        display_name=display_name or "",
        body=body,
    )


@transaction.atomic
def add_team_comment(*, idea, body, sender_id, display_name="", parent_id=None):
    """A team member's comment (marked as the team's), published at once; `sender_id` is
    the dashboard user's id or the API key's `key:<prefix>`. Raises as add_visitor_comment."""
    return _add_comment(
        idea=idea,
        parent_id=parent_id,
        moderation=Moderation.PUBLISHED,
        author_role=IdeaComment.AuthorRole.TEAM,
        sender_id=str(sender_id),
        display_name=display_name or "",
        body=body,
    )


@transaction.atomic
def edit_comment(*, comment, visitor_id, body):
    """The author visitor rewrites their comment. Raises PermissionDenied for anyone else
    (another visitor, or a team comment), ValidationError for bad text."""
    if comment.visitor_id is None or str(comment.visitor_id) != str(visitor_id):
        raise PermissionDenied("Forbidden")
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=["idea", "parent"], validate_unique=False, validate_constraints=False)
    comment.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    return comment


@transaction.atomic
def moderate_idea(*, idea, moderation):
    """Approve (`published`), hold, hide or mark as spam an idea. Publishing a held idea
    emits `idea.created`. Raises ValidationError for an unknown state."""
    if moderation not in Moderation.values:
        raise ValidationError({"moderation": f"Unknown moderation state {moderation!r}"})
    current = Feedback.objects.select_for_update(no_key=True).only("moderation", "published_at").get(pk=idea.pk)
    idea.moderation = moderation
    if current.moderation == moderation:
        return idea
    fields = ["moderation", "updated_at"]
    if moderation == Moderation.PUBLISHED and current.moderation == Moderation.PENDING:
        _go_public(idea, timezone.now())  # ranked from its approval, not from when it was held
        fields += ["published_at", "trending_base"]
    idea.save(update_fields=fields)
    if moderation == Moderation.PUBLISHED and current.moderation == Moderation.PENDING:
        events.idea_created(idea)
    return idea


@transaction.atomic
def moderate_comment(*, comment, moderation):
    """Approve, hold, hide or mark as spam a comment; the idea's `comment_count` follows.
    Approving a held comment notifies the followers. Raises ValidationError for an unknown state."""
    if moderation not in Moderation.values:
        raise ValidationError({"moderation": f"Unknown moderation state {moderation!r}"})
    current = IdeaComment.objects.select_for_update().only("moderation").get(pk=comment.pk)
    comment.moderation = moderation
    if current.moderation == moderation:
        return comment
    comment.save(update_fields=["moderation", "updated_at"])
    if moderation == Moderation.PUBLISHED:
        if current.moderation == Moderation.PENDING:
            _comment_published(comment)
        else:
            Feedback.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") + 1)
    elif current.moderation == Moderation.PUBLISHED:
        Feedback.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
    return comment


@transaction.atomic
def lock_comments(*, idea, locked):
    """Lock (no new comments) or unlock an idea's comments."""
    idea.comments_locked = bool(locked)
    idea.save(update_fields=["comments_locked", "updated_at"])
    return idea


@transaction.atomic
def delete_comment(*, comment):
    """Delete a comment with its replies; the idea's `comment_count` loses the published ones."""
    gone = IdeaComment.objects.filter(pk=comment.pk) | IdeaComment.objects.filter(parent_id=comment.pk)
    published = gone.filter(moderation=Moderation.PUBLISHED).count()
    delete_notifications_about(project_id=comment.idea.project_id, key="comment_id", object_id=comment.pk)
    comment.delete()
    if published:
        Feedback.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - published)


@transaction.atomic
def delete_idea(*, idea):
    """Delete an idea with what hangs off it: votes, comments, thread, notifications about
    it (`delete_feedback`). Duplicates merged into it go back to being ideas of their own."""
    delete_notifications_about(project_id=idea.project_id, key="idea_id", object_id=idea.pk)
    delete_feedback(feedback=idea)


@transaction.atomic
def change_idea_status(*, idea, status):
    """Set an idea's status (`IdeaStatus` value); a real change emits `idea.status_changed`,
    whose fan-out notifies the author and the voters. Raises ValidationError for an unknown
    status and FollowsRoadmap for a promoted idea (its entry's status rules)."""
    if status not in IdeaStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}"})
    current = Feedback.objects.select_for_update(no_key=True).only("status", "roadmap_entry_id").get(pk=idea.pk)
    if current.roadmap_entry_id is not None:
        raise FollowsRoadmap()
    return _set_idea_status(idea=idea, previous=current.status, status=status, notify=True)


def _set_idea_status(*, idea, previous, status, notify):
    stored = FEEDBACK_STATUS_OF_IDEA[status]
    idea.status = stored
    if stored == previous:
        return idea
    idea.save(update_fields=["status", "updated_at"])
    if idea.visibility == Feedback.Visibility.PUBLIC:
        events.idea_status_changed(idea, previous_status=IDEA_STATUS_OF_FEEDBACK[previous], notify=notify)
    return idea


@transaction.atomic
def merge_ideas(*, source, target):
    """Merge the duplicate `source` into `target` (issue 20): the source's votes move to the
    target, except a visitor's who voted on both (counted once); its comments move; it
    redirects to the target from then on (`merged_into`); its followers are notified now
    (in-app, NOTIFY_BATCH per insert). Emits `idea.merged`.

    Both rows are locked first (in key order), so a vote toggled meanwhile is either moved
    with the others or, waiting for the lock, goes to the target (`toggle_idea_vote`): none
    is lost or counted twice. The counts are rebuilt from the votes (pulse.votes.recount_votes).

    Raises ValidationError when the two are the same, of different projects, not both
    public, or when either is already merged.
    """
    if source.pk == target.pk:
        raise ValidationError({"into": "An idea cannot be merged into itself"})
    if source.project_id != target.project_id:
        raise ValidationError({"into": "Both ideas must belong to the same project"})
    pair = Feedback.objects.filter(pk__in=[source.pk, target.pk])
    locked = {idea.pk: idea for idea in pair.select_for_update(no_key=True).select_related("project").order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    for idea in (source, target):
        if idea.visibility != Feedback.Visibility.PUBLIC:
            raise ValidationError({"into": "Only ideas on the board can be merged"})
        if idea.merged_into_id is not None:
            raise ValidationError({"into": "This idea was already merged into another"})
    followers = list(selectors.idea_follower_ids(idea_id=source.pk))
    both = IdeaVote.objects.filter(idea_id=target.pk).values("visitor_id")
    IdeaVote.objects.filter(idea_id=source.pk, visitor_id__in=both).delete()
    IdeaVote.objects.filter(idea_id=source.pk).update(idea_id=target.pk)  # recounted below
    moved_published = IdeaComment.objects.filter(idea_id=source.pk, moderation=Moderation.PUBLISHED).count()
    IdeaComment.objects.filter(idea_id=source.pk).update(idea_id=target.pk)
    votes.recount_votes(targets=pair, vote_model=IdeaVote)
    Feedback.objects.filter(pk=target.pk).update(comment_count=F("comment_count") + moved_published)
    now = timezone.now()
    Feedback.objects.filter(pk=source.pk).update(merged_into=target, merged_at=now, comment_count=0, updated_at=now)
    Feedback.objects.filter(merged_into_id=source.pk).update(merged_into=target)  # earlier duplicates follow
    source.merged_into, source.merged_at = target, now
    title = Truncator(f"“{source.title}” was merged into “{target.title}”").chars(NOTIFICATION_TITLE_MAX_LENGTH)
    for start in range(0, len(followers), NOTIFY_BATCH):
        notify(
            project=source.project,
            user_ids=followers[start : start + NOTIFY_BATCH],
            type=Notification.Type.FEEDBACK,
            title=title,
            message="Its votes and comments are now on the idea it duplicated.",
            link=f"/ideas/{target.pk}",
            metadata={"event": "merged", "idea_id": str(target.pk), "merged_idea_id": str(source.pk)},
        )
    events.idea_merged(source, target)
    selectors.forget_cached_board(project_id=target.project_id)  # the moves were queryset updates
    target.refresh_from_db()
    return target


@transaction.atomic
def promote_to_roadmap(*, idea, **entry_fields):
    """Create a roadmap entry from an idea, linked both ways (`idea.roadmap_entry`,
    `entry.idea`): its name and description by default, status planned, published now
    (`entry_fields`, roadmap.services' editable fields, override them). From then on the
    idea's status follows the entry's (`follow_roadmap_entry`) and its voters hear of the
    entry's changes with its upvoters (roadmap.services.notify_upvoters).

    Raises ValidationError when the idea is not on the board or already promoted, and the
    roadmap's own errors (TypeError for an unknown field, ValidationError) for the entry.
    """
    from roadmap.services import create_roadmap_entry

    idea = Feedback.objects.select_for_update(no_key=True).select_related("project").get(pk=idea.pk)
    if idea.visibility != Feedback.Visibility.PUBLIC or idea.merged_into_id is not None:
        raise ValidationError({"idea": "Only an idea on the board can be promoted"})
    if idea.roadmap_entry_id is not None:
        raise ValidationError({"idea": "This idea is already on the roadmap"})
    fields = {
        "feature_name": idea.title,
        "user_friendly_description": Truncator(idea.description).chars(5000),
        "feature_status": "planned",
        "published_at": timezone.now(),
        **entry_fields,
    }
    entry = create_roadmap_entry(project=idea.project, **fields)
    idea.roadmap_entry = entry
    idea.save(update_fields=["roadmap_entry", "updated_at"])
    _set_idea_status(idea=idea, previous=idea.status, status=IDEA_STATUS_OF_ROADMAP[entry.feature_status], notify=True)
    return entry


def follow_roadmap_entry(*, entry):
    """The idea promoted to `entry` (if any) takes the entry's status; called by
    roadmap.services.update_roadmap_entry in its transaction. Its voters are notified by
    the roadmap's own upvoter notifications, so the `idea.status_changed` event emitted
    here notifies nobody in-app (webhooks still get it)."""
    idea = Feedback.objects.select_for_update(no_key=True).filter(roadmap_entry=entry).select_related("project").first()
    if idea is None:
        return None
    return _set_idea_status(
        idea=idea, previous=idea.status, status=IDEA_STATUS_OF_ROADMAP[entry.feature_status], notify=False
    )


IDEA_NOTICES = {
    "idea.status_changed": ("“{title}” is now {status}", "An idea you follow changed status."),
    "idea.comment_created": ("New comment on “{title}”", "{excerpt}"),
}


def notify_idea_followers(*, event, batch_size=5000):
    """In-app notifications of an `idea.status_changed` or `idea.comment_created` event for
    the idea's followers (author, voters, visitor commenters; not the comment's own author),
    `batch_size` per insert, once per visitor and event (running it again adds nothing).
    Returns how many were inserted (conflicts included); 0 for other events."""
    data = event.payload
    if event.type not in IDEA_NOTICES or not data.get("notify", True):
        return 0
    idea = data["idea"]
    title, message = IDEA_NOTICES[event.type]
    excerpt = Truncator(data.get("comment", {}).get("body", "")).chars(300)
    title = Truncator(title.format(title=idea["title"], status=data.get("status_label", "").lower())).chars(
        NOTIFICATION_TITLE_MAX_LENGTH
    )
    skip = data.get("comment", {}).get("visitor_id")
    metadata = {"event": event.type.removeprefix("idea."), "idea_id": idea["id"]}
    if "comment" in data:
        metadata["comment_id"] = data["comment"]["id"]
    batch, count = [], 0
    followers = selectors.idea_follower_ids(idea_id=idea["id"])
    for visitor_id in followers.iterator(chunk_size=batch_size):
        if str(visitor_id) == skip:
            continue
        batch.append(visitor_id)
        if len(batch) == batch_size:
            count += _notify_followers(event, batch, title, message.format(excerpt=excerpt), idea, metadata)
            batch = []
    if batch:
        count += _notify_followers(event, batch, title, message.format(excerpt=excerpt), idea, metadata)
    return count


def _notify_followers(event, visitor_ids, title, message, idea, metadata):
    return len(
        notify(
            project=event.project,
            user_ids=visitor_ids,
            type=Notification.Type.FEEDBACK,
            title=title,
            message=message,
            link=f"/ideas/{idea['id']}",
            metadata=metadata,
            source_event=event.pk,
        )
    )


@transaction.atomic
def recount_idea_votes(*, project=None):
    """Rebuild ideas' vote counts from the votes (pulse.votes.recount_votes), for one project
    or all. Returns [(idea, stored, counted)] for the corrected ideas, each with its project."""
    ideas = Feedback.objects.select_related("project")  # an idea taken off the board keeps its votes
    if project is not None:
        ideas = ideas.filter(project=project)
    corrections = votes.recount_votes(targets=ideas, vote_model=IdeaVote)
    for project_id in {idea.project_id for idea, _, _ in corrections}:
        selectors.forget_cached_board(project_id=project_id)
    return corrections
