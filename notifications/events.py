"""The events Pulse emits, version 1 payloads (the Standard Webhooks `data` of each type).

Each function is called by the service that made the change, inside its transaction, and
records the event in the outbox (notifications/outbox.py). Shapes (all ids are strings,
times ISO 8601 UTC):

- changelog.published: {"entry": {id, title, version, type, summary, published_at, url}}
- roadmap.status_changed: {"entry": {id, feature_name, vote_count, url}, "status", "previous_status"}
- roadmap.vote: {"entry": {id, vote_count}, "visitor_id", "vote_type" ("up"/"down"/null when
  removed)}; emitted only while an enabled endpoint of the project lists it (opt-in, high
  volume; roadmap/signals.py)
- feedback.created: {"feedback": {id, title, category, status, user_id, created_at}}
- announcement.started: {"announcement": {id, title, message, type, starts_at, ends_at}}
- feedback.message_created: {"feedback": {id, title, user_id}, "message": {id, message,
  created_at}, "sender_role" ("user"/"team"), "is_public"} (internal notes go only to
  endpoints with include_internal)
- idea.created: {"idea": {id, title, description, category, status, vote_count, author_name,
  created_at}} (an idea reached the public board: posted, approved or published by the team)
- idea.status_changed: {"idea": {...}, "status", "previous_status", "status_label", "notify"}
  (idea statuses: open, under_review, planned, in_progress, completed, declined; `notify`
  false when the roadmap entry it was promoted to changed, whose upvoter notices tell its voters)
- idea.comment_created: {"idea": {...}, "comment": {id, body, author_role, author_name,
  parent_id, visitor_id, created_at}}
- idea.merged: {"idea": {...} (the duplicate), "into": {...} (the idea it was merged into)}

The `idea.*` fan-out of in-app notices to an idea's followers is feedback.services'
`notify_idea_followers`, run by the dispatch (outbox.py) like the roadmap's upvoter notices.

Email-only types (never sent to webhooks: not in formats.EVENT_TYPES):

- team.invitation: {"invitation": {id, email, role, expires_at}, "token": Fernet token of the
  link's secret (notifications/secrets.py; the Invitation row keeps only its digest)}
- digest.weekly: {"week": "2026-W47", "items": [{"type", "title", "text", "url", "at"}]}
"""

from django.conf import settings
from django.utils import timezone

from .outbox import emit


def _iso(value):
    return value.isoformat().replace("+00:00", "Z") if value else None


def _public_url(project, name, anchor="", **kwargs):
    """Where a recipient (subscriber, webhook, Slack channel) reads about it: the project's
    public portal page (its custom domain when it has one, `pulse.portal.public_page_url`),
    or the project's dashboard page when the portal is not public (recipients are then the
    team)."""
    from pulse.portal import public_page_url

    url = public_page_url(project, name, anchor=anchor, **kwargs)
    if url is not None:
        return url
    path = {"portal-changelog-entry": f"changelog/{kwargs.get('entry_id')}/", "portal-roadmap": "roadmap/"}[name]
    return f"{settings.PULSE_PUBLIC_URL}/p/{project.slug}/{path}{anchor}"


def changelog_published_key(entry):
    return f"changelog.published:{entry.pk}:{entry.published_at.timestamp():.0f}"


def changelog_published(entry, now=None):
    """An entry became public: now, or (for a scheduled one) when the beat sees its time came.

    Emitted once per entry and publication time (dedupe key), so the beat may call it again.
    """
    if entry.published_at is None or entry.published_at > (now or timezone.now()):
        return None
    url = _public_url(entry.project, "portal-changelog-entry", entry_id=entry.pk, title=entry.permalink_slug)
    return emit(
        project=entry.project,
        type="changelog.published",
        data={
            "entry": {
                "id": str(entry.pk),
                "title": entry.title,
                "version": entry.version,
                "type": entry.type,
                "summary": entry.summary,
                "published_at": _iso(entry.published_at),
                "url": url,
            }
        },
        summary={"title": f"New: {entry.title}", "text": entry.summary, "url": url},
        dedupe_key=changelog_published_key(entry),
    )


