"""Seed the benchmark project: realistic size, fast bulk paths (not HTTP).

    python bench/seed.py OUTPUT_DIR        (run by bench/run.py with its environment)

Project `bench`: 200 published changelog entries, 100 roadmap entries over 5 milestones,
5 active announcements, 10,000 visitors with 100,000 views, 30,000 votes and 100,000
notifications, an idea board of 100,000 ideas with about 1,000,000 upvotes (issue 20; on
PostgreSQL, in SQL: the ORM would take minutes), and an API key for the event API. Writes
`fixtures.json` (the raw key included: bench/results/ is git-ignored), the visitor ids, the
roadmap entry ids and 1,000 idea ids.
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
from feedback.models import Feedback, IdeaVote  # noqa: E402
from notifications.models import Notification  # noqa: E402
from projects.models import Project  # noqa: E402
from projects.services import create_api_key, create_project  # noqa: E402
from roadmap.models import RoadmapEntry, RoadmapVote  # noqa: E402
from roadmap.services import recount_votes  # noqa: E402

SLUG = "bench"
VISITORS = 10_000
BATCH = 5_000
IDEAS = 100_000
VOTES_PER_VISITOR = 100  # 10,000 visitors: about 1,000,000 idea votes
WORDS = (
    "dark mode export csv slack webhook login sso okta mobile widget search filter roadmap changelog email "
    "digest api keys team roles dashboard chart analytics faster import jira github sync calendar "
    "notifications badge theme language offline archive tags comments mentions"
).split()


def delete_board(project_id):
    """Drop a previous run's board in SQL: the ORM's cascade would load every vote to signal it."""
    with connection.cursor() as cursor:
        ideas = "SELECT id FROM feedback_feedback WHERE project_id = %s"
        cursor.execute(f"DELETE FROM feedback_ideavote WHERE idea_id IN ({ideas})", [project_id])
        cursor.execute(f"DELETE FROM feedback_ideacomment WHERE idea_id IN ({ideas})", [project_id])
        cursor.execute("DELETE FROM feedback_feedback WHERE project_id = %s", [project_id])


def seed_board(project, visitors):
    """100,000 public ideas (titles of three words of WORDS, every status and category,
    published over the last year) and VOTES_PER_VISITOR upvotes per visitor, skewed to a
    few popular ideas; counts rebuilt in one statement. PostgreSQL only."""
    words = "ARRAY[" + ",".join(f"'{word}'" for word in WORDS) + "]"
    n = len(WORDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO feedback_feedback (id, project_id, user_id, title, description, category, status,
                priority, email, page_url, browser_info, created_at, updated_at, visibility, display_name,
                moderation, comments_locked, published_at, vote_count, comment_count, trending_base)
            SELECT gen_random_uuid(), %(project)s, gen_random_uuid(),
                initcap(w[1 + i %% {n}]) || ' ' || w[1 + (i / {n}) %% {n}] || ' ' || w[1 + (i / {n * n}) %% {n}],
                'Please add ' || w[1 + (i * 7) %% {n}] || ' with ' || w[1 + (i * 13) %% {n}] || ' support.',
                (ARRAY['bug', 'feature', 'general'])[1 + i %% 3],
                (ARRAY['new', 'under_review', 'planned', 'in_progress', 'done', 'closed'])[1 + i %% 6],
                'low', '', '', '{{}}', at, at, 'public', '', 'published', false, at, 0, 0,
                (extract(epoch FROM at) - extract(epoch FROM timestamptz '2025-01-01 00:00+00')) / 259200
            FROM generate_series(1, {IDEAS}) i, LATERAL (SELECT {words} AS w) words,
                LATERAL (SELECT now() - i * interval '5 minutes' AS at) times
            """,
            {"project": project.pk},
        )
        cursor.execute("CREATE TEMP TABLE bench_visitors (visitor_id uuid, vn int)")
        cursor.executemany(
            "INSERT INTO bench_visitors VALUES (%s, %s)", [(str(v), index) for index, v in enumerate(visitors)]
        )
        cursor.execute(
            f"""
            INSERT INTO feedback_ideavote (idea_id, visitor_id, vote_type, created_at)
            SELECT ideas.id, v.visitor_id, 'up', now() - (k || ' hours')::interval
            FROM bench_visitors v CROSS JOIN generate_series(1, {VOTES_PER_VISITOR}) k
            JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM feedback_feedback WHERE project_id = %s) ideas
              ON ideas.n = 1 + floor({IDEAS} * power(((v.vn * 7919 + k * 4729) %% {IDEAS}) / {IDEAS}.0, 2))
            ON CONFLICT DO NOTHING
            """,
            [project.pk],
        )
        # The votes bypassed the signals: the counts as recount_votes would set them, in one statement.
        cursor.execute(
            """
            UPDATE feedback_feedback f SET vote_count = c.n
            FROM (SELECT idea_id, count(*) AS n FROM feedback_ideavote GROUP BY idea_id) c
            WHERE f.id = c.idea_id AND f.project_id = %s
            """,
            [project.pk],
        )
        cursor.execute("DROP TABLE bench_visitors")


@transaction.atomic
def seed():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a bulk load, not a request: no statement timeout
            cursor.execute("SET LOCAL statement_timeout = 0")
    for project_id in Project.objects.filter(slug=SLUG).values_list("pk", flat=True):
        delete_board(project_id)
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
    if connection.vendor == "postgresql":
        seed_board(project, visitors)
    _, raw_key = create_api_key(project=project, name="bench", scopes=["write"])
    return visitors, roadmap, raw_key


def analyze():
    """Fresh statistics, as autovacuum would have them on a live database."""
    if connection.vendor != "postgresql":
        return
    models = [ChangelogEntry, ChangelogView, RoadmapEntry, RoadmapVote, Announcement, Notification, Project]
    models += [Feedback, IdeaVote]
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
    ideas = Feedback.objects.filter(project__slug=SLUG).order_by("?").values_list("pk", flat=True)[:1000]
    (output / "idea_ids.txt").write_text("".join(f"{pk}\n" for pk in ideas) or "none\n")
    newest = ChangelogEntry.objects.filter(project__slug=SLUG).published().order_by("-published_at").first()
    fixtures = {
        "slug": SLUG,
        "portal_entry_path": f"/portal/{SLUG}/changelog/{newest.pk}/{newest.permalink_slug}/",
        "api_key": raw_key,
        "visitors_file": str(output / "visitors.txt"),
        "roadmap_ids_file": str(output / "roadmap_ids.txt"),
        "idea_ids_file": str(output / "idea_ids.txt"),
    }
    (output / "fixtures.json").write_text(json.dumps(fixtures, indent=2))
    ideas, votes = Feedback.objects.filter(project__slug=SLUG).count(), IdeaVote.objects.count()
    print(
        f"seeded {SLUG}: 200 changelog, 100 roadmap, {VISITORS} visitors, {ideas} ideas, {votes} idea votes",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
