"""Query plans of the visitor-specific endpoints on the seeded benchmark project.

    python bench/query_plans.py        (after bench/run.py has seeded `pulse_bench`)

Calls each endpoint once through Django's test client, captures every SQL statement it
runs, and prints EXPLAIN ANALYZE of each, flagging sequential scans of large tables. The benchmark
project has 100,000 changelog views, 30,000 votes and 100,000 notifications, and an idea board
of 100,000 ideas with about 1,000,000 votes (issue 20: the board's list, search, similar titles,
an idea's page and a vote; `--board` prints the board's statements' median execution times).
"""

import os
import random
import re
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
os.environ["RATE_LIMITS_ENABLED"] = "0"
os.environ["PUBLIC_CACHE_ENABLED"] = "0"
django.setup()

from django.db import IntegrityError, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from feedback.models import Feedback  # noqa: E402
from roadmap.models import RoadmapEntry  # noqa: E402

LARGE_TABLE_ROWS = 10_000  # below this a sequential scan is the planner's right choice


def table_rows(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
    return row[0] if row else 0


def board_calls(base):
    """The idea board's reads and a vote (issue 20's Speed section)."""
    idea = Feedback.objects.filter(project__slug="bench").order_by("-vote_count").first()
    if idea is None:
        return []
    return [
        ("GET", f"{base}/ideas?sort=trending", None),
        ("GET", f"{base}/ideas?sort=top&offset=40", None),
        ("GET", f"{base}/ideas?sort=new&status=planned", None),
        ("GET", f"{base}/ideas?q=dark+mode", None),
        ("GET", f"{base}/ideas?q=export&sort=top", None),
        ("GET", f"{base}/ideas/similar?title=dark+mode+widget", None),
        ("GET", f"{base}/ideas/voted", None),
        ("GET", f"{base}/ideas/{idea.pk}", None),
        ("POST", f"{base}/ideas/{idea.pk}/vote", None),
    ]


def execution_ms(sql, runs=15):
    """Median `Execution Time` of EXPLAIN ANALYZE over `runs` runs (rolled back), in ms."""
    times = []
    for _ in range(runs):
        with connection.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            times.append(cursor.fetchone()[0][0]["Execution Time"])
            cursor.execute("ROLLBACK")
    return sorted(times)[len(times) // 2]


def board_timings(client, base):
    """Each board read's statements with their median execution time (ms) at the database."""
    for method, path, _ in board_calls(base):
        if method != "GET":
            continue
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        statements = [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        figures = ", ".join(f"{execution_ms(sql):.2f}" for sql in statements)
        print(f"| {path.replace(base, '')} | {len(captured)} | {figures} |")


def main():
    visitors = (ROOT / "bench" / "results" / "visitors.txt").read_text().split()
    visitor = random.Random(1).choice(visitors)
    entry = RoadmapEntry.objects.filter(project__slug="bench").first()
    base = "/api/v1/projects/bench"
    calls = [
        ("GET", f"{base}/changelog/unseen", None),
        ("GET", f"{base}/notifications", None),
        ("GET", f"{base}/announcements", None),
        ("GET", f"{base}/feedback", None),
        ("POST", f"{base}/roadmap/{entry.pk}/vote", {"vote_type": "up"}),
        ("POST", f"{base}/notifications/read", {}),
        *board_calls(base),
    ]
    client = Client(HTTP_X_PULSE_USER_ID=visitor)
    if "--board" in sys.argv:
        print("| board read | queries | median execution ms of each statement (EXPLAIN ANALYZE x15) |\n|---|---:|---|")
        board_timings(client, base)
        return 0
    sequential = 0
    for method, path, body in calls:
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                response = client.get(path)
            else:
                response = client.post(path, body, content_type="application/json")
        print(f"\n## {method} {path.replace(base, '')} -> {response.status_code}, {len(captured)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "DELETE")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                try:
                    cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                except IntegrityError as exc:  # an INSERT the call committed: run again it conflicts
                    plan = f"(not run again: {str(exc).splitlines()[0]})"
                cursor.execute("ROLLBACK")
            scans = re.findall(r"Seq Scan on (\w+)", plan)
            sequential += sum(1 for table in scans if table_rows(table) > LARGE_TABLE_ROWS)
            print(f"- {sql[:110]}...\n  " + plan.replace("\n", "\n  "))
    print(f"\nsequential scans of tables over {LARGE_TABLE_ROWS:,} rows: {sequential}")
    return 1 if sequential else 0


if __name__ == "__main__":
    raise SystemExit(main())
