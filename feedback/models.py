"""Feedback from visitors of a project's site, and the message thread of each."""

import uuid
from datetime import UTC, datetime

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Log

from pulse.links import validate_http_url
from pulse.votes import Vote

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10_000
MESSAGE_MAX_LENGTH = 10_000
PAGE_URL_MAX_LENGTH = 2_000
DISPLAY_NAME_MAX_LENGTH = 60
COMMENT_MAX_LENGTH = 5_000

# Trending (issue 20), the board's default order, is Reddit's "hot" ranking with a slower clock:
#
#     trending_score = log10(vote_count + 1) + (published_at - TRENDING_EPOCH) / TRENDING_SECONDS
#
# so an idea published TRENDING_SECONDS (3 days) later needs ten times fewer votes to rank
# level: votes count, weighted by how recent the idea is. The score only changes when a vote
# does (no decay job): the recency part is fixed at publication (`trending_base`) and the
# database keeps the sum in a stored generated column, indexed per project.
TRENDING_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
TRENDING_SECONDS = 3 * 24 * 3600


def trending_base(published_at):
    """The recency part of the trending score of an idea published at `published_at`."""
    return (published_at - TRENDING_EPOCH).total_seconds() / TRENDING_SECONDS


class IdeaStatus(models.TextChoices):
    """An idea's status as the board speaks it (issue 20); stored as the feedback status
    beside it in `FEEDBACK_STATUS_OF_IDEA`, so private feedback keeps the seed's values."""

    OPEN = "open", "Open"
    UNDER_REVIEW = "under_review", "Under review"
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class Moderation(models.TextChoices):
    """Where an idea or a comment stands with the team: only `published` ones are public."""

    PUBLISHED = "published", "Published"
    PENDING = "pending", "Held for approval"
    HIDDEN = "hidden", "Hidden"
    SPAM = "spam", "Spam"


# The ideas the public board shows: public, published, not merged into another.
ON_BOARD = Q(visibility="public", moderation="published", merged_into__isnull=True)