def roadmap_status_changed(entry, previous_status):
    url = _public_url(entry.project, "portal-roadmap", anchor=f"#entry-{entry.pk}")
    status_label = entry.get_feature_status_display()
    return emit(
        project=entry.project,
        type="roadmap.status_changed",
        data={
            "entry": {
                "id": str(entry.pk),
                "feature_name": entry.feature_name,
                "vote_count": entry.vote_count,
                "url": url,
            },
            "status": entry.feature_status,
            "previous_status": previous_status,
        },
        summary={
            "title": f"{entry.feature_name}: {status_label}",
            "text": f"Status changed to {status_label}.",
            "url": url,
        },
    )


def feedback_created(feedback):
    return emit(
        project=feedback.project,
        type="feedback.created",
        data={
            "feedback": {
                "id": str(feedback.pk),
                "title": feedback.title,
                "category": feedback.category,
                "status": feedback.status,
                "user_id": str(feedback.user_id) if feedback.user_id else None,
                "created_at": _iso(feedback.created_at),
            }
        },
        summary={"title": f"New feedback: {feedback.title}", "text": feedback.description[:500]},
    )


def feedback_message_created(message):
    feedback = message.feedback
    who = "The team" if message.sender_role == "team" else "The author"
    return emit(
        project=feedback.project,
        type="feedback.message_created",
        data={
            "feedback": {
                "id": str(feedback.pk),
                "title": feedback.title,
                "user_id": str(feedback.user_id) if feedback.user_id else None,
            },
            "message": {"id": str(message.pk), "message": message.message, "created_at": _iso(message.created_at)},
            "sender_role": message.sender_role,
            "is_public": message.is_public,
        },
        summary={"title": f"{who} replied on “{feedback.title}”", "text": message.message[:1000]},
    )


def announcement_started_key(announcement):
    start = announcement.starts_at or announcement.created_at
    return f"announcement.started:{announcement.pk}:{start.timestamp():.0f}"


def announcement_started(announcement):
    """An announcement became visible (emitted by the beat, once per start time)."""
    return emit(
        project=announcement.project,
        type="announcement.started",
        data={
            "announcement": {
                "id": str(announcement.pk),
                "title": announcement.title,
                "message": announcement.message,
                "type": announcement.type,
                "starts_at": _iso(announcement.starts_at or announcement.created_at),
                "ends_at": _iso(announcement.ends_at),
            }
        },
        summary={"title": f"Announcement: {announcement.title}", "text": announcement.message[:1000]},
        dedupe_key=announcement_started_key(announcement),
    )


def _idea(idea):
    """An idea as the `idea.*` events carry it: never the author's email or visitor id."""
    return {
        "id": str(idea.pk),
        "title": idea.title,
        "description": idea.description,
        "category": idea.category,
        "status": idea.idea_status.value,
        "vote_count": idea.vote_count,
        "author_name": idea.display_name or None,
        "created_at": _iso(idea.created_at),
    }


def idea_created(idea):
    return emit(
        project=idea.project,
        type="idea.created",
        data={"idea": _idea(idea)},
        summary={"title": f"New idea: {idea.title}", "text": idea.description[:500]},
    )


def idea_status_changed(idea, previous_status, notify=True):
    """`previous_status` in the board's words (IdeaStatus value)."""
    label = idea.idea_status.label
    return emit(
        project=idea.project,
        type="idea.status_changed",
        data={
            "idea": _idea(idea),
            "status": idea.idea_status.value,
            "previous_status": str(previous_status),
            "status_label": label,
            "notify": notify,
        },
        summary={"title": f"{idea.title}: {label}", "text": f"Status changed to {label}."},
    )


