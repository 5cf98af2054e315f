"""Demo changelog for `seed_demo`: six published entries over recent months (one highlight),
one scheduled for next week and one draft. Idempotent: an entry whose title exists is left
as it is; the demo visitor has seen the two oldest, so the widget shows an unseen badge.

No entry carries an `ai_summary`: publishing asks the summary job for one (the worker `make
run` starts writes them), the same path as every entry (changelog/summaries.py); entries of
an older demo without one are asked for theirs too."""

from datetime import timedelta

from django.utils import timezone

from .models import ChangelogEntry, EntryType
from .services import create_entry, mark_viewed
from .summaries import request_if_missing

# (days from now: negative = published, positive = scheduled, None = draft; fields)
DEMO_ENTRIES = [
    (
        -150,
        {
            "version": "2.0.0",
            "title": "Webhooks for every event",
            "summary": "Get an HTTP callback whenever feedback arrives, a vote is cast or an entry is published.",
            "type": EntryType.FEATURE,
            "category": "api",
            "content": (
                "<p>Pulse can now call your server when something happens in a project.</p>"
                "<ul><li><strong>feedback.created</strong>: a visitor sent feedback</li>"
                "<li><strong>roadmap.voted</strong>: a vote was cast or changed</li>"
                "<li><strong>changelog.published</strong>: an entry went live</li></ul>"
                "<p>Each delivery is signed with your project secret; see "
                '<a href="https://docs.example.com/webhooks">the webhook guide</a>.</p>'
            ),
        },
    ),
    (
        -118,
        {
            "version": "2.1.0",
            "title": "Export feedback as CSV",
            "summary": "Download every feedback thread, with its status and priority, from the dashboard.",
            "type": EntryType.IMPROVEMENT,
            "category": "dashboard",
            "content": (
                "<p>The feedback inbox has a new <em>Export</em> button. The CSV keeps your filters, "
                "so you can export only open bugs, for example.</p>"
            ),
        },
    ),
    (
        -90,
        {
            "version": "2.1.1",
            "title": "Scheduled announcements respect your time zone",
            "summary": "Announcements scheduled near midnight sometimes started a day early.",
            "type": EntryType.FIX,
            "category": "announcements",
            "content": (
                "<p>Start and end times were compared in the server's time zone instead of UTC. "
                "Existing schedules are unchanged; they now start exactly when you set them.</p>"
            ),
        },
    ),
    (
        -45,
        {
            "version": "2.2.0",
            "title": "Dark mode for the widget",
            "summary": 'Set data-pulse-theme="dark" and the widget matches your site\'s dark theme.',
            "type": EntryType.FEATURE,
            "category": "widget",
            "is_highlight": True,
            "content": (
                "<h2>Dark mode is here</h2>"
                "<p>The most requested roadmap item is live. Add one attribute to your snippet:</p>"
                '<pre><code>&lt;script src="/api/widget/widget.js" data-pulse-theme="dark"&gt;'
                "&lt;/script&gt;</code></pre>"
                "<p>Colours meet WCAG AA contrast in both themes. Thanks to everyone who voted!</p>"
            ),
        },
    ),
    (
        -20,
        {
            "version": "2.2.1",
            "title": "API keys can expire",
            "summary": "Give a key an expiry date; expired keys are refused with 401.",
            "type": EntryType.SECURITY,
            "category": "api",
            "content": (
                "<p>Keys created from project settings can now carry an expiry date. We recommend "
                "<strong>90 days</strong> for keys used by CI jobs.</p>"
                "<blockquote>Rotating keys regularly limits the damage of a leaked secret.</blockquote>"
            ),
        },
    ),
    (
        -6,
        {
            "version": "2.3.0",
            "title": "The v0 feedback endpoint is deprecated",
            "summary": "POST /api/v0/feedback stops working on 1 September; use /api/v1/projects/:slug/feedback.",
            "type": EntryType.DEPRECATION,
            "category": "api",
            "content": (
                "<p>The old endpoint keeps working until <strong>1 September</strong>. The widget "
                "already uses the new one, so only custom integrations need a change.</p>"
                "<ol><li>Replace the path</li><li>Send the visitor id in <code>x-pulse-user-id</code></li></ol>"
            ),
        },
    ),
    (
        7,
        {
            "version": "2.4.0",
            "title": "Single sign-on for teams",
            "summary": "Log in to the dashboard with your company's identity provider (SAML and OIDC).",
            "type": EntryType.ANNOUNCEMENT,
            "category": "dashboard",
            "content": "<p>Coming next week: SSO for every team plan, set up in a few clicks.</p>",
        },
    ),
    (
        None,
        {
            "version": "",
            "title": "Weekly digest e-mails (draft)",
            "summary": "A Monday summary of new feedback and votes.",
            "type": EntryType.FEATURE,
            "category": "notifications",
            "content": "<p>Draft: wording to be reviewed by product.</p>",
        },
    ),
]
VIEWED_BY_DEMO_VISITOR = ["Webhooks for every event", "Export feedback as CSV"]


def seed(*, project, visitor_id):
    now = timezone.now()
    existing = dict(ChangelogEntry.objects.filter(project=project).values_list("title", "id"))
    for days, fields in DEMO_ENTRIES:
        if fields["title"] in existing:
            continue
        published_at = None if days is None else now + timedelta(days=days)
        entry = create_entry(project=project, published_at=published_at, **fields)
        existing[entry.title] = entry.id
        if days is not None and days < 0:
            # Back-date creation too, so the history reads as written over the months.
            ChangelogEntry.objects.filter(pk=entry.pk).update(created_at=published_at - timedelta(hours=20))
    for entry in ChangelogEntry.objects.filter(project=project, ai_summary="").select_related("project"):
        request_if_missing(entry=entry)
    for title in VIEWED_BY_DEMO_VISITOR:
        mark_viewed(entry=ChangelogEntry(id=existing[title], project=project), visitor_id=visitor_id)
