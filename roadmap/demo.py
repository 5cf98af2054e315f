"""Demo roadmap: two milestones, entries in every status, votes from several visitors. Idempotent."""

import uuid
from datetime import date, timedelta

from django.utils import timezone

from .models import RoadmapEntry, RoadmapVote
from .services import recount_votes

Status = RoadmapEntry.Status
UP, DOWN = RoadmapVote.VoteType.UP, RoadmapVote.VoteType.DOWN
VISITOR_NAMESPACE = uuid.UUID("6d1f3c4e-8a52-4b7e-9f0a-2c5d7e9b1a34")

MILESTONES = {1: "v2.0 Launch", 2: "v2.1 Teams"}
ENTRIES = [
    # (milestone, feature, status, description, days to target, category, tags, highlight)
    (
        1,
        "Dark mode",
        Status.COMPLETED,
        "A full dark theme that follows your system setting, with a manual switch in preferences.",
        -20,
        "ui",
        ["theme", "accessibility"],
        True,
    ),
    (
        1,
        "Keyboard shortcuts",
        Status.COMPLETED,
        "Press ? anywhere to see every shortcut; navigate lists and open items without the mouse.",
        -10,
        "ui",
        ["productivity", "accessibility"],
        False,
    ),
    (
        1,
        "CSV export",
        Status.IN_PROGRESS,
        "Export any list to CSV, filtered the way you see it, ready for your spreadsheet.",
        14,
        "data",
        ["export", "reports"],
        False,
    ),
    (
        1,
        "Faster search",
        Status.IN_PROGRESS,
        "Search results in under 100 ms, with typo tolerance and highlighting of the matches.",
        21,
        "performance",
        ["search"],
        True,
    ),
    (
        1,
        "Legacy XML import",
        Status.CANCELLED,
        "Dropped: almost nobody still uses XML exports. The CSV and JSON importers cover the rest.",
        None,
        "data",
        ["import"],
        False,
    ),
    (
        2,
        "Shared workspaces",
        Status.PLANNED,
        "Invite teammates into a shared workspace with its own members, roles and billing.",
        75,
        "collaboration",
        ["teams", "permissions"],
        True,
    ),
    (
        2,
        "Slack notifications",
        Status.PLANNED,
        "Get a Slack message when something you follow changes, in the channel of your choice.",
        90,
        "integrations",
        ["slack", "notifications"],
        False,
    ),
    (
        2,
        "Mobile app",
        Status.PLANNED,
        "Native iOS and Android apps with offline reading and push notifications.",
        120,
        "mobile",
        ["ios", "android"],
        False,
    ),
]
# feature -> votes as a string: one character per demo visitor, "u" up, "d" down, "." none.
VOTES = {
    "Dark mode": "uuuuuuud",
    "Keyboard shortcuts": "uuu.u...",
    "CSV export": "uuuuu.dd",
    "Faster search": "uuuuuu..",
    "Legacy XML import": "ddd.u...",
    "Shared workspaces": "uuuuuuuu",
    "Slack notifications": "uuu.dd..",
    "Mobile app": "uu.d.u.d",
}


def demo_visitors(visitor_id):
    """The demo visitor (the one the widget demo uses) first, then seven stable others."""
    return [visitor_id] + [uuid.uuid5(VISITOR_NAMESPACE, f"visitor-{n}") for n in range(1, 8)]


def seed(*, project, visitor_id):
    now = timezone.now()
    visitors = demo_visitors(visitor_id)
    for sort_order, (milestone, name, status, description, days, category, tags, highlight) in enumerate(ENTRIES):
        entry, _ = RoadmapEntry.objects.get_or_create(
            project=project,
            feature_name=name,
            defaults={
                "milestone_number": milestone,
                "milestone_name": MILESTONES[milestone],
                "feature_status": status,
                "user_friendly_description": description,
                "target_date": date.today() + timedelta(days=days) if days is not None else None,
                "category": category,
                "tags": tags,
                "sort_order": sort_order,
                "is_highlight": highlight,
                "published_at": now - timedelta(days=30),
            },
        )
        for visitor, mark in zip(visitors, VOTES[name], strict=True):
            if mark != ".":
                RoadmapVote.objects.get_or_create(
                    entry=entry, visitor_id=visitor, defaults={"vote_type": UP if mark == "u" else DOWN}
                )
    recount_votes(project=project)