def idea_comment_created(comment):
    idea = comment.idea
    who = "The team" if comment.author_role == "team" else (comment.display_name or "A visitor")
    return emit(
        project=idea.project,
        type="idea.comment_created",
        data={
            "idea": _idea(idea),
            "comment": {
                "id": str(comment.pk),
                "body": comment.body,
                "author_role": comment.author_role,
                "author_name": comment.display_name or None,
                "parent_id": str(comment.parent_id) if comment.parent_id else None,
                "visitor_id": str(comment.visitor_id) if comment.visitor_id else None,
                "created_at": _iso(comment.created_at),
            },
        },
        summary={"title": f"{who} commented on “{idea.title}”", "text": comment.body[:1000]},
    )


def idea_merged(source, target):
    return emit(
        project=target.project,
        type="idea.merged",
        data={"idea": _idea(source), "into": _idea(target)},
        summary={"title": f"“{source.title}” merged into “{target.title}”", "text": ""},
    )


def endpoints_listing(type):
    """An Exists() for an annotation of a queryset of rows with a `project_id`: True when an
    enabled endpoint of that project lists `type` (the opt-in types are emitted only then)."""
    from django.db.models import Exists, OuterRef

    from .models import WebhookEndpoint

    return Exists(
        WebhookEndpoint.objects.filter(
            project_id=OuterRef("project_id"), enabled=True, event_types__icontains=f'"{type}"'
        )
    )


def roadmap_vote(*, project_id, entry_id, visitor_id, vote_count, vote_type):
    """A vote was cast, switched or removed (`vote_type` None); call it in the vote's
    transaction, and only when an endpoint lists the type (`endpoints_listing`)."""
    return emit(
        project_id=project_id,
        type="roadmap.vote",
        data={
            "entry": {"id": str(entry_id), "vote_count": vote_count},
            "visitor_id": str(visitor_id),
            "vote_type": vote_type,
        },
        summary={"title": "New vote on the roadmap", "text": f"Votes now: {vote_count}."},
    )


def team_invitation(invitation, raw_token):
    """Email the invitation link to the invited address (issue 16): the raw token travels
    encrypted in the outbox row (like webhook secrets) and is pruned with it."""
    from .secrets import encrypt

    return emit(
        project=invitation.project,
        type="team.invitation",
        data={
            "invitation": {
                "id": str(invitation.pk),
                "email": invitation.email,
                "role": invitation.role,
                "expires_at": _iso(invitation.expires_at),
            },
            "token": encrypt(raw_token),
        },
        summary={"title": f"You are invited to {invitation.project.name} on Pulse"},
    )


DIGEST_SOURCES = ("changelog.published", "roadmap.status_changed")


def week_label(day):
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_digest(*, project, week_start, week_end):
    """The digest of [week_start, week_end) for the project's weekly subscribers: the week's
    published entries and status changes (its outbox events), oldest first. Emitted once per
    project and week (dedupe key); None when already made or when the week had nothing."""
    from .models import OutboxEvent

    label = week_label(week_start)
    key = f"digest.weekly:{label}"
    if OutboxEvent.objects.filter(project=project, dedupe_key=key).exists():
        return None
    sources = OutboxEvent.objects.filter(
        project=project, type__in=DIGEST_SOURCES, created_at__gte=week_start, created_at__lt=week_end
    ).order_by("created_at")
    items = [
        {
            "type": event.type,
            "title": event.summary.get("title", ""),
            "text": event.summary.get("text", ""),
            "url": event.summary.get("url", ""),
            "at": _iso(event.created_at),
        }
        for event in sources
    ]
    if not items:
        return None
    return emit(
        project=project,
        type="digest.weekly",
        data={"week": label, "items": items},
        summary={"title": f"Your weekly digest ({label})", "text": f"{len(items)} update(s)"},
        dedupe_key=key,
    )
