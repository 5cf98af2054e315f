"""Writes on changelog entries: the one path for creating, editing, publishing and views.

`content` (HTML) or `content_markdown` (rendered to HTML) is sanitised before it is stored;
the model's `save` sanitises again, so no other path can store unsafe HTML either. Markdown
is kept as written in `content_markdown` beside the HTML it renders to, so the next edit is
of the Markdown (issue 18); writing HTML empties it (the HTML is then the source).
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications import events
from notifications.models import OutboxEvent
from notifications.services import delete_notifications_about
from pulse.text import validate_storable_text

from . import summaries
from .content import render_markdown, sanitize_html
from .models import ChangelogEntry, ChangelogView

PROTECTED_FIELDS = frozenset({"id", "pk", "project", "project_id", "created_at", "updated_at"})


def _set_content(entry, content, content_markdown):
    """Set `content` (+ its Markdown source) from whichever was passed; neither: unchanged."""
    if content is not None and content_markdown is not None:
        raise ValueError("Pass content or content_markdown, not both")
    if content_markdown is not None:
        try:  # the text rule on the source, so the error names the field the author typed in
            validate_storable_text(content_markdown)
        except ValidationError as error:
            raise ValidationError({"content_markdown": error.messages}) from None
        entry.content_markdown = content_markdown
        entry.content = render_markdown(content_markdown)
    elif content is not None:
        entry.content_markdown = ""
        entry.content = sanitize_html(content)


def _assign(entry, fields):
    protected = PROTECTED_FIELDS.intersection(fields)
    if protected:
        raise TypeError(f"Not writable: {', '.join(sorted(protected))}")
    for name, value in fields.items():
        setattr(entry, name, value)


def _published(entry, now=None):
    """An entry may have become public: its event, and its summary when it has none
    (changelog/summaries.py); both do nothing for a draft or an entry still scheduled."""
    event = events.changelog_published(entry, now=now)
    summaries.request_if_missing(entry=entry, now=now)
    return event


@transaction.atomic
def create_entry(*, project, content=None, content_markdown=None, **fields):
    """Create an entry (a draft unless `published_at` is given). Validates with `full_clean`.
    An `ai_summary` given counts as the team's (edited); none: the job writes one once public."""
    entry = ChangelogEntry(project=project)
    _assign(entry, fields)
    _set_content(entry, content, content_markdown)
    if entry.ai_summary:
        summaries.note_edit(entry)
    entry.full_clean()
    entry.save()
    _published(entry)
    return entry


@transaction.atomic
def update_entry(*, entry, content=None, content_markdown=None, **fields):
    """Change the given fields; content only when `content` or `content_markdown` is passed.
    A changed `ai_summary` is the team's edit (summaries.note_edit); emptied, the job refills it."""
    previous_summary = entry.ai_summary
    _assign(entry, fields)
    _set_content(entry, content, content_markdown)
    if entry.ai_summary != previous_summary:
        summaries.note_edit(entry)
    entry.full_clean()
    entry.save()
    if "published_at" in fields:
        events.changelog_published(entry)
    summaries.request_if_missing(entry=entry)
    return entry


@transaction.atomic
def delete_entry(*, entry):
    """Delete an entry with its view records and the notifications pointing at it."""
    delete_notifications_about(project_id=entry.project_id, key="changelog_entry_id", object_id=entry.pk)
    entry.delete()


def publish_entry(*, entry, published_at=None):
    """Publish now, or at `published_at` (a future date schedules the entry: its
    `changelog.published` event is emitted by `emit_due_published_events` when it is due)."""
    entry.published_at = published_at or timezone.now()
    entry.save(update_fields=["published_at", "updated_at"])
    _published(entry)
    return entry


def unpublish_entry(*, entry):
    """Back to draft: the entry leaves the public list, the feed and unseen counts."""
    entry.published_at = None
    entry.save(update_fields=["published_at", "updated_at"])
    return entry


def mark_viewed(*, entry, visitor_id):
    """Record that `visitor_id` saw `entry`; repeat and concurrent calls leave one row.

    ON CONFLICT DO NOTHING against the unique (entry, visitor_id) constraint: one statement,
    no read-then-write race, no IntegrityError to recover from.
    """
    ChangelogView.objects.bulk_create(
        [ChangelogView(project_id=entry.project_id, entry=entry, visitor_id=visitor_id)],
        ignore_conflicts=True,
    )


DUE_WINDOW_DAYS = 7


def emit_due_published_events(now=None):
    """Emit `changelog.published` for entries whose scheduled time came in the last
    DUE_WINDOW_DAYS days (the beat calls this every minute), and ask for their summary when
    they have none. Returns how many events were emitted."""
    now = now or timezone.now()
    due = list(
        ChangelogEntry.objects.filter(
            published_at__lte=now, published_at__gt=now - timedelta(days=DUE_WINDOW_DAYS)
        ).select_related("project")
    )
    done = set(
        OutboxEvent.objects.filter(dedupe_key__in=[events.changelog_published_key(entry) for entry in due]).values_list(
            "dedupe_key", flat=True
        )
    )
    emitted = 0
    for entry in due:
        if events.changelog_published_key(entry) not in done:
            with transaction.atomic():
                emitted += _published(entry, now=now) is not None
    return emitted
