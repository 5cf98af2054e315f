"""The generated `ai_summary` of changelog entries (issue 23): when it is asked for, the job
that writes it, and the sweeper. The provider is `pulse.ai.get_provider()`.

The entry row holds the state, as outbox rows do (notifications/outbox.py):
`ai_summary_status` pending / done / failed, `ai_summary_error`, `ai_summary_requested_at`,
and `ai_summary_source` (generated / edited). The rules:

- An entry that is public (published, or scheduled and its time came: `emit_due_published_events`)
  with an empty `ai_summary`, in a project with AI on, gets a summary: `request_if_missing`
  marks it pending in the publishing transaction and enqueues `generate_summary` once it
  commits. A broker that is down loses nothing: `sweep` (beat) sends pending requests again.
- The job runs the provider outside any transaction and writes only while the request it
  answers is still the current one (same status and `requested_at`): a team edit made
  meanwhile wins. A failure is stored on the entry (status failed + error, shown in the
  dashboard); publishing never waits for it and never fails because of it.
- A team edit (dashboard or Admin API) marks the summary edited and cancels a pending
  request; the job never overwrites it. Emptying it hands it back to the job. "Regenerate"
  (`request_summary`) is the team asking explicitly, so it replaces even an edited summary.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.outbox import SWEEP_LIMIT, enqueue
from pulse.ai import AIError, get_provider, text_of_html

from .models import ChangelogEntry, SummarySource, SummaryStatus

log = logging.getLogger(__name__)

AI_OFF = "AI features are off for this project (Settings)."
NO_TEXT = "The entry has no text to summarise."
TASK = "changelog.tasks.generate_summary"


def wants_summary(entry, now=None):
    """True when the job should fill `entry`'s summary: public, empty, AI on, none pending."""
    return (
        entry.published_at is not None
        and entry.published_at <= (now or timezone.now())
        and not entry.ai_summary
        and entry.ai_summary_status != SummaryStatus.PENDING
        and entry.project.ai_enabled
    )


def request_summary(*, entry, now=None):
    """Mark `entry`'s summary pending and enqueue the job when the transaction commits.

    The dashboard's "Regenerate" calls it directly; raises ValidationError when the
    project's AI features are off.
    """
    if not entry.project.ai_enabled:
        raise ValidationError(AI_OFF)
    fields = {
        "ai_summary_status": SummaryStatus.PENDING,
        "ai_summary_error": "",
        "ai_summary_requested_at": now or timezone.now(),
    }
    ChangelogEntry.objects.filter(pk=entry.pk).update(**fields)
    for name, value in fields.items():
        setattr(entry, name, value)
    pk = str(entry.pk)
    transaction.on_commit(lambda: enqueue(TASK, pk))


def request_if_missing(*, entry, now=None):
    """`request_summary` when `wants_summary`; returns whether it did."""
    if not wants_summary(entry, now):
        return False
    request_summary(entry=entry, now=now)
    return True


def note_edit(entry):
    """The team set `entry.ai_summary` (not saved yet): edited, or handed back to the job when
    emptied; a pending request is cancelled (its answer would be dropped anyway)."""
    entry.ai_summary_source = SummarySource.EDITED if entry.ai_summary else SummarySource.NONE
    entry.ai_summary_status = SummaryStatus.NONE
    entry.ai_summary_error = ""


def source_text(entry):
    """What is summarised: the text of the sanitised content, else the entry's `summary`."""
    return text_of_html(entry.content) or entry.summary.strip()


def generate(entry_id):
    """The job: write the summary of a pending entry. Returns "done", "failed" or "skipped"
    (not pending any more, deleted, or superseded by an edit or a newer request)."""
    entry = ChangelogEntry.objects.select_related("project").filter(pk=entry_id).first()
    if entry is None or entry.ai_summary_status != SummaryStatus.PENDING:
        return "skipped"
    current = ChangelogEntry.objects.filter(
        pk=entry.pk, ai_summary_status=SummaryStatus.PENDING, ai_summary_requested_at=entry.ai_summary_requested_at
    )
    if not entry.project.ai_enabled:
        current.update(ai_summary_status=SummaryStatus.NONE)
        return "skipped"
    error = ""
    try:
        text = source_text(entry)
        if not text:
            raise AIError(NO_TEXT)
        summary = get_provider().summarize(title=entry.title, text=text, language=entry.project.default_locale)
        if not summary:
            raise AIError(NO_TEXT)
    except AIError as exc:
        error = str(exc)
    except Exception:  # a bug must not leave the entry pending forever: recorded, logged
        log.exception("Summary of changelog entry %s failed", entry.pk)
        error = "Internal error while writing the summary (see the worker's log)."
    if error:
        updated = current.update(ai_summary_status=SummaryStatus.FAILED, ai_summary_error=error[:500])
        return "failed" if updated else "skipped"
    with transaction.atomic():
        entry = current.select_for_update().first()
        if entry is None:
            return "skipped"
        entry.ai_summary = summary
        entry.ai_summary_source = SummarySource.GENERATED
        entry.ai_summary_status = SummaryStatus.DONE
        entry.ai_summary_error = ""
        # A save, not an update: the public lists' cache is dropped by the model's signal.
        entry.save(
            update_fields=["ai_summary", "ai_summary_source", "ai_summary_status", "ai_summary_error", "updated_at"]
        )
    return "done"


def sweep():
    """Enqueue again the requests pending for longer than a job can run (the broker lost them,
    or a worker died); returns how many. Called by the beat (`changelog.tasks.sweep_summaries`)."""
    limit = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    ids = list(
        ChangelogEntry.objects.filter(
            ai_summary_status=SummaryStatus.PENDING, ai_summary_requested_at__lte=limit
        ).values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    for pk in ids:
        enqueue(TASK, str(pk))
    return len(ids)