class Feedback(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    Moderation = Moderation

    class Category(models.TextChoices):
        BUG = "bug", "Bug"
        FEATURE = "feature", "Feature"
        GENERAL = "general", "General"

    class Status(models.TextChoices):
        NEW = "new", "New"
        UNDER_REVIEW = "under_review", "Under review"
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CLOSED = "closed", "Closed"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"
        URGENT = "urgent", "Urgent"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No single-column index: every composite index below starts with project.
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="feedback", db_index=False)
    user_id = models.UUIDField(null=True, blank=True, help_text="Visitor id (x-pulse-user-id) of the author")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.GENERAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.LOW)
    email = models.EmailField(blank=True)
    # An http(s) URL (pulse.links); any host name, so intranet sites can send it.
    page_url = models.CharField(max_length=PAGE_URL_MAX_LENGTH, blank=True, validators=[validate_http_url])
    browser_info = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The idea board (issue 20): a public feedback item is an idea. None of these fields is
    # in the seed's feedback endpoints.
    visibility = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        help_text="private: a thread between the author and the team; public: an idea on the board.",
    )
    display_name = models.CharField(
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text="The author's name on the board, as they gave it; empty: shown as anonymous.",
    )
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED)
    comments_locked = models.BooleanField(default=False, help_text="No new comments (the team's lock).")
    published_at = models.DateTimeField(null=True, blank=True, help_text="When it went on the board.")
    vote_count = models.IntegerField(default=0, editable=False, help_text="Upvotes, kept by pulse/votes.py.")
    comment_count = models.IntegerField(default=0, editable=False, help_text="Published comments.")
    trending_base = models.FloatField(default=0, editable=False, help_text="trending_base(published_at)")
    trending_score = models.GeneratedField(
        expression=Log(10, F("vote_count") + 1) + F("trending_base"),
        output_field=models.FloatField(),
        db_persist=True,
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_ideas",
        help_text="The idea this duplicate was merged into: its page redirects there.",
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    roadmap_entry = models.OneToOneField(
        "roadmap.RoadmapEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="idea",
        help_text="The roadmap entry it was promoted to: its status follows the entry's.",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        indexes = [
            # The board's three orders, over the ideas it shows (`ON_BOARD`).
            models.Index(fields=["project", "-trending_score", "-id"], condition=ON_BOARD, name="board_trending"),
            models.Index(fields=["project", "-vote_count", "-id"], condition=ON_BOARD, name="board_top"),
            models.Index(fields=["project", "-published_at", "-id"], condition=ON_BOARD, name="board_new"),
            models.Index(
                fields=["project", "status", "-trending_score", "-id"], condition=ON_BOARD, name="board_status_trending"
            ),
            # The team's board view: every public item, whatever its moderation.
            models.Index(
                fields=["project", "moderation", "-created_at"],
                condition=Q(visibility="public"),
                name="board_moderation",
            ),
            # The visitor's own list, newest first.
            models.Index(fields=["project", "user_id", "-created_at"], name="feedback_visitor_list"),
            # The team's inbox, newest first, whole or filtered by one of its filters.
            models.Index(fields=["project", "-created_at"], name="feedback_inbox"),
            models.Index(fields=["project", "status", "-created_at"], name="feedback_inbox_status"),
            models.Index(fields=["project", "category", "-created_at"], name="feedback_inbox_category"),
            models.Index(fields=["project", "priority", "-created_at"], name="feedback_inbox_priority"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # vote_count and comment_count are written by F() updates only (pulse/votes.py and
        # feedback/services.py): a plain save of an existing row must not put back the stale
        # values it was loaded with (nor the generated score).
        if not self._state.adding and kwargs.get("update_fields") is None:
            skipped = {"vote_count", "comment_count", "trending_score", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and not field.generated and field.attname not in skipped
            ]
        super().save(*args, **kwargs)

    @property
    def is_idea(self):
        return self.visibility == self.Visibility.PUBLIC

    @property
    def idea_status(self):
        """The status in the board's words (`IdeaStatus`)."""
        return IDEA_STATUS_OF_FEEDBACK[self.status]

    @property
    def voting_open(self):
        """False on completed and declined ideas: their votes are refused (feedback/services.py)."""
        return self.idea_status not in VOTING_CLOSED_IDEA_STATUSES


FEEDBACK_STATUS_OF_IDEA = {
    IdeaStatus.OPEN: Feedback.Status.NEW,
    IdeaStatus.UNDER_REVIEW: Feedback.Status.UNDER_REVIEW,
    IdeaStatus.PLANNED: Feedback.Status.PLANNED,
    IdeaStatus.IN_PROGRESS: Feedback.Status.IN_PROGRESS,
    IdeaStatus.COMPLETED: Feedback.Status.DONE,
    IdeaStatus.DECLINED: Feedback.Status.CLOSED,
}
IDEA_STATUS_OF_FEEDBACK = {stored: IdeaStatus(idea) for idea, stored in FEEDBACK_STATUS_OF_IDEA.items()}
# Completed and declined ideas take no votes (feedback.services.toggle_idea_vote), as
# completed and cancelled roadmap entries take none: the question they asked is settled.
VOTING_CLOSED_IDEA_STATUSES = frozenset({IdeaStatus.COMPLETED, IdeaStatus.DECLINED})
VOTING_CLOSED_FEEDBACK_STATUSES = frozenset(FEEDBACK_STATUS_OF_IDEA[status] for status in VOTING_CLOSED_IDEA_STATUSES)
# A promoted idea's status follows its roadmap entry's (issue 20).
IDEA_STATUS_OF_ROADMAP = {
    "planned": IdeaStatus.PLANNED,
    "in_progress": IdeaStatus.IN_PROGRESS,
    "completed": IdeaStatus.COMPLETED,
    "cancelled": IdeaStatus.DECLINED,
}


class IdeaVote(Vote):
    """A visitor's upvote on an idea (ideas take upvotes only); the rule and the count are
    pulse/votes.py's, connected in FeedbackConfig.ready()."""

    target_field = "idea"
    count_field = "vote_count"

    idea = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "visitor_id"], name="unique_idea_vote"),
        ]
        indexes = [
            # "Ideas I voted on", newest vote first.
            models.Index(fields=["visitor_id", "-created_at"], name="idea_vote_visitor"),
        ]

    def __str__(self):
        return f"{self.vote_type} on {self.idea_id} by {self.visitor_id}"


class IdeaComment(models.Model):
    """A public comment on an idea, by a visitor or a team member, threaded one level (a
    reply's parent is a top-level comment). `body` is the Markdown as written, `body_html`
    its rendering sanitised like changelog content (changelog/content.py)."""

    class AuthorRole(models.TextChoices):
        VISITOR = "visitor", "Visitor"
        TEAM = "team", "Team"

    Moderation = Moderation

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    idea = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author_role = models.CharField(max_length=10, choices=AuthorRole.choices)
    visitor_id = models.UUIDField(null=True, blank=True, help_text="The visitor author's id; null for the team.")
    sender_id = models.CharField(
        max_length=100, blank=True, help_text="Team author: dashboard user id or API key (key:<prefix>)"
    )
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX_LENGTH, blank=True)
    body = models.TextField(max_length=COMMENT_MAX_LENGTH, help_text="Markdown")
    body_html = models.TextField(blank=True, editable=False, help_text="`body` rendered and sanitised")
    moderation = models.CharField(max_length=10, choices=Moderation.choices, default=Moderation.PUBLISHED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["idea", "created_at"], name="idea_comment_thread"),
        ]

    def __str__(self):
        return f"{self.get_author_role_display()} on {self.idea_id}"


class FeedbackMessage(models.Model):
    class SenderRole(models.TextChoices):
        USER = "user", "Visitor"
        TEAM = "team", "Team"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="messages")
    message = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    sender_role = models.CharField(max_length=10, choices=SenderRole.choices)
    sender_id = models.CharField(
        max_length=100, blank=True, help_text="Visitor id, dashboard user id or API key (key:<prefix>)"
    )
    is_public = models.BooleanField(default=True, help_text="False: an internal note the visitor never sees")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["feedback", "created_at"], name="feedback_thread"),
        ]

    def __str__(self):
        return f"{self.get_sender_role_display()} on {self.feedback_id}"
