"""Roadmap entries, grouped by milestone, and the visitors' up/down votes on them."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from pulse.votes import Vote

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
MAX_MILESTONE_NUMBER = 10_000
MAX_SORT_ORDER = 1_000_000
MAX_DESCRIPTION_LENGTH = 5000


def validate_tags(value):
    if not isinstance(value, list):
        raise ValidationError("Tags must be a list of strings.")
    if len(value) > MAX_TAGS:
        raise ValidationError(f"At most {MAX_TAGS} tags.")
    for tag in value:
        if not isinstance(tag, str) or not tag.strip() or len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(f"Each tag must be a non-empty string of at most {MAX_TAG_LENGTH} characters.")


class RoadmapEntryQuerySet(models.QuerySet):
    def published(self):
        """Public entries: `published_at` set and not in the future (so scheduling works)."""
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())


class RoadmapEntry(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="roadmap_entries")
    milestone_number = models.PositiveIntegerField(
        default=1,
        validators=[MaxValueValidator(MAX_MILESTONE_NUMBER)],
        help_text="Milestones are listed in ascending order of this number.",
    )
    milestone_name = models.CharField(max_length=200, blank=True)
    feature_name = models.CharField(max_length=200)
    feature_status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.PLANNED,
        help_text="One of planned, in_progress, completed, cancelled.",
    )
    user_friendly_description = models.TextField(max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    target_date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=50, blank=True)
    tags = models.JSONField(default=list, blank=True, validators=[validate_tags])
    sort_order = models.IntegerField(
        default=0,
        validators=[MinValueValidator(-MAX_SORT_ORDER), MaxValueValidator(MAX_SORT_ORDER)],
        help_text="Order within a milestone, ascending.",
    )
    is_highlight = models.BooleanField(default=False)
    vote_count = models.IntegerField(
        default=0, editable=False, help_text="Net score: upvotes minus downvotes, kept by roadmap/signals.py."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Public when set and not in the future; empty for a draft."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoadmapEntryQuerySet.as_manager()

    class Meta:
        ordering = ["milestone_number", "sort_order", "created_at"]
        verbose_name_plural = "roadmap entries"
        indexes = [
            models.Index(
                fields=["project", "milestone_number", "sort_order", "created_at"], name="roadmap_project_order"
            ),
        ]

    def __str__(self):
        return self.feature_name

    def save(self, *args, **kwargs):
        # vote_count is written only by F() updates (signals) and recount_votes: a plain save
        # of an existing row must not put back the stale value this instance was loaded with.
        if not self._state.adding and kwargs.get("update_fields") is None:
            skipped = {"vote_count", *self.get_deferred_fields()}
            kwargs["update_fields"] = [
                field.attname
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in skipped
            ]
        super().save(*args, **kwargs)

    @property
    def visibility(self):
        """ "draft" (no `published_at`), "scheduled" (in the future) or "public": what visitors see."""
        if self.published_at is None:
            return "draft"
        return "scheduled" if self.published_at > timezone.now() else "public"

    @property
    def voting_open(self):
        """False on completed and cancelled entries: the API refuses their votes (roadmap/services.py)."""
        return self.feature_status not in VOTING_CLOSED_STATUSES


# Votes ask "should we build this?": once an item is done or dropped the question is closed.
# The seed lists no error for it; the API answers 400 (its listed status for a refused vote).
VOTING_CLOSED_STATUSES = frozenset({RoadmapEntry.Status.COMPLETED, RoadmapEntry.Status.CANCELLED})


class RoadmapVote(Vote):
    """A visitor's vote on an entry; the rule and its weights are pulse/votes.py's."""

    target_field = "entry"
    count_field = "vote_count"

    entry = models.ForeignKey(RoadmapEntry, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "visitor_id"], name="unique_roadmap_vote"),
        ]

    def __str__(self):
        return f"{self.vote_type} on {self.entry_id} by {self.visitor_id}"
