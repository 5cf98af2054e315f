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
from notifications.services import delete_notifications_about, notify
from pulse import votes
from pulse.portal import public_page_url
from pulse.votes import VotingClosed

from .models import MAX_SORT_ORDER, VOTING_CLOSED_STATUSES, RoadmapEntry, RoadmapVote
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


def next_sort_order(*, project, milestone_number):
    """The sort_order that puts a new entry last in its milestone; always within the bound.

    Last + 1, or 0 in an empty milestone. When last + 1 would pass MAX_SORT_ORDER (a client
    set a high value), the milestone is first renumbered 1, 2, 3... in its current order
    (rows locked), so the derived value is valid and the order kept. Call inside a transaction.
    """
    milestone = RoadmapEntry.objects.filter(project=project, milestone_number=milestone_number)
    last = milestone.aggregate(last=Max("sort_order"))["last"]
    if last is None:
        return 0
    if last < MAX_SORT_ORDER:
        return last + 1
    ordered = list(milestone.select_for_update(no_key=True).order_by("sort_order", "created_at").only("id"))
    now = timezone.now()
    for position, entry in enumerate(ordered, start=1):
        entry.sort_order, entry.updated_at = position, now
    RoadmapEntry.objects.bulk_update(ordered, ["sort_order", "updated_at"], batch_size=1000)
    forget_cached_roadmap(project_id=project.pk)
    return len(ordered) + 1


@transaction.atomic
def create_roadmap_entry(*, project, **fields):
    """Create an entry; without a `sort_order` it goes last in its milestone (`next_sort_order`)."""
    _check_editable(fields)
    entry = RoadmapEntry(project=project, **fields)
    if "sort_order" not in fields:
        entry.sort_order = next_sort_order(project=project, milestone_number=entry.milestone_number)
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
        # An idea promoted to this entry takes its status (issue 20).
        from feedback.services import follow_roadmap_entry

        follow_roadmap_entry(entry=entry)
    return entry


def notify_upvoters(*, event, batch_size=5000):
    """In-app notifications of a `roadmap.status_changed` event for every upvoter of the
    entry and every voter of the idea promoted to it (as the event says it: status and name
    at the time of the change), inserted `batch_size` at a time; running it again adds
    nothing. Returns how many were inserted (conflicts included)."""
    data = event.payload
    entry_id, status, previous_status = data["entry"]["id"], data["status"], data["previous_status"]
    title, message = STATUS_NOTICES[status]
    upvoters = (
        RoadmapVote.objects.filter(entry_id=entry_id, vote_type=RoadmapVote.VoteType.UP)
        .order_by()
        .values_list("visitor_id", flat=True)
    )
    # The voters of the idea promoted to this entry count as its upvoters (issue 20); the
    # union counts a visitor who voted on both once.
    from feedback.models import IdeaVote

    idea_voters = IdeaVote.objects.filter(idea__roadmap_entry_id=entry_id).order_by().values_list("visitor_id")
    upvoters = upvoters.union(idea_voters)
    batch, count = [], 0
    for visitor_id in upvoters.iterator(chunk_size=batch_size):
        batch.append(visitor_id)
        if len(batch) == batch_size:
            count += _notify_batch(event, batch, title, message, entry_id, status, previous_status)
            batch = []
    if batch:
        count += _notify_batch(event, batch, title, message, entry_id, status, previous_status)
    return count


def roadmap_link(project, entry_id):
    """A notification's link to a roadmap entry: its place on the public portal's roadmap
    when the portal is public (the widget opens it in place and offers it in a new tab),
    else the widget's own path `/roadmap#<id>` (seed: notification links)."""
    return public_page_url(project, "portal-roadmap", anchor=f"#entry-{entry_id}") or f"/roadmap#{entry_id}"


def _notify_batch(event, visitor_ids, title, message, entry_id, status, previous_status):
    return len(
        notify(
            project=event.project,
            user_ids=visitor_ids,
            type=Notification.Type.ROADMAP,
            title=title.format(name=Truncator(event.payload["entry"]["feature_name"]).chars(150)),
            message=message,
            link=roadmap_link(event.project, entry_id),
            metadata={"roadmap_entry_id": entry_id, "feature_status": status, "previous_status": previous_status},
            source_event=event.pk,
        )
    )


@transaction.atomic
def delete_roadmap_entry(*, entry):
    """Delete an entry with its votes and the notifications pointing at it (upvoter notices)."""
    delete_notifications_about(project_id=entry.project_id, key="roadmap_entry_id", object_id=entry.pk)
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
    `published_only`, no such published entry), and VotingClosed when the entry is completed
    or cancelled (issue 18: the seed is silent; votes ask "should we build this?", a question
    closed once the item shipped or was dropped; existing votes stay and still count).
    The `roadmap.vote` event is recorded in the vote's transaction when an endpoint lists it.
    """
    entries = RoadmapEntry.objects.filter(pk=entry_id, project_id=project_id)
    if published_only:
        entries = entries.filter(published_at__lte=timezone.now())
    open_entries = entries.exclude(feature_status__in=VOTING_CLOSED_STATUSES).only("id", "project_id", "vote_count")
    # Whether an endpoint takes `roadmap.vote` is read in the lock's own statement (no extra
    # query per vote); roadmap/signals.py emits the event in the vote's transaction then.
    open_entries = open_entries.annotate(vote_webhooks=events.endpoints_listing("roadmap.vote"))
    try:
        return votes.toggle_vote(
            targets=open_entries, vote_model=RoadmapVote, visitor_id=visitor_id, vote_type=vote_type
        )
    except RoadmapEntry.DoesNotExist:
        status = entries.values_list("feature_status", flat=True).first()
        if status is None:
            raise
        raise VotingClosed(RoadmapEntry.Status(status).label) from None


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
