"""Keep `RoadmapEntry.vote_count` (ups minus downs) in step with the votes.

Every change is an `F()` update in the vote's own transaction, so concurrent votes never
lose an update, and drops the project's cached public roadmap (it shows the counts). Bulk
writes that bypass signals (queryset `update`, `bulk_create`) are repaired by
`python manage.py recount_votes`.
"""

from django.db.models import F, QuerySet

from .models import RoadmapEntry, RoadmapVote
from .selectors import forget_cached_roadmap


def _add_to_count(vote, delta):
    if delta:
        RoadmapEntry.objects.filter(pk=vote.entry_id).update(vote_count=F("vote_count") + delta)
        forget_cached_roadmap(project_id=vote.entry.project_id)


def remember_stored_vote_type(sender, instance, raw=False, **kwargs):
    """pre_save: know what the row held before, for an instance not loaded from the database."""
    if raw or hasattr(instance, "_stored_vote_type"):
        return
    if instance._state.adding:
        instance._stored_vote_type = None
    else:
        instance._stored_vote_type = (
            RoadmapVote.objects.filter(pk=instance.pk).values_list("vote_type", flat=True).first()
        )


def vote_saved(sender, instance, created, raw=False, **kwargs):
    """post_save: a new vote adds its weight; a switch from down to up adds 2, and back -2."""
    if raw:
        return
    previous = None if created else instance._stored_vote_type
    _add_to_count(instance, RoadmapVote.weight(instance.vote_type) - RoadmapVote.weight(previous))
    instance._stored_vote_type = instance.vote_type


def vote_deleted(sender, instance, origin=None, **kwargs):
    """post_delete: a removed vote takes its weight back, unless its entry is going too."""
    deleting_votes = isinstance(origin, RoadmapVote) or (isinstance(origin, QuerySet) and origin.model is RoadmapVote)
    if not deleting_votes:
        return
    stored = getattr(instance, "_stored_vote_type", instance.vote_type)
    _add_to_count(instance, -RoadmapVote.weight(stored))
