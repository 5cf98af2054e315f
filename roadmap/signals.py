"""Where the roadmap connects its votes to the core's vote counter (pulse/votes.py).

`RoadmapEntry.vote_count` (ups minus downs) follows every `RoadmapVote` save and delete by
an `F()` update in the vote's own transaction, so concurrent votes never lose an update,
and each change drops the project's cached public roadmap (it shows the counts). Bulk
writes that bypass signals (queryset `update`, `bulk_create`) are repaired by
`python manage.py recount_votes`.
"""

from pulse.votes import connect_vote_counter

from .models import RoadmapVote
from .selectors import forget_cached_roadmap


def vote_changed(vote):
    """The count of `vote.entry` changed: drop its project's cached public roadmap."""
    forget_cached_roadmap(project_id=vote.entry.project_id)


def connect():
    """Called once from RoadmapConfig.ready()."""
    connect_vote_counter(RoadmapVote, on_change=vote_changed)
