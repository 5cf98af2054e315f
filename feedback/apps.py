"""The feedback app: private threads, and the public idea board (issue 20)."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self):
        from pulse.api.caching import invalidate_on_change
        from pulse.votes import connect_vote_counter

        from .models import Feedback, IdeaComment, IdeaVote
        from .selectors import PUBLIC_CACHE_RESOURCE, idea_vote_changed

        # Idea upvotes are counted by the one vote path (pulse/votes.py), as roadmap votes are.
        connect_vote_counter(IdeaVote, on_change=idea_vote_changed)
        invalidate_on_change(Feedback, PUBLIC_CACHE_RESOURCE)
        # Comments change an idea's page and its comment count on the board.
        invalidate_on_change_of_idea(IdeaComment)
        connect_duplicate_vectors(Feedback)


def invalidate_on_change_of_idea(model):
    """Drop the cached board of the project of the idea a `model` row (with `idea`) is about."""
    from django.db.models.signals import post_delete, post_save

    from .selectors import forget_cached_board

    def receiver(sender, instance, **kwargs):
        forget_cached_board(project_id=instance.idea.project_id)

    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"board-cache-{model.__name__}")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"board-cache-del-{model.__name__}")


def connect_duplicate_vectors(model):
    """Vectors of possible duplicates (issue 23): asked for when an item's text may have
    changed, dropped with the item (feedback/duplicates.py)."""
    from django.db.models.signals import post_delete, post_save

    from .duplicates import forget_deleted, on_saved

    post_save.connect(on_saved, sender=model, dispatch_uid="feedback-embedding")
    post_delete.connect(forget_deleted, sender=model, dispatch_uid="feedback-embedding-forget")
