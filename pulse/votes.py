"""Visitors' up/down votes on any model, and the net count kept on the voted object.

The rule, for every votable model: one vote per (target, visitor); voting the same type
again removes the vote, the other type switches it; the target's count is ups minus downs
(`WEIGHTS`, the only place a vote's weight is written).

A votable model has an integer count column (`vote_count` by default). Its vote model
subclasses `Vote`, adds the ForeignKey to the target (`on_delete=CASCADE`) and a
UniqueConstraint on (target, visitor_id), names the ForeignKey in `target_field` (and the
column in `count_field` if it is not `vote_count`), and is connected once, in its app's
`ready()`, with `connect_vote_counter`. From then on:

- every vote save and delete moves the count by an `F()` update in the vote's own
  transaction (the signals below), so concurrent votes never lose an update;
- `toggle_vote` is the visitor's toggle, and returns the new count without reading it again;
- `recount_votes` rebuilds counts from the votes after writes that bypass signals
  (queryset `update`, `bulk_create`, raw SQL).

The core imports no app: the app passes its querysets and models in.
"""

from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, QuerySet, Sum, When
from django.db.models.signals import post_delete, post_save, pre_save


class VoteType(models.TextChoices):
    UP = "up", "Up"
    DOWN = "down", "Down"


WEIGHTS = {VoteType.UP: 1, VoteType.DOWN: -1}
TOGGLE_ATTEMPTS = 3


def count_change(before, after):
    """What a vote going from type `before` to type `after` (None: no vote) adds to the count."""
    return WEIGHTS.get(after, 0) - WEIGHTS.get(before, 0)


