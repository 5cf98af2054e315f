"""Demo feedback for `seed_demo`: one item in every status, threads with replies and a note.

Idempotent: rows have ids derived from the project, so running it again updates them in
place. It writes rows directly (not through the services) so re-seeding never piles up
notifications; the notifications demo is the notifications app's.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from projects.services import record_verified_visitor
from pulse.api.visitors import signed_visitor_id

from .models import Feedback, FeedbackMessage

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
