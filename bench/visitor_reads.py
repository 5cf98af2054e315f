"""In-process cost of the two per-visitor reads against the same reads through the ORM.

    python bench/visitor_reads.py          (DATABASE_URL as for bench/render_json.py)

On the benchmark project (bench/seed.py), for one seeded visitor with 10 views and 2
dismissals: `without_dismissed` and `unseen_of` (literal SQL, prepared on PostgreSQL,
see pulse/db.py), and for reference the ORM querysets of the same reads. Each is called
2,000 times per round; prints the median and the rounds, in ms per call.
"""

import os
import statistics
import sys
import timeit
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
django.setup()

from django.db import connection  # noqa: E402

from announcements.models import Announcement, AnnouncementDismissal  # noqa: E402
from announcements.selectors import public_announcements, without_dismissed  # noqa: E402
from changelog.models import ChangelogView  # noqa: E402
from changelog.selectors import published_entry_ids, unseen_of  # noqa: E402
from projects.models import Project  # noqa: E402

CALLS = 2000
ROUNDS = 5


def main():
    project = Project.objects.get(slug="bench")
    visitor = ChangelogView.objects.filter(project=project).values_list("visitor_id", flat=True).first()
    AnnouncementDismissal.objects.bulk_create(
        [
            AnnouncementDismissal(announcement=a, visitor_id=visitor)
            for a in Announcement.objects.filter(project=project)[:2]
        ],
        ignore_conflicts=True,
    )
    live = [{**row, "id": str(row["id"])} for row in public_announcements(project_id=project.id)]
    published = [str(entry_id) for entry_id in published_entry_ids(project.id)]
    reads = {
        "without_dismissed": lambda: without_dismissed(live, project_id=project.id, visitor_id=visitor),
        "unseen_of": lambda: unseen_of(published, project_id=project.id, visitor_id=visitor),
        "ORM dismissals (reference)": lambda: list(
            AnnouncementDismissal.objects.filter(announcement__project_id=project.id, visitor_id=visitor).values(
                "announcement_id"
            )
        ),
        "ORM views (reference)": lambda: list(
            ChangelogView.objects.filter(project_id=project.id, visitor_id=visitor).values("entry_id")
        ),
    }
    print(f"{connection.vendor}, {CALLS} calls x {ROUNDS} rounds, ms per call")
    for name, read in reads.items():
        read()
        rounds = [timeit.timeit(read, number=CALLS) / CALLS * 1000 for _ in range(ROUNDS)]
        listed = ", ".join(f"{ms:.3f}" for ms in rounds)
        print(f"{name:28} median {statistics.median(rounds):.3f} (rounds {listed})")


if __name__ == "__main__":
    main()
