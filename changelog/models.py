"""Changelog entries and the per-visitor record of which entries were seen."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from .content import sanitize_html


class EntryType(models.TextChoices):
    """What kind of change an entry announces (the widget shows it as a badge).

    feature: something new; improvement: an existing thing got better; fix: a bug fixed;
    security: a security fix or hardening users should know about; deprecation: something
    will go away (say when); announcement: news that is not a product change.
    `category` is free text beside it (the product area: "ui", "api", "billing").
    """

    FEATURE = "feature", "New feature"
    IMPROVEMENT = "improvement", "Improvement"
    FIX = "fix", "Bug fix"
    SECURITY = "security", "Security"
    DEPRECATION = "deprecation", "Deprecation"
    ANNOUNCEMENT = "announcement", "Announcement"


class EntryStatus(models.TextChoices):
    """Derived from `published_at`: none = draft, future = scheduled, past = published."""

    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"


class SummarySource(models.TextChoices):
    """Who wrote `ai_summary`: nobody yet, the provider (pulse/ai.py), or the team. An edited
    summary is never replaced by the job (changelog/summaries.py); "Regenerate" replaces it."""

    NONE = "", "None"
    GENERATED = "generated", "Generated"
    EDITED = "edited", "Edited by the team"


class SummaryStatus(models.TextChoices):
    """Where the summary job stands: never asked, waiting for the worker, done, or failed
    (`ai_summary_error` says why; the entry was published all the same)."""

    NONE = "", "Not requested"
    PENDING = "pending", "Being written"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ChangelogEntryQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(published_at__gt=now or timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def with_status(self, status, now=None):
        if status == EntryStatus.DRAFT:
            return self.drafts()
        if status == EntryStatus.SCHEDULED:
            return self.scheduled(now)
        return self.published(now)


class ChangelogEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="changelog_entries")
    version = models.CharField(max_length=50, blank=True, help_text="e.g. 1.2.0")
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=1000, blank=True)
    content = models.TextField(blank=True, help_text="HTML; sanitised on every save (see changelog/content.py).")
    content_markdown = models.TextField(
        blank=True,
        help_text="The Markdown `content` was rendered from, as written; empty for an entry written as HTML.",
    )
    type = models.CharField(max_length=20, choices=EntryType.choices, default=EntryType.FEATURE)
    category = models.CharField(max_length=50, blank=True, help_text="Free text, e.g. ui, api, billing")
    is_highlight = models.BooleanField(default=False)
    ai_summary = models.TextField(max_length=2000, blank=True)
    ai_summary_source = models.CharField(max_length=10, choices=SummarySource.choices, blank=True, default="")
    ai_summary_status = models.CharField(max_length=10, choices=SummaryStatus.choices, blank=True, default="")
    ai_summary_error = models.CharField(max_length=500, blank=True)
    ai_summary_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: draft. In the future: scheduled. Past: public."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChangelogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "changelog entry"
        verbose_name_plural = "changelog entries"
        indexes = [
            # The public list: a project's entries with published_at <= now, newest first.
            models.Index(
                fields=["project", "-published_at", "-created_at"],
                condition=models.Q(published_at__isnull=False),
                name="changelog_public_list",
            ),
            models.Index(fields=["project", "-created_at"], name="changelog_project_created"),
            # The summaries' sweeper: requests the broker may have lost.
            models.Index(
                fields=["ai_summary_requested_at"],
                condition=models.Q(ai_summary_status="pending"),
                name="changelog_summary_pending",
            ),
        ]

    def __str__(self):
        return f"{self.version} {self.title}".strip()

    def save(self, *args, **kwargs):
        # The last line of defence: whatever path wrote `content`, only sanitised HTML is stored.
        self.content = sanitize_html(self.content)
        super().save(*args, **kwargs)

    def clean(self):
        self.content = sanitize_html(self.content)

    @property
    def permalink_slug(self):
        """The readable part of the entry's portal permalink: version and title, slugified."""
        return slugify(f"{self.version} {self.title}".replace(".", "-"))[:80].strip("-") or "entry"

    @property
    def status(self):
        if self.published_at is None:
            return EntryStatus.DRAFT
        return EntryStatus.SCHEDULED if self.published_at > timezone.now() else EntryStatus.PUBLISHED


class ChangelogView(models.Model):
    """One row per (entry, visitor) that has seen the entry; the unseen badge reads these."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(ChangelogEntry, on_delete=models.CASCADE, related_name="views")
    visitor_id = models.UUIDField(help_text="Visitor id (x-pulse-user-id)")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "visitor_id"], name="changelog_one_view_per_visitor"),
        ]
        indexes = [models.Index(fields=["project", "visitor_id"], name="changelog_view_visitor")]

    def __str__(self):
        return f"{self.visitor_id} saw {self.entry_id}"
