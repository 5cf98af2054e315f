"""Embedding vectors for similar feedback (issue 23, with an embeddings-capable provider).

    if embeddings.available(project):
        embeddings.store(project=project, kind="feedback", items=[(item.pk, text_of(item))])
        embeddings.nearest(project=project, kind="feedback", text=typed, limit=5, exclude_ids=[item.pk])
        -> [(object_id, similarity), ...], most similar first

The default (offline provider, or a project with AI off) has no vectors: similar feedback is
then the database's trigram similarity (`feedback.selectors.similar_feedback`, issue 20).

**Storage choice.** One `pulse.models.Embedding` row per item (project, kind, object id):
the vector as packed float32 bytes, L2-normalised when stored, compared by cosine
similarity (a dot product) in Python over the project's vectors of the same kind and model.
Not pgvector: it is a PostgreSQL server extension (a system package and `CREATE EXTENSION`
by a superuser), not something `pip install -r requirements.txt` provides, and the embedded
default runs on SQLite. Not a JSON list of floats: 4 bytes a dimension instead of about 20,
and `array.frombytes` reads it at C speed where `json.loads` parses text. The scan is
bounded: the newest PULSE_AI_SIMILAR_POOL vectors of the project (2,000 by default: about
6 MB and 0.1 s at 768 dimensions, bench/embeddings.py). Move to pgvector (or another index)
when projects outgrow that.

**Which text.** The caller decides (for feedback: title, a blank line, description); it is
cut to PULSE_AI_MAX_INPUT_CHARS before it is sent, and its digest (with the model's name)
decides whether it must be sent again: an unchanged item costs nothing; a changed model
re-embeds lazily (vectors of another model are never compared).

Errors: `store` and `nearest(text=...)` raise `pulse.ai.AIError` when the provider fails;
callers fall back to trigram similarity.

**Where it is used** (issue 23, part 2): feedback/duplicates.py queues the job that stores an
item's vector (kind "feedback": title, a blank line, description) when it is created or its
text changes, forgets it when the item is deleted, and sweeps items without one;
`feedback.selectors.possible_duplicates` (the team's "possible duplicates") ranks by
`nearest(vector=<the item's stored vector>)`, so the page never calls the AI server, and
falls back to `similar_feedback` (trigrams) without a current vector. The visitor's
while-typing suggestions stay on trigrams (one request to the AI server per keystroke is
neither fast nor private). The labelled set: tests/feedback/data/near_duplicates.json.
"""

import hashlib
import math
import operator
import sys
from array import array

from django.conf import settings
from django.db import transaction

from .ai import get_provider
from .models import Embedding


def available(project, provider=None):
    """True when `project` uses vectors: AI on and a provider with embeddings."""
    return project.ai_enabled and (provider or get_provider()).can_embed


def digest(model, text):
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


def pack(vector):
    """float32 little-endian bytes of `vector` scaled to length 1 (a zero vector stays zero)."""
    norm = math.sqrt(sum(value * value for value in vector)) or 1.0
    packed = array("f", (value / norm for value in vector))
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def unpack(data):
    values = array("f")
    values.frombytes(bytes(data))
    if sys.byteorder == "big":
        values.byteswap()
    return values


def cosine(a, b):
    """Cosine similarity of two L2-normalised vectors (-1 to 1; 0 when their sizes differ)."""
    if len(a) != len(b):
        return 0.0
    return sum(map(operator.mul, a, b))


def store(*, project, kind, items, provider=None):
    """Embed the items of `items` ((object_id, text) pairs) whose text or model changed since
    their vector was stored, in batches of PULSE_AI_EMBED_BATCH; returns how many were sent.
    Raises AIError (the vectors of earlier batches stay stored)."""
    provider = provider or get_provider()
    model = provider.embedding_model
    items = {object_id: text for object_id, text in items}
    stored = dict(
        Embedding.objects.filter(project=project, kind=kind, object_id__in=list(items)).values_list(
            "object_id", "digest"
        )
    )
    due = [(pk, text) for pk, text in items.items() if stored.get(pk) != digest(model, text)]
    size = max(1, settings.PULSE_AI_EMBED_BATCH)
    for start in range(0, len(due), size):
        batch = due[start : start + size]
        vectors = provider.embed([text for _, text in batch])
        with transaction.atomic():
            for (pk, text), vector in zip(batch, vectors, strict=True):  # embed() checked the count
                Embedding.objects.update_or_create(
                    project=project,
                    kind=kind,
                    object_id=pk,
                    defaults={
                        "model": model,
                        "digest": digest(model, text),
                        "dimensions": len(vector),
                        "vector": pack(vector),
                    },
                )
    return len(due)


def nearest(*, project, kind, text=None, vector=None, limit=5, exclude_ids=(), among_ids=None, provider=None):
    """Up to `limit` (object_id, similarity) of `project`'s stored `kind` vectors most like
    `text` (embedded now) or `vector`, most similar first, ties by id; only similarities of at
    least PULSE_AI_SIMILARITY_THRESHOLD. `exclude_ids` are left out; `among_ids`, when given,
    are the only candidates. Reads the newest PULSE_AI_SIMILAR_POOL vectors of the model."""
    provider = provider or get_provider()
    if vector is None:
        (vector,) = provider.embed([text])
    wanted = unpack(pack(vector))
    rows = Embedding.objects.filter(project=project, kind=kind, model=provider.embedding_model)
    if exclude_ids:
        rows = rows.exclude(object_id__in=list(exclude_ids))
    if among_ids is not None:
        rows = rows.filter(object_id__in=list(among_ids))
    rows = rows.order_by("-updated_at").values_list("object_id", "vector")[: settings.PULSE_AI_SIMILAR_POOL]
    threshold = settings.PULSE_AI_SIMILARITY_THRESHOLD
    scored = [(pk, cosine(wanted, unpack(data))) for pk, data in rows]
    scored = [(pk, score) for pk, score in scored if score >= threshold]
    scored.sort(key=lambda pair: (-pair[1], str(pair[0])))
    return scored[: max(0, limit)]


def forget(*, project, kind, object_ids):
    """Delete the vectors of these items (deleted or merged away); returns how many."""
    deleted, _ = Embedding.objects.filter(project=project, kind=kind, object_id__in=list(object_ids)).delete()
    return deleted
