"""In-process cost of one vote toggle (roadmap.services.toggle_vote) on PostgreSQL.

    DATABASE_URL=postgres://... python bench/vote_toggle.py [--toggles 500] [--rounds 5]

Migrates the database it is given, makes a `vote-bench` project with one published entry,
then times rounds of toggles with timeit: 50 visitors cycling up, down, up... so the
toggles mix first votes, switches and removals. Prints the median and best round in
milliseconds per toggle, and the CPU time of this process per toggle (the rest of the
wall time is waiting on PostgreSQL and Redis). Needs Redis as configured (a vote drops the cached roadmap).
"""

import argparse
import itertools
import os
import sys
import time
import timeit
import uuid
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from projects.models import Project  # noqa: E402
from projects.services import create_project  # noqa: E402
from roadmap.models import RoadmapEntry  # noqa: E402
from roadmap.services import toggle_vote  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--toggles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    project = Project.objects.filter(slug="vote-bench").first() or create_project(name="Vote bench", slug="vote-bench")
    entry, _ = RoadmapEntry.objects.get_or_create(
        project=project, feature_name="Bench entry", defaults={"published_at": timezone.now()}
    )
    visitors = [uuid.uuid4() for _ in range(50)]
    steps = itertools.cycle([(visitor, kind) for kind in ("up", "down", "up") for visitor in visitors])

    def toggle():
        visitor_id, vote_type = next(steps)
        toggle_vote(
            entry_id=entry.pk, project_id=project.pk, visitor_id=visitor_id, vote_type=vote_type, published_only=True
        )

    for _ in range(50):  # warm the connection and the caches
        toggle()
    cpu_started = time.process_time()
    rounds = sorted(timeit.repeat(toggle, number=args.toggles, repeat=args.rounds))
    cpu = (time.process_time() - cpu_started) / (args.toggles * args.rounds) * 1000
    per_toggle = [seconds / args.toggles * 1000 for seconds in rounds]
    print(
        f"{args.toggles} toggles x {args.rounds} rounds: median {per_toggle[len(per_toggle) // 2]:.3f} ms, "
        f"best {per_toggle[0]:.3f} ms per toggle; this process's CPU {cpu:.3f} ms per toggle"
    )


if __name__ == "__main__":
    main()
