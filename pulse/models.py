"""The core's one model: the embedding vectors of the AI features (pulse/embeddings.py)."""

from django.db import models


class Embedding(models.Model):
    """The vector of one item's text (a feedback item or idea, by `kind` and `object_id`),
    as `model` embedded it. Written and read by pulse/embeddings.py only.

    Generic on purpose: the core imports no app, so the item is named by kind + id rather
    than a foreign key; the app that owns the items forgets their vectors when it deletes
    them (`pulse.embeddings.forget`), and the project's deletion takes them all.
    `vector` is float32, little-endian, L2-normalised (so cosine similarity is a dot
    product); `digest` is the SHA-256 of model + text, so an unchanged text is never sent again.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=30)
    object_id = models.UUIDField()
    model = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    dimensions = models.PositiveIntegerField()
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "object_id"], name="embedding_one_per_item"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.model}, {self.dimensions})"
