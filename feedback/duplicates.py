"""The vectors behind the team's "possible duplicates" (issue 23, part 2).

With an embeddings-capable provider (`pulse.ai`, OpenAI-compatible with an embedding model)
and the project's AI switch on (`Project.ai_enabled`), each feedback item or idea has a
vector (`pulse.embeddings`, kind "feedback") of `embedding_text(item)`; the one read that
uses them is `feedback.selectors.possible_duplicates`.

When a vector is written:
- a new item, or a save that may change its title or description (`update_fields` None or
  naming one of them), asks for `embed` once the transaction commits (`request_embedding`:
  `notifications.outbox.enqueue`, as changelog/summaries.py queues summaries). The job sends
  only a text whose digest changed (`pulse.embeddings.store`), so a save that changed
  nothing costs a read, not a request to the AI server;
- `sweep` (beat, `feedback.tasks.sweep_embeddings`) embeds items that have no vector yet:
  a job the broker lost, or the items written before the provider was configured.
A deleted item's vector goes with it (`forget`, from `services.delete_feedback`); a merged one is left out by the
read and its vector is never compared again.

AI off: nothing is queued, `embed` and `sweep` skip the project, no text leaves the server.
The provider failing (`AIError`) is logged: the team then sees trigram suggestions.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef

from notifications.outbox import enqueue
from pulse import embeddings
from pulse.ai import AIError, get_provider
from pulse.models import Embedding

from .models import Feedback

log = logging.getLogger(__name__)

KIND = "feedback"  # pulse.models.Embedding.kind of feedback items and ideas
TASK = "feedback.tasks.embed_feedback"
TEXT_FIELDS = frozenset({"title", "description"})


def embedding_text(feedback):
    """What is embedded for an item: its title, a blank line, its description (cut to
    PULSE_AI_MAX_INPUT_CHARS by the provider). The email, page URL, browser data, replies
    and notes are never sent (SECURITY.md, AI)."""
    return f"{feedback.title}\n\n{feedback.description}".strip()


def request_embedding(feedback):
    """Queue `embed` for `feedback` after the transaction commits, when its project uses vectors."""
    if embeddings.available(feedback.project):
        pk = str(feedback.pk)
        transaction.on_commit(lambda: enqueue(TASK, pk))


def on_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """post_save of Feedback: a new item, or a save that may have changed its text."""
    if raw or instance.merged_into_id is not None:
        return
    if created or update_fields is None or TEXT_FIELDS & set(update_fields):
        request_embedding(instance)


def forget(feedback):
    """Drop `feedback`'s vector (called by `services.delete_feedback`; a project's deletion
    takes all of its vectors by cascade, without a query per item)."""
    embeddings.forget(project=feedback.project_id, kind=KIND, object_ids=[feedback.pk])


def embed(feedback_id):
    """The job: store the vector of one item. Returns "done" (sent or already current),
    "failed" (the provider failed; logged) or "skipped" (gone, merged, or AI not used)."""
    feedback = Feedback.objects.select_related("project").filter(pk=feedback_id).first()
    if feedback is None or feedback.merged_into_id is not None:
        return "skipped"
    provider = get_provider()
    if not embeddings.available(feedback.project, provider):
        return "skipped"
    try:
        embeddings.store(
            project=feedback.project, kind=KIND, items=[(feedback.pk, embedding_text(feedback))], provider=provider
        )
    except AIError as exc:
        log.warning("Embedding of feedback %s failed: %s", feedback.pk, exc)
        return "failed"
    return "done"


def sweep(limit=None):
    """Embed items of projects with AI on that have no vector of the current model, newest
    first, at most `limit` (4 x PULSE_AI_EMBED_BATCH) a run; returns how many were sent."""
    provider = get_provider()
    if not provider.can_embed:
        return 0
    limit = limit or 4 * max(1, settings.PULSE_AI_EMBED_BATCH)
    vectors = Embedding.objects.filter(
        project=OuterRef("project_id"), kind=KIND, object_id=OuterRef("pk"), model=provider.embedding_model
    )
    missing = (
        Feedback.objects.filter(project__ai_enabled=True, merged_into__isnull=True)
        .exclude(Exists(vectors))
        .select_related("project")
        .order_by("-created_at")[:limit]
    )
    by_project = {}
    for item in missing:
        by_project.setdefault(item.project_id, (item.project, []))[1].append((item.pk, embedding_text(item)))
    sent = 0
    for project, items in by_project.values():
        try:
            sent += embeddings.store(project=project, kind=KIND, items=items, provider=provider)
        except AIError as exc:
            log.warning("Embedding sweep of project %s failed: %s", project.slug, exc)
    return sent
