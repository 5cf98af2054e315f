"""Writes of the roadmap: entries (create, update with upvoter notifications, delete, reorder),
votes (the toggle) and the vote-count rebuild. Every function here is atomic.
"""

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Max, Sum, When
from django.utils import timezone
from django.utils.text import Truncator

from notifications.models import Notification
from notifications.services import notify

from .models import RoadmapEntry, RoadmapVote
from .selectors import forget_cached_roadmap

# What a client may set: not id, project, vote_count or the timestamps (none is editable).
EDITABLE_FIELDS = frozenset(field.name for field in RoadmapEntry._meta.concrete_fields if field.editable) - {"project"}
VOTE_ATTEMPTS = 3

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
        notify_upvoters(entry=entry, previous_status=previous_status)
    return entry


def notify_upvoters(*, entry, previous_status):
    title, message = STATUS_NOTICES[entry.feature_status]
    upvoters = RoadmapVote.objects.filter(entry=entry, vote_type=RoadmapVote.VoteType.UP).values_list(
        "visitor_id", flat=True
    )
    return notify(
        project=entry.project,
        user_ids=list(upvoters),
        type=Notification.Type.ROADMAP,
        title=title.format(name=Truncator(entry.feature_name).chars(150)),
        message=message,
        link=f"/roadmap#{entry.pk}",
        metadata={
            "roadmap_entry_id": str(entry.pk),
            "feature_status": entry.feature_status,
            "previous_status": previous_status,
        },
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
    """Vote `vote_type` on an entry: the same type again removes it, the other switches it.

    Returns (vote_count, user_vote) with user_vote None when the vote was removed; raises
    RoadmapEntry.DoesNotExist when the project has no such entry (or, with
    `published_only`, no such published entry). Toggles of one entry run one at a time:
    each locks the entry row first (every vote updates that row's vote_count anyway, so
    this costs no concurrency), then reads and writes the visitor's vote.

    On PostgreSQL this is one call of `roadmap_toggle_vote` (migration 0002), a single
    round trip; elsewhere the same steps through the ORM, whose vote signals keep the count.
    """
    published_by = timezone.now() if published_only else None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT * FROM roadmap_toggle_vote(%s, %s, %s, %s, %s)",
                [entry_id, project_id, visitor_id, vote_type, published_by],
            )
            row = cursor.fetchone()
        if row is None:
            raise RoadmapEntry.DoesNotExist("No such roadmap entry")
        forget_cached_roadmap(project_id=project_id)
        return row
    entries = RoadmapEntry.objects.filter(pk=entry_id, project_id=project_id)
    if published_by is not None:
        entries = entries.filter(published_at__lte=published_by)
    for attempt in range(1, VOTE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _toggle_vote(entries=entries, visitor_id=visitor_id, vote_type=vote_type)
        except IntegrityError:
            # SQLite has no row locks: a concurrent toggle of the same vote can collide.
            if attempt == VOTE_ATTEMPTS or not entries.exists():
                raise


def _toggle_vote(*, entries, visitor_id, vote_type):
    entry = entries.select_for_update(no_key=True).only("id", "project_id").first()
    if entry is None:
        raise RoadmapEntry.DoesNotExist("No such roadmap entry")
    vote = RoadmapVote.objects.filter(entry=entry, visitor_id=visitor_id).first()
    if vote is None:
        RoadmapVote.objects.create(entry=entry, visitor_id=visitor_id, vote_type=vote_type)
        user_vote = vote_type
    else:
        vote.entry = entry  # the signals need its project: spare them a query
        if vote.vote_type == vote_type:
            vote.delete()
            user_vote = None
        else:
            vote.vote_type = vote_type
            vote.save(update_fields=["vote_type"])
            user_vote = vote_type
    vote_count = RoadmapEntry.objects.filter(pk=entry.pk).values_list("vote_count", flat=True).get()
    return vote_count, user_vote


@transaction.atomic
def recount_votes(*, project=None):
    """Rebuild vote counts from the votes; returns [(entry, stored, counted)] for the corrected.

    The entries are locked first, so a vote in flight either is counted here or adds its
    own F() update after this transaction: none is lost or counted twice.
    """
    entries = RoadmapEntry.objects.select_for_update(no_key=True).select_related("project").order_by("pk")
    votes = RoadmapVote.objects.all()
    if project is not None:
        entries = entries.filter(project=project)
        votes = votes.filter(entry__project=project)
    entries = list(entries)
    weight = Case(When(vote_type=RoadmapVote.VoteType.UP, then=1), default=-1)
    net = dict(votes.order_by().values("entry_id").annotate(net=Sum(weight)).values_list("entry_id", "net"))
    corrections = []
    for entry in entries:
        counted = net.get(entry.pk, 0)
        if entry.vote_count != counted:
            corrections.append((entry, entry.vote_count, counted))
            entry.vote_count = counted
    RoadmapEntry.objects.bulk_update([entry for entry, _, _ in corrections], ["vote_count"])
    for project_id in {entry.project_id for entry, _, _ in corrections}:
        forget_cached_roadmap(project_id=project_id)
    return corrections
