"""Where the roadmap connects its votes to the core's vote counter (pulse/votes.py).

`RoadmapEntry.vote_count` (ups minus downs) follows every `RoadmapVote` save and delete by
an `F()` update in the vote's own transaction, so concurrent votes never lose an update,
and each change drops the project's cached public roadmap (it shows the counts). Bulk
writes that bypass signals (queryset `update`, `bulk_create`) are repaired by
`python manage.py recount_votes`.
"""

from notifications import events
from pulse.votes import connect_vote_counter

from .models import RoadmapEntry, RoadmapVote
from .selectors import forget_cached_roadmap


def vote_changed(vote):
    """The count of `vote.entry` changed: drop its project's cached public roadmap, and
    record `roadmap.vote` when the entry was locked with `vote_webhooks` true (an endpoint
    of the project lists it: roadmap.services.toggle_vote), with the count and the
    visitor's vote as they are now (two reads, only then)."""
    entry = vote.entry
    forget_cached_roadmap(project_id=entry.project_id)
    if getattr(entry, "vote_webhooks", False):
        events.roadmap_vote(
            project_id=entry.project_id,
            entry_id=entry.pk,
            visitor_id=vote.visitor_id,
            vote_count=RoadmapEntry.objects.values_list("vote_count", flat=True).get(pk=entry.pk),
            vote_type=RoadmapVote.objects.filter(entry_id=entry.pk, visitor_id=vote.visitor_id)
            .values_list("vote_type", flat=True)
            .first(),
        )


def connect():
    """Called once from RoadmapConfig.ready()."""
    connect_vote_counter(RoadmapVote, on_change=vote_changed)
