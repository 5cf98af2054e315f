"""The feedback app: private threads, and the public idea board (issue 20)."""

from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"

    def ready(self):
        from django.db.models.signals import post_save

        from pulse.api.caching import invalidate_on_change
        from pulse.votes import connect_vote_counter

        from . import duplicates
        from .models import Feedback, IdeaComment, IdeaVote
        from .selectors import PUBLIC_CACHE_RESOURCE, idea_vote_changed

        # Idea upvotes are counted by the one vote path (pulse/votes.py), as roadmap votes are.
        connect_vote_counter(IdeaVote, on_change=idea_vote_changed)
        invalidate_on_change(Feedback, PUBLIC_CACHE_RESOURCE)
        # Comments change an idea's page and its comment count on the board.
        invalidate_on_change_of_idea(IdeaComment)
        post_save.connect(duplicates.on_saved, sender=Feedback, dispatch_uid="feedback-embedding")  # issue 23


def invalidate_on_change_of_idea(model):
    """Drop the cached board of the project of the idea a `model` row (with `idea`) is about."""
    from django.db.models.signals import post_delete, post_save

    from .selectors import forget_cached_board

    def receiver(sender, instance, **kwargs):
        forget_cached_board(project_id=instance.idea.project_id)

    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"board-cache-{model.__name__}")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"board-cache-del-{model.__name__}")
