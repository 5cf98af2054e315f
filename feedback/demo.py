"""Demo feedback for `seed_demo`: one item in every status, threads with replies and a note,
and a populated idea board (issue 20): ideas in several statuses with votes and threaded
comments (the team's among them), a held idea, a duplicate merged into its original and an
idea promoted to the roadmap.

Idempotent: rows have ids derived from the project, so running it again updates them in
place. It writes rows directly (not through the services) so re-seeding never piles up
notifications; the notifications demo is the notifications app's.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from changelog.content import render_markdown
from projects.services import record_verified_visitor
from pulse.api.visitors import signed_visitor_id

from .models import Feedback, FeedbackMessage, IdeaComment, IdeaVote, Moderation, trending_base

TEAM_SENDER = "demo"
OTHER_VISITOR_ID = uuid.UUID("6f1c2a4e-3b7d-4e8f-9a01-2c3d4e5f6a7b")
# A customer's signed-in user, as their server would sign them (issue 22): the inbox shows
# their name and email marked verified.
VERIFIED = "verified"
VERIFIED_CUSTOMER = {"sub": "cust_1024", "name": "Maya Patel", "email": "maya@northwind.example"}

# (key, author: True for the demo visitor, False for another unsigned one, VERIFIED for the
# signed customer; title, description, category, status, priority, days ago, thread)
# A thread message: (role, text, is_public, hours after submission).
FEEDBACK = [
    (
        "bulk-invite",
        VERIFIED,
        "Invite a whole team at once",
        "We onboard 40 people per cohort; pasting a list of addresses would save an afternoon each time.",
        "feature",
        "under_review",
        "medium",
        2,
        [
            ("user", "Happy to test an early version.", True, 1),
            ("team", "Signed in as Maya from Northwind (verified): Business plan, 120 seats.", False, 2),
        ],
    ),
    (
        "export-csv",
        True,
        "Export the roadmap as CSV",
        "We present the roadmap to our board every quarter; a CSV export would save us copy-pasting.",
        "feature",
        "new",
        "low",
        1,
        [],
    ),
    (
        "safari-login",
        True,
        "Login button does nothing on Safari 17",
        "Clicking “Sign in” on the login page does nothing on Safari 17.4 (macOS). Chrome works.",
        "bug",
        "under_review",
        "medium",
        3,
        [
            ("team", "Thanks for the report! Which macOS version are you on?", True, 2),
            ("user", "macOS 14.4, no extensions installed.", True, 5),
            ("team", "Reproduced on a clean profile; looks like the form's submit handler.", False, 6),
        ],
    ),
    (
        "dark-mode",
        True,
        "Dark mode for the widget",
        "The widget is very bright on our dark site. A dark theme (or following prefers-color-scheme) would help.",
        "feature",
        "planned",
        "medium",
        12,
        [
            ("team", "Good idea: it's on the roadmap for next quarter.", True, 20),
            ("user", "Great, thank you!", True, 30),
        ],
    ),
    (
        "slow-search",
        False,
        "Search is slow with many entries",
        "With about 2,000 changelog entries the search box takes several seconds to answer.",
        "bug",
        "in_progress",
        "high",
        8,
        [
            ("team", "We are adding an index for this; a fix is in progress.", True, 4),
            ("team", "Customer is on the Business plan: prioritise.", False, 4),
        ],
    ),
    (
        "typo-pricing",
        True,
        "Typo on the pricing page",
        "“Recieve” should be “Receive” in the third paragraph.",
        "general",
        "done",
        "low",
        20,
        [("team", "Fixed, thanks for spotting it!", True, 3)],
    ),
    (
        "duplicate-sso",
        False,
        "Single sign-on with Okta",
        "Please support SAML single sign-on with Okta.",
        "feature",
        "closed",
        "urgent",
        40,
        [("team", "Closing as a duplicate of the SSO roadmap item, please vote there.", True, 24)],
    ),
]


def _id(project, *parts):
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join(["pulse-demo-feedback", str(project.pk), *parts]))


def seed(*, project, visitor_id):
    now = timezone.now()
    verified_id = signed_visitor_id(project, VERIFIED_CUSTOMER["sub"])
    record_verified_visitor(project_id=project.id, visitor_id=verified_id, **VERIFIED_CUSTOMER)
    for key, author_kind, title, description, category, status, priority, days_ago, thread in FEEDBACK:
        author = {True: visitor_id, False: OTHER_VISITOR_ID, VERIFIED: verified_id}[author_kind]
        from_demo_visitor = author_kind is True
        submitted_at = now - timedelta(days=days_ago)
        feedback, _ = Feedback.objects.update_or_create(
            id=_id(project, key),
            defaults={
                "project": project,
                "user_id": author,
                "title": title,
                "description": description,
                "category": category,
                "status": status,
                "priority": priority,
                "email": "visitor@example.com" if from_demo_visitor else "",
                "page_url": "https://app.example.com/settings",
                "browser_info": {"userAgent": "Mozilla/5.0 (Macintosh)", "language": "en-US"},
            },
        )
        for index, (role, text, is_public, hours_after) in enumerate(thread):
            message, _ = FeedbackMessage.objects.update_or_create(
                id=_id(project, key, str(index)),
                defaults={
                    "feedback": feedback,
                    "message": text,
                    "sender_role": role,
                    "sender_id": str(author) if role == "user" else TEAM_SENDER,
                    "is_public": is_public,
                },
            )
            FeedbackMessage.objects.filter(pk=message.pk).update(created_at=submitted_at + timedelta(hours=hours_after))
        last_activity = submitted_at + timedelta(hours=max([0] + [message[3] for message in thread]))
        Feedback.objects.filter(pk=feedback.pk).update(created_at=submitted_at, updated_at=last_activity)

    seed_board(project=project, visitor_id=visitor_id)


# (key, title, description, category, status, moderation, display name, days ago, votes,
#  demo visitor voted?, comments: [(reply to index or None, team?, demo visitor?, name, body)])
IDEAS = [
    (
        "idea-slack",
        "Post changelog entries to Slack",
        "When we publish an entry, post it to a Slack channel so the whole company sees it.",
        "feature",
        "under_review",
        "published",
        "Maya",
        2,
        42,
        True,
        [
            (None, False, True, "", "Yes please! We copy-paste every release note today."),
            (0, True, False, "Pulse team", "Webhooks can already do this; a **native** Slack format is coming."),
            (None, False, False, "Jon", "Would love a Teams version too."),
        ],
    ),
    (
        "idea-csv",
        "Export feedback as CSV",
        "A CSV export of the feedback inbox for our quarterly review.",
        "feature",
        "open",
        "published",
        "",
        1,
        12,
        False,
        [(None, False, False, "", "Same here, ideally with the vote counts.")],
    ),
    (
        "idea-sso",
        "Single sign-on for the dashboard",
        "SAML or OIDC sign-in for our team members.",
        "feature",
        "planned",
        "published",
        "Priya",
        20,
        87,
        True,
        [(None, True, False, "Pulse team", "Planned for next quarter: follow the roadmap entry.")],
    ),
    (
        "idea-sso-dup",
        "Login with Okta",
        "Okta login would make onboarding easier.",
        "feature",
        "open",
        "published",
        "",
        6,
        9,
        False,
        [],
    ),
    (
        "idea-mobile",
        "Widget on mobile is cramped",
        "On small phones the widget panel covers the whole page and the close button is hard to hit.",
        "bug",
        "in_progress",
        "published",
        "Lee",
        4,
        23,
        False,
        [],
    ),
    (
        "idea-emoji",
        "Emoji reactions on changelog entries",
        "A quick way to react without writing a comment.",
        "general",
        "declined",
        "published",
        "",
        30,
        5,
        False,
        [(None, True, False, "Pulse team", "Thanks! We keep the widget small, so not for now.")],
    ),
    (
        "idea-held",
        "Cheap watches, visit my site",
        "Spam held for approval: the team decides.",
        "general",
        "open",
        "pending",
        "",
        0,
        0,
        False,
        [],
    ),
]
IDEA_STATUS = {"open": "new", "under_review": "under_review", "planned": "planned", "in_progress": "in_progress",
               "completed": "done", "declined": "closed"}  # fmt: skip


def seed_board(*, project, visitor_id):
    """The demo board, idempotent (ids derived from the project). Votes come from derived
    visitor ids, so counts are the same on every run."""
    from roadmap.demo import MILESTONES
    from roadmap.models import RoadmapEntry

    now = timezone.now()
    ideas = {}
    for key, title, description, category, status, moderation, name, days, votes, demo_voted, comments in IDEAS:
        published_at = now - timedelta(days=days)
        idea, _ = Feedback.objects.update_or_create(
            id=_id(project, key),
            defaults={
                "project": project,
                "user_id": _id(project, key, "author"),
                "title": title,
                "description": description,
                "category": category,
                "status": IDEA_STATUS[status],
                "visibility": Feedback.Visibility.PUBLIC,
                "moderation": moderation,
                "display_name": name,
                "published_at": published_at,
                "trending_base": trending_base(published_at),
                "merged_into": None,
            },
        )
        ideas[key] = idea
        voters = [_id(project, key, "voter", str(i)) for i in range(votes)] + ([visitor_id] if demo_voted else [])
        IdeaVote.objects.filter(idea=idea).exclude(visitor_id__in=voters).delete()
        existing = set(IdeaVote.objects.filter(idea=idea).values_list("visitor_id", flat=True))
        IdeaVote.objects.bulk_create(
            [IdeaVote(idea=idea, visitor_id=v, vote_type="up") for v in voters if v not in existing]
        )
        made = []
        for index, (parent, team, from_demo_visitor, author_name, body) in enumerate(comments):
            comment, _ = IdeaComment.objects.update_or_create(
                id=_id(project, key, "comment", str(index)),
                defaults={
                    "idea": idea,
                    "parent": made[parent] if parent is not None else None,
                    "author_role": IdeaComment.AuthorRole.TEAM if team else IdeaComment.AuthorRole.VISITOR,
                    "visitor_id": None
                    if team
                    else (visitor_id if from_demo_visitor else _id(project, key, str(index))),
                    "sender_id": TEAM_SENDER if team else "",
                    "display_name": author_name,
                    "body": body,
                    "body_html": render_markdown(body),
                    "moderation": Moderation.PUBLISHED,
                },
            )
            made.append(comment)
        Feedback.objects.filter(pk=idea.pk).update(
            vote_count=len(voters), comment_count=len(comments), created_at=published_at
        )
    # The Okta idea duplicates the SSO one: merged, its page redirects there.
    Feedback.objects.filter(pk=ideas["idea-sso-dup"].pk).update(merged_into=ideas["idea-sso"], merged_at=now)
    # The SSO idea was promoted to the roadmap: linked both ways, its status follows the entry's.
    entry, _ = RoadmapEntry.objects.update_or_create(
        id=_id(project, "idea-sso", "roadmap"),
        defaults={
            "project": project,
            "feature_name": "Single sign-on (SAML, OIDC)",
            "feature_status": "planned",
            "milestone_number": 2,
            "milestone_name": MILESTONES[2],
            "sort_order": 100,
            "category": "security",
            "tags": ["sso", "from the idea board"],
            "user_friendly_description": "Sign in to the dashboard with your identity provider.",
            "published_at": now - timedelta(days=10),
        },
    )
    Feedback.objects.filter(pk=ideas["idea-sso"].pk).update(roadmap_entry=entry)
