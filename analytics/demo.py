"""Demo events: a few hundred over the last 30 days, stored through the ingestion service
so the daily rollup matches. Idempotent: a project that already has events is left alone."""

import random
from datetime import timedelta

from django.utils import timezone

from .models import Event
from .serializers import format_timestamp
from .services import ingest_events

DAYS = 30
PAGES = ["/", "/pricing", "/docs", "/docs/getting-started", "/changelog", "/roadmap", "/dashboard", "/settings"]
# (name, relative weight, properties factory)
EVENT_KINDS = [
    ("page.viewed", 50, lambda r: {"page": r.choice(PAGES), "referrer": r.choice(["/", "google", "twitter", None])}),
    ("button.clicked", 18, lambda r: {"button": r.choice(["deploy", "upgrade", "invite", "export"])}),
    ("widget.opened", 10, lambda r: {"tab": r.choice(["changelog", "roadmap", "feedback"])}),
    ("changelog.entry_viewed", 8, lambda r: {"entry": r.choice(["dark-mode", "csv-export", "sso", "api-v2"])}),
    ("roadmap.voted", 5, lambda r: {"item": r.choice(["mobile-app", "slack-alerts", "audit-log"])}),
    ("feedback.submitted", 3, lambda r: {"category": r.choice(["bug", "idea", "question"])}),
    ("signup.completed", 3, lambda r: {"plan": r.choice(["free", "free", "pro", "team"])}),
    ("subscription.upgraded", 1, lambda r: {"to": r.choice(["pro", "team"]), "seats": r.randint(1, 20)}),
]


def _events(visitor_id, now):
    rnd = random.Random(2026)
    users = [str(visitor_id)] + [f"user-{n:03d}" for n in range(1, 40)]
    names, weights, factories = zip(*[(n, w, f) for n, w, f in EVENT_KINDS], strict=True)
    events = []
    for day in range(DAYS):
        # More traffic on recent days and on weekdays, like a growing product.
        moment = now - timedelta(days=day)
        volume = rnd.randint(6, 10) + (DAYS - day) // 3 - (4 if moment.weekday() >= 5 else 0)
        for _ in range(volume):
            index = rnd.choices(range(len(names)), weights=weights)[0]
            user = rnd.choice(users)
            at = moment - timedelta(seconds=rnd.randint(0, 86_399))
            events.append(
                {
                    "name": names[index],
                    "properties": {k: v for k, v in factories[index](rnd).items() if v is not None},
                    "userId": user,
                    "sessionId": f"sess-{user}-{at:%Y%m%d}",
                    "timestamp": format_timestamp(at),
                }
            )
    return events


def seed(*, project, visitor_id):
    if Event.objects.filter(project_id=project.pk).exists():
        return
    ingest_events(project=project, events=_events(visitor_id, timezone.now()))