class Vote(models.Model):
    """One visitor's up or down vote. Concrete models add the target ForeignKey and name it.

    An instance remembers what its row holds (`_stored`: (target id, vote type)) when it is
    loaded or saved, so the signals know what a save changed without a query. A vote is
    therefore changed through an instance loaded from the database; saving any other
    instance that is not new raises ValueError before writing.
    """

    VoteType = VoteType
    target_field = None  # name of the ForeignKey to the voted object, set by the concrete model
    count_field = "vote_count"  # the voted object's integer column holding the net count

    visitor_id = models.UUIDField(help_text="Visitor id (x-pulse-user-id)")
    vote_type = models.CharField(max_length=4, choices=VoteType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        target_attname = cls._meta.get_field(cls.target_field).attname
        if target_attname in instance.__dict__ and "vote_type" in instance.__dict__:
            instance._stored = (getattr(instance, target_attname), instance.vote_type)
        return instance

    @property
    def weight(self):
        """+1 for an upvote, -1 for a downvote (`WEIGHTS`)."""
        return WEIGHTS[self.vote_type]


def _target_state(vote):
    return (getattr(vote, vote._meta.get_field(vote.target_field).attname), vote.vote_type)


def _written_state(vote, before, update_fields):
    """(target id, vote type) the row holds after a save of `update_fields` (None: all)."""
    target_id, vote_type = _target_state(vote)
    if before is None or update_fields is None:
        return target_id, vote_type
    target = vote._meta.get_field(vote.target_field)
    return (
        target_id if {target.name, target.attname} & set(update_fields) else before[0],
        vote_type if "vote_type" in update_fields else before[1],
    )


def _touches_the_count(vote, update_fields):
    if update_fields is None:
        return True
    target = vote._meta.get_field(vote.target_field)
    return bool({"vote_type", target.name, target.attname} & set(update_fields))


def connect_vote_counter(vote_model, *, on_change=None):
    """Keep `vote_model`'s targets' counts with its saves and deletes; call once per model.

    `on_change(vote)`, if given, runs once per save or delete that changed a count, in the
    same transaction (e.g. to drop a cached list showing the counts); `toggle_vote` caches
    the target on the vote. Votes deleted by a cascade (a deletion whose origin is not a
    vote: their target, or the target's own parents) change no count, since the row holding
    it is going too: a vote model's only cascading parent is its target.
    """
    target = vote_model._meta.get_field(vote_model.target_field)
    target_manager = target.related_model._default_manager
    count_field = vote_model.count_field
    label = vote_model._meta.label_lower

    def add(target_id, delta):
        if delta:
            target_manager.filter(pk=target_id).update(**{count_field: F(count_field) + delta})
        return bool(delta)

    def stored_state_known(sender, instance, raw=False, update_fields=None, **kwargs):
        """pre_save: refuse a save that would change the count by an unknown amount."""
        if raw or instance._state.adding or hasattr(instance, "_stored"):
            return
        if _touches_the_count(instance, update_fields):
            raise ValueError(f"Save a {label} loaded from the database: what its row holds is not known.")

    def saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
        """post_save: a new vote adds its weight; a switch moves the count by 2 (up to down: -2)."""
        if raw:
            return
        before = None if created else getattr(instance, "_stored", None)
        after = _written_state(instance, before, update_fields)
        if before is not None and before[0] != after[0]:  # moved to another target
            changed = add(before[0], count_change(before[1], None))
            changed = add(after[0], count_change(None, after[1])) or changed
        else:
            changed = add(after[0], count_change(before and before[1], after[1]))
        instance._stored = after
        if changed and on_change is not None:
            on_change(instance)

    def deleted(sender, instance, origin=None, **kwargs):
        """post_delete: a removed vote takes its weight back, unless its target is going too."""
        deleting_votes = isinstance(origin, vote_model) or (isinstance(origin, QuerySet) and origin.model is vote_model)
        if not deleting_votes:
            return
        target_id, vote_type = getattr(instance, "_stored", None) or _target_state(instance)
        if add(target_id, count_change(vote_type, None)) and on_change is not None:
            on_change(instance)

    pre_save.connect(stored_state_known, sender=vote_model, weak=False, dispatch_uid=f"vote-counter-pre-{label}")
    post_save.connect(saved, sender=vote_model, weak=False, dispatch_uid=f"vote-counter-saved-{label}")
    post_delete.connect(deleted, sender=vote_model, weak=False, dispatch_uid=f"vote-counter-deleted-{label}")


class VotingClosed(Exception):
    """A vote on an item whose question is settled: a roadmap entry completed or cancelled
    (roadmap.services), an idea completed or declined (feedback.services). Votes ask "should
    we build this?"; once the item shipped or was dropped nothing changes, and the votes it
    has stay and count. `label`: the item's status in its module's words. The API answers
    400 with the message (the seed's status for a refused vote)."""

    def __init__(self, label):
        self.label = label
        super().__init__(f"Voting is closed: this item is {label.lower()}")


def toggle_vote(*, targets, vote_model, visitor_id, vote_type):
    """The visitor votes `vote_type` on the one target in `targets`: a new vote is stored,
    the same type again removes it, the other type switches it.

    Returns (count, user_vote): the target's new net count and the visitor's vote now
    (`vote_type`, or None when removed). Raises the target model's DoesNotExist when
    `targets` (a queryset of the target model narrowed to one row, by the caller's rules
    such as project and publication) is empty. `targets` may use `.only()` but must load
    the count column and what `on_change` reads.

    Four statements in one transaction: lock the target row (FOR NO KEY UPDATE, so toggles
    of one target run one at a time while other writers that do not change its key go on),
    read the visitor's vote, write it (the signals add the change to the count), and no
    read of the count afterwards: the count read under the lock plus the change is exact,
    since no other vote can change it before this transaction ends. SQLite has no row
    locks; its transactions start with BEGIN IMMEDIATE (pulse/settings.py), which
    serialises them whole. A vote written outside this lock (the Django admin, a script)
    can still take the visitor's place between the read and the insert: the unique
    constraint refuses the second, and the toggle starts again (TOGGLE_ATTEMPTS in all),
    finding that vote.
    """
    for attempt in range(1, TOGGLE_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return _toggle_vote(targets=targets, vote_model=vote_model, visitor_id=visitor_id, vote_type=vote_type)
        except IntegrityError:
            if attempt == TOGGLE_ATTEMPTS:
                raise


def _toggle_vote(*, targets, vote_model, visitor_id, vote_type):
    target = targets.select_for_update(no_key=True).get()
    target_field = vote_model._meta.get_field(vote_model.target_field)
    vote = vote_model.objects.filter(**{target_field.attname: target.pk}, visitor_id=visitor_id).first()
    before = None if vote is None else vote.vote_type
    after = None if before == vote_type else vote_type
    if vote is None:
        vote_model.objects.create(**{target_field.name: target}, visitor_id=visitor_id, vote_type=vote_type)
    else:
        setattr(vote, target_field.name, target)  # what on_change reads, without a query
        if after is None:
            vote.delete()
        else:
            vote.vote_type = after
            vote.save(update_fields=["vote_type"])
    return getattr(target, vote_model.count_field) + count_change(before, after), after


@transaction.atomic
def recount_votes(*, targets, vote_model):
    """Rebuild the counts of `targets` (a queryset of the target model) from the votes.

    Returns [(target, stored count, counted)] for each corrected target, in primary-key
    order. The targets are locked first, so a vote in flight either is counted here or adds
    its own F() update after this transaction: none is lost or counted twice.
    """
    target_field = vote_model.target_field
    count_field = vote_model.count_field
    locked = list(targets.select_for_update(no_key=True, of=("self",)).order_by("pk"))
    weight = Case(*(When(vote_type=kind, then=value) for kind, value in WEIGHTS.items()), default=0)
    net = dict(
        vote_model.objects.filter(**{f"{target_field}__in": targets.values("pk")})
        .order_by()
        .values(target_field)
        .annotate(net=Sum(weight))
        .values_list(target_field, "net")
    )
    corrections = []
    for target in locked:
        counted = net.get(target.pk, 0)
        stored = getattr(target, count_field)
        if stored != counted:
            corrections.append((target, stored, counted))
            setattr(target, count_field, counted)
    targets.model._default_manager.bulk_update([target for target, _, _ in corrections], [count_field])
    return corrections
