"""Seed the benchmark project: realistic size, fast bulk paths (not HTTP).

    python bench/seed.py OUTPUT_DIR        (run by bench/run.py with its environment)

Project `bench`: 200 published changelog entries, 100 roadmap entries over 5 milestones,
5 active announcements, 10,000 visitors with 100,000 views, 30,000 votes and 100,000
notifications, and an API key for the event API. Writes `fixtures.json` (the raw key
included: bench/results/ is git-ignored), the visitor ids and the roadmap entry ids.
"""

import json
import os
import random
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from announcements.models import Announcement  # noqa: E402
from changelog.models import ChangelogEntry, ChangelogView  # noqa: E402
from notifications.models import Notification  # noqa: E402
from projects.models import Project  # noqa: E402
from projects.services import create_api_key, create_project  # noqa: E402
from roadmap.models import RoadmapEntry, RoadmapVote  # noqa: E402
from roadmap.services import recount_votes  # noqa: E402

SLUG = "bench"
VISITORS = 10_000
BATCH = 5_000


@transaction.atomic
def seed():
    Project.objects.filter(slug=SLUG).delete()
    project = create_project(name="Benchmark", slug=SLUG)
    now = timezone.now()
    rng = random.Random(42)
    types = ["feature", "improvement", "fix", "security"]

    entries = ChangelogEntry.objects.bulk_create(
        ChangelogEntry(
            project=project,
            version=f"1.{i // 10}.{i % 10}",
            title=f"Release {i}: faster exports and a clearer settings page",
            summary="Exports are up to three times faster; settings are grouped by task.",
            content="<p>Exports now stream as they are built.</p><ul><li>CSV and JSON</li><li>Progress bar</li></ul>",
            type=types[i % len(types)],
            category="product",
            is_highlight=i % 25 == 0,
            published_at=now - timedelta(hours=6 * i + 1),
        )
        for i in range(200)
    )
    roadmap = RoadmapEntry.objects.bulk_create(
        RoadmapEntry(
            project=project,
            milestone_number=i // 20 + 1,
            milestone_name=f"Milestone {i // 20 + 1}",
            feature_name=f"Feature {i}",
            feature_status=["planned", "in_progress", "completed"][i % 3],
            user_friendly_description="A short description of what this brings to users.",
            category="platform",
            tags=["api", "ui"],
            sort_order=i % 20,
            published_at=now - timedelta(days=1),
        )
        for i in range(100)
    )
    Announcement.objects.bulk_create(
        Announcement(
            project=project,
            title=f"Announcement {i}",
            message="Scheduled maintenance on Sunday, 02:00-03:00 UTC.",
            type="info",
            banner_color="#2563eb",
            is_dismissible=True,
            priority=i,
            is_active=True,
        )
        for i in range(5)
    )

    visitors = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(VISITORS)]
    ChangelogView.objects.bulk_create(
        (
            ChangelogView(project=project, entry=entry, visitor_id=visitor)
            for visitor in visitors
            for entry in rng.sample(entries, 10)
        ),
        batch_size=BATCH,
    )
    RoadmapVote.objects.bulk_create(
        (
            RoadmapVote(entry=entry, visitor_id=visitor, vote_type=rng.choice(["up", "up", "down"]))
            for visitor in visitors
            for entry in rng.sample(roadmap, 3)
        ),
        batch_size=BATCH,
    )
    recount_votes(project=project)  # bulk_create skips the vote signals
    Notification.objects.bulk_create(
        (
            Notification(project=project, user_id=visitor, type="general", title="Welcome", message="Hello")
            for visitor in visitors
            for _ in range(10)
        ),
        batch_size=BATCH,
    )
    _, raw_key = create_api_key(project=project, name="bench", scopes=["write"])
    return visitors, roadmap, raw_key


def analyze():
    """Fresh statistics, as autovacuum would have them on a live database."""
    if connection.vendor != "postgresql":
        return
    models = [ChangelogEntry, ChangelogView, RoadmapEntry, RoadmapVote, Announcement, Notification, Project]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def main():
    output = Path(sys.argv[1])
    output.mkdir(parents=True, exist_ok=True)
    visitors, roadmap, raw_key = seed()
    analyze()
    (output / "visitors.txt").write_text("\n".join(str(v) for v in visitors) + "\n")
    # Votes go to entries still open to votes (completed and cancelled ones refuse them, issue 18).
    open_ids = [str(e.pk) for e in roadmap if e.feature_status in ("planned", "in_progress")]
    (output / "roadmap_ids.txt").write_text("\n".join(open_ids) + "\n")
    newest = ChangelogEntry.objects.filter(project__slug=SLUG).published().order_by("-published_at").first()
    fixtures = {
        "slug": SLUG,
        "portal_entry_path": f"/portal/{SLUG}/changelog/{newest.pk}/{newest.permalink_slug}/",
        "api_key": raw_key,
        "visitors_file": str(output / "visitors.txt"),
        "roadmap_ids_file": str(output / "roadmap_ids.txt"),
    }
    (output / "fixtures.json").write_text(json.dumps(fixtures, indent=2))
    print(f"seeded {SLUG}: 200 changelog, 100 roadmap, {VISITORS} visitors", file=sys.stderr)


if __name__ == "__main__":
    main()
