"""Writes of the roadmap: entries (create, update with upvoter notifications, delete, reorder),
votes (the toggle) and the vote-count rebuild, the last two through pulse/votes.py. Every
function here is atomic.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator

from notifications import events
from notifications.models import Notification
from notifications.services import notify
from pulse import votes

from .models import RoadmapEntry, RoadmapVote
from .selectors import forget_cached_roadmap

# What a client may set: not id, project, vote_count or the timestamps (none is editable).
EDITABLE_FIELDS = frozenset(field.name for field in RoadmapEntry._meta.concrete_fields if field.editable) - {"project"}

STATUS_NOTICES = {
    RoadmapEntry.Status.PLANNED: ("“{name}” is planned", "A feature you voted for is on the roadmap."),
    RoadmapEntry.Status.IN_PROGRESS: ("Work has started on “{name}”", "A feature you voted for is now being built."),
    RoadmapEntry.Status.COMPLETED: ("“{name}” has shipped", "A feature you voted for is now available. Try it out!"),
    RoadmapEntry.Status.CANCELLED: (
        "“{name}” has been cancelled",
        "A feature you voted for is no longer planned. Thank you for your vote.",
    ),
}


def _check_editable(fields):
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable on a roadmap entry: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_roadmap_entry(*, project, **fields):
    """Create an entry; without a `sort_order` it goes last in its milestone."""
    _check_editable(fields)
    entry = RoadmapEntry(project=project, **fields)
    if "sort_order" not in fields:
        last = RoadmapEntry.objects.filter(project=project, milestone_number=entry.milestone_number).aggregate(
            last=Max("sort_order")
        )["last"]
        entry.sort_order = 0 if last is None else last + 1
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def update_roadmap_entry(*, entry, **fields):
    """Change an entry's fields; a new `feature_status` notifies every upvoter, in one insert."""
    _check_editable(fields)
    # Lock the row so the status compared with is the stored one: two concurrent changes to
    # the same new status notify the upvoters once, not twice.
    previous_status = (
        RoadmapEntry.objects.select_for_update(no_key=True).values_list("feature_status", flat=True).get(pk=entry.pk)
    )
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save(update_fields=[*fields, "updated_at"])
    if "feature_status" in fields and entry.feature_status != previous_status:
        # The upvoters' notifications, emails and webhooks are fanned out by the worker from
        # this outbox event (notify_upvoters), so the request does not grow with the voters.
        events.roadmap_status_changed(entry, previous_status)
    return entry


def notify_upvoters(*, event, batch_size=5000):
    """In-app notifications of a `roadmap.status_changed` event for every upvoter of the
    entry (as the event says it: status and name at the time of the change), inserted
    `batch_size` at a time; running it again adds nothing. Returns how many were inserted
    (conflicts included)."""
    data = event.payload
    entry_id, status, previous_status = data["entry"]["id"], data["status"], data["previous_status"]
    title, message = STATUS_NOTICES[status]
    upvoters = (
        RoadmapVote.objects.filter(entry_id=entry_id, vote_type=RoadmapVote.VoteType.UP)
        .order_by()
        .values_list("visitor_id", flat=True)
    )
    batch, count = [], 0
    for visitor_id in upvoters.iterator(chunk_size=batch_size):
        batch.append(visitor_id)
        if len(batch) == batch_size:
            count += _notify_batch(event, batch, title, message, entry_id, status, previous_status)
            batch = []
    if batch:
        count += _notify_batch(event, batch, title, message, entry_id, status, previous_status)
    return count


def _notify_batch(event, visitor_ids, title, message, entry_id, status, previous_status):
    return len(
        notify(
            project=event.project,
            user_ids=visitor_ids,
            type=Notification.Type.ROADMAP,
            title=title.format(name=Truncator(event.payload["entry"]["feature_name"]).chars(150)),
            message=message,
            link=f"/roadmap#{entry_id}",
            metadata={"roadmap_entry_id": entry_id, "feature_status": status, "previous_status": previous_status},
            source_event=event.pk,
        )
    )


@transaction.atomic
def delete_roadmap_entry(*, entry):
    """Delete an entry with its votes."""
    entry.delete()


@transaction.atomic
def reorder_entries(*, project, ids):
    """Give the listed entries `sort_order` 1, 2, 3... in list order; others keep theirs.

    Raises RoadmapEntry.DoesNotExist when an id is not one of the project's entries.
    """
    entries = {
        entry.pk: entry
        for entry in RoadmapEntry.objects.select_for_update(no_key=True).filter(project=project, pk__in=ids)
    }
    missing = [str(pk) for pk in ids if pk not in entries]
    if missing:
        raise RoadmapEntry.DoesNotExist(f"Unknown roadmap entry id(s): {', '.join(missing)}")
    now = timezone.now()
    ordered = [entries[pk] for pk in ids]
    for position, entry in enumerate(ordered, start=1):
        entry.sort_order = position
        entry.updated_at = now
    RoadmapEntry.objects.bulk_update(ordered, ["sort_order", "updated_at"])
    forget_cached_roadmap(project_id=project.pk)
    return ordered


def toggle_vote(*, entry_id, project_id, visitor_id, vote_type, published_only=False):
    """Vote `vote_type` ("up"/"down") on an entry: the same type again removes it, the other
    switches it (pulse.votes.toggle_vote, whose signals keep vote_count and drop the cached
    public roadmap).

    Returns (vote_count, user_vote) with user_vote None when the vote was removed; raises
    RoadmapEntry.DoesNotExist when the project has no such entry (or, with
    `published_only`, no such published entry).
    """
    entries = RoadmapEntry.objects.filter(pk=entry_id, project_id=project_id).only("id", "project_id", "vote_count")
    if published_only:
        entries = entries.filter(published_at__lte=timezone.now())
    return votes.toggle_vote(targets=entries, vote_model=RoadmapVote, visitor_id=visitor_id, vote_type=vote_type)


@transaction.atomic
def recount_votes(*, project=None):
    """Rebuild vote counts from the votes (pulse.votes.recount_votes), for one project or all.

    Returns [(entry, stored, counted)] for the corrected entries, each with its project
    loaded, and drops the cached public roadmap of every project corrected.
    """
    entries = RoadmapEntry.objects.select_related("project")
    if project is not None:
        entries = entries.filter(project=project)
    corrections = votes.recount_votes(targets=entries, vote_model=RoadmapVote)
    for project_id in {entry.project_id for entry, _, _ in corrections}:
        forget_cached_roadmap(project_id=project_id)
    return corrections
