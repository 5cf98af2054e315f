"""The cost of the team's "possible duplicates" (feedback.selectors.possible_duplicates,
issue 23) on a project of N ideas, against the database of DATABASE_URL (migrated):

- trigrams: the default (pg_trgm's `%` and `<->` on the GiST index of feedback migration
  0004 on PostgreSQL; the Python fallback on SQLite);
- embeddings: every idea with a stored vector (random, DIMS dimensions; no AI server: a
  provider of this script answers `can_embed`), ranked by cosine over the newest
  PULSE_AI_SIMILAR_POOL vectors.

Creates project `bench-duplicates` (bulk inserts, no signals), times `--queries` calls of
each path, prints the median and the 90th percentile, then deletes the project.

    DATABASE_URL=postgres://... .venv/bin/python bench/possible_duplicates.py [--ideas 10000] [--dims 768]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from feedback.duplicates import KIND  # noqa: E402
from feedback.models import Feedback  # noqa: E402
from feedback.selectors import possible_duplicates  # noqa: E402
from projects.models import Project  # noqa: E402
from projects.services import create_project  # noqa: E402
from pulse.embeddings import digest, pack  # noqa: E402
from pulse.models import Embedding  # noqa: E402

SLUG = "bench-duplicates"
WORDS = (
    "dark mode export csv slack webhook login sso okta mobile widget search filter roadmap changelog email "
    "digest api keys team roles dashboard chart analytics faster import jira github sync calendar "
    "notifications badge theme language offline archive tags comments mentions invoices billing"
).split()


class BenchProvider:
    """Vectors without a server: only `can_embed` and the model's name are read."""

    can_embed = True
    embedding_model = "bench-embed"


def timed(fn, items):
    times = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    parser.add_argument("--dims", type=int, default=768)
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(23)
    Project.objects.filter(slug=SLUG).delete()
    project = create_project(name="Bench duplicates", slug=SLUG)
    ideas = [
        Feedback(
            project=project,
            title=" ".join(rng.sample(WORDS, rng.randint(3, 7))).capitalize(),
            description="bench",
            visibility=Feedback.Visibility.PUBLIC,
        )
        for _ in range(args.ideas)
    ]
    Feedback.objects.bulk_create(ideas, batch_size=2000)
    if connection.vendor == "postgresql":  # statistics as autovacuum would have them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_feedback")
    sample = rng.sample(ideas, args.queries)
    print(f"{connection.vendor}, {args.ideas} ideas, {args.queries} queries")
    settings.PULSE_AI_PROVIDER = "offline"
    median, p90 = timed(lambda item: possible_duplicates(project=project, feedback=item), sample)
    print(f"trigrams:   median {median:.1f} ms, p90 {p90:.1f} ms")
    Embedding.objects.bulk_create(
        [
            Embedding(
                project=project,
                kind=KIND,
                object_id=idea.pk,
                model=BenchProvider.embedding_model,
                digest=digest(BenchProvider.embedding_model, f"{idea.title}\n\n{idea.description}"),
                dimensions=args.dims,
                vector=pack([rng.gauss(0, 1) for _ in range(args.dims)]),
            )
            for idea in ideas
        ],
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE pulse_embedding")
    settings.PULSE_AI_PROVIDER = f"{__name__}.BenchProvider"
    settings.PULSE_AI_SIMILARITY_THRESHOLD = -1  # random vectors: keep every score, sort them all
    found = possible_duplicates(project=project, feedback=sample[0])
    assert found and found[0].ranked_by == "embeddings", found
    median, p90 = timed(lambda item: possible_duplicates(project=project, feedback=item), sample)
    pool = min(args.ideas, settings.PULSE_AI_SIMILAR_POOL)
    print(f"embeddings: median {median:.1f} ms, p90 {p90:.1f} ms ({pool} vectors of {args.dims} dimensions read)")
    Embedding.objects.filter(project=project).delete()
    project_id = Project._meta.pk.get_db_prep_value(project.pk, connection)
    with connection.cursor() as cursor:  # in SQL: the ORM's cascade would signal every idea
        cursor.execute("DELETE FROM feedback_feedback WHERE project_id = %s", [project_id])
    Project.objects.filter(pk=project.pk).delete()


if __name__ == "__main__":
    main()
