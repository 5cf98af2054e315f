"""Reads of a visitor's notifications, shared by the public and the Admin API."""

import re

from django.db.models import Q
from django.db.models.functions import Lower

from .models import Notification

PUBLIC_LIST_SIZE = 50


def visitor_notifications(*, project_id, user_id):
    """A visitor's notifications in this project, newest first."""
    return Notification.objects.filter(project_id=project_id, user_id=user_id).order_by("-created_at", "-id")


def unread_count(*, project_id, user_id):
    return Notification.objects.filter(project_id=project_id, user_id=user_id, read_at__isnull=True).count()


MENTION = re.compile(r"(?<![\w@])@([\w.@+-]*[\w+-])")


def mentioned_usernames(text):
    """The @usernames in `text`, lowercased ("@alice." names alice: trailing dots are
    punctuation; Django usernames are letters, digits and @.+-_)."""
    return {name.lower() for name in MENTION.findall(text)}


def members_wanting(project_id, kind):
    """Memberships of the project whose user has an address and takes team emails of `kind`
    (a MemberEmailPreferences field; a member who never chose takes all of them)."""
    from projects.models import Membership

    return (
        Membership.objects.filter(project_id=project_id)
        .exclude(user__email="")
        .filter(Q(email_preferences__isnull=True) | Q(**{f"email_preferences__{kind}": True}))
    )


def member_email_kind(event):
    """Which preference a team email of `event` answers to (MemberEmailPreferences.KINDS)."""
    if event.type == "feedback.created":
        return "new_feedback"
    return "visitor_messages" if event.payload.get("sender_role") == "user" else "mentions"


def email_recipients(event):
    """Who an event is emailed to: [(EmailDelivery field, ids or addresses)], by type:

    - changelog.published: confirmed subscribers to the changelog who chose each entry;
      digest.weekly: those who chose the weekly digest;
    - roadmap.status_changed: confirmed subscribers whose visitor id upvoted the entry, or
      upvoted the idea promoted to it, or who follow it ("email me when this ships");
    - idea.status_changed (not for a promoted idea, whose entry's change says it): confirmed
      subscribers whose visitor id upvoted or posted the idea (issue 21: people who gave an
      email when voting or posting get status changes, once the address is confirmed);
    - feedback.message_created: a public team reply goes to the feedback's author: the
      address they gave with it (transactional, see TRANSACTIONAL_TYPES) or a confirmed
      one of their visitor id; a visitor's message goes to the members who take
      `visitor_messages`; a team message to the members it @mentions who take `mentions`
      (never to its sender);
    - feedback.created: the members who take `new_feedback`;
    - team.invitation: the invited address.
    Other types are not emailed.
    """
    from feedback.models import Feedback, FeedbackMessage, IdeaVote
    from roadmap.models import RoadmapVote

    from .models import EntryFollow, Subscriber

    live = Subscriber.objects.filter(project_id=event.project_id, unsubscribed_at__isnull=True)
    confirmed = live.filter(confirmed_at__isnull=False)
    data = event.payload
    ids = lambda rows: rows.values_list("pk", flat=True)  # noqa: E731
    if event.type in ("changelog.published", "digest.weekly"):
        digest = Subscriber.Digest.WEEKLY if event.type == "digest.weekly" else Subscriber.Digest.IMMEDIATE
        return [("subscriber_id", ids(confirmed.filter(changelog=True, digest=digest)))]
    if event.type == "roadmap.status_changed":
        entry_id = data["entry"]["id"]
        upvoters = RoadmapVote.objects.filter(entry_id=entry_id, vote_type=RoadmapVote.VoteType.UP)
        idea_voters = IdeaVote.objects.filter(idea__roadmap_entry_id=entry_id)
        followers = EntryFollow.objects.filter(entry_id=entry_id)
        chosen = confirmed.filter(
            Q(visitor_id__in=upvoters.values("visitor_id"))
            | Q(visitor_id__in=idea_voters.values("visitor_id"))
            | Q(pk__in=followers.values("subscriber"))
        )
        return [("subscriber_id", ids(chosen))]
    if event.type == "idea.status_changed":
        if not data.get("notify", True):
            return []
        idea_id = data["idea"]["id"]
        voters = IdeaVote.objects.filter(idea_id=idea_id).values("visitor_id")
        author = Feedback.objects.filter(pk=idea_id, user_id__isnull=False).values("user_id")
        return [("subscriber_id", ids(confirmed.filter(Q(visitor_id__in=voters) | Q(visitor_id__in=author))))]
    if event.type == "feedback.created":
        return [("member_id", ids(members_wanting(event.project_id, "new_feedback")))]
    if event.type == "team.invitation":
        return [("to_email", [data["invitation"]["email"]])]
    if event.type != "feedback.message_created":
        return []
    if data.get("sender_role") == "user":
        return [("member_id", ids(members_wanting(event.project_id, "visitor_messages")))]
    recipients = []
    mentioned = mentioned_usernames(data["message"]["message"])
    if mentioned:
        members = members_wanting(event.project_id, "mentions").annotate(name=Lower("user__username"))
        members = members.filter(name__in=mentioned)
        sender = FeedbackMessage.objects.filter(pk=data["message"]["id"]).values_list("sender_id", flat=True).first()
        if sender and sender.isdigit():  # a dashboard user's id (API keys send as "key:<prefix>")
            members = members.exclude(user_id=int(sender))
        recipients.append(("member_id", ids(members)))
    if data.get("is_public"):
        feedback = Feedback.objects.filter(pk=data["feedback"]["id"]).values("email", "user_id").first() or {}
        author = Q(email=feedback["email"].lower()) if feedback.get("email") else Q(pk__in=[])
        if feedback.get("user_id"):
            author |= Q(confirmed_at__isnull=False, visitor_id=feedback["user_id"])
        recipients.append(("subscriber_id", ids(live.filter(author))))
    return recipients


# Emails sent to an unconfirmed address: a team reply on a thread the address's owner
# started is transactional (they asked by submitting it with their address: no double
# opt-in), and still carries the one-click unsubscribe, which stops it like any other.
TRANSACTIONAL_TYPES = frozenset({"feedback.message_created"})
