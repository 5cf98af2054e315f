"""Benchmark of event ingestion and the top-events report (not part of the test suite).

    python bench/events_bench.py [--duration 15] [--connections 4] [--events 1000000]

On PostgreSQL + Redis (BENCH_DATABASE_URL / BENCH_REDIS_URL, defaults below) it:

1. migrates the bench database and empties its event tables, creates a `bench` project and
   an `analytics:write,analytics:read` key (revoked at the end);
2. starts gunicorn (2 sync workers, DEBUG off, rate limits raised out of the way);
3. drives `POST /api/v1/pulse/events/batch` with 100-event batches from concurrent wrk
   connections for a fixed time: events/s, p50/p99 latency, and checks that every event
   was stored and counted in the rollup;
4. measures, in the same run, the COPY ceiling: psycopg `COPY` of the same rows into the
   same table straight from Python (100-row transactions from as many processes as
   workers, and one large COPY), and prints the ratio;
5. replaces the events with 1,000,000 spread over 30 days and 40 names (one COPY),
   rebuilds the rollup, and measures `GET /api/v1/pulse/reports/top-events` latency.
"""

import argparse
import json
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from run import ensure_database  # bench/run.py, next to this script

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench_analytics")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": "pulse-bench",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "RATE_LIMIT_GENERAL": "1000000000",
    "LOG_LEVEL": "WARNING",
}
BATCH_SIZE = 100
WORKERS = 2
NAMES = [f"{area}.{verb}" for area in ("page", "button", "api", "widget", "signup") for verb in "abcdefgh"]


def setup_django():
    os.environ.update(SERVER_ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pulse.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def batch_body(rnd):
    """100 realistic events, as a tracking SDK would send them (server timestamps)."""
    return {
        "events": [
            {
                "name": rnd.choice(NAMES[:12]),
                "properties": {"page": f"/app/{rnd.randint(1, 50)}", "plan": rnd.choice(["free", "pro"]), "n": i},
                "userId": f"user-{rnd.randint(1, 5000)}",
                "sessionId": f"sess-{rnd.randint(1, 20000)}",
            }
            for i in range(BATCH_SIZE)
        ]
    }


def prepare():
    """Migrate, empty the event tables, return (project, api_key, raw_key)."""
    from django.core.management import call_command
    from django.db import connection

    from analytics.models import Event, EventDailyCount
    from projects.models import Project
    from projects.services import create_api_key

    ensure_database(DATABASE_URL)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Event._meta.db_table}, {EventDailyCount._meta.db_table}")
    project, _ = Project.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    api_key, raw_key = create_api_key(project=project, name="bench", scopes=["analytics:write", "analytics:read"])
    return project, api_key, raw_key


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pulse.wsgi"]
        + ["-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "-k", "sync"],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise SystemExit("gunicorn did not become ready")
        time.sleep(0.3)


def cpu_seconds(pids):
    """user + system CPU seconds of live processes (others are skipped)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def server_pids(server):
    """gunicorn's workers and the PostgreSQL backends connected to the bench database."""
    import psycopg

    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        own = conn.info.backend_pid
        backends = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").fetchall()
    return [int(pid) for pid in children] + [pid for (pid,) in backends if pid != own]


def run_wrk(url, raw_key, *, duration, connections, body_path=""):
    env = {**os.environ, "PULSE_BENCH_KEY": raw_key, "PULSE_BENCH_BODY": body_path}
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "-s", str(ROOT / "bench" / "wrk.lua"), url]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    result = json.loads(re.search(r"^RESULT (.*)$", output, re.M).group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def stored_rows(project, body):
    """The rows ingestion stores for `body`, built by the same validator and adapter."""
    from django.utils import timezone

    from analytics.services import _event_rows
    from analytics.validators import Limits, truncate_to_milliseconds, validate_batch

    now = truncate_to_milliseconds(timezone.now())
    return _event_rows(project, validate_batch(body["events"], now=now, limits=Limits.from_settings()), now)


COPY_SQL = "COPY analytics_event (project_id, name, properties, user_id, session_id, timestamp, received_at) FROM STDIN"


def _copy_batches(rows, duration, queue):
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        done = 0
        deadline = time.perf_counter() + duration
        while time.perf_counter() < deadline:
            with conn.transaction(), conn.cursor() as cursor, cursor.copy(COPY_SQL) as copy:
                for row in rows:
                    copy.write_row(row)
            done += len(rows)
        backend_cpu = cpu_seconds([conn.info.backend_pid])
    own_cpu = sum(os.times()[:2])
    queue.put((done, own_cpu + backend_cpu))


def copy_batched(rows, duration):
    """Rows/s of 100-row COPY transactions from WORKERS processes (one per gunicorn worker)."""
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=_copy_batches, args=(rows, duration, queue)) for _ in range(WORKERS)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    results = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    return sum(rows for rows, _ in results), time.perf_counter() - started, sum(cpu for _, cpu in results)


def copy_single(rows, repeats=2000):
    """Rows/s of one large COPY (200,000 rows) in one transaction."""
    import psycopg

    with psycopg.connect(DATABASE_URL) as conn:
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor, cursor.copy(COPY_SQL) as copy:
            for _ in range(repeats):
                for row in rows:
                    copy.write_row(row)
        return repeats * len(rows) / (time.perf_counter() - started)


def seed_events(project, target):
    """Replace the events (the ingestion phases' rows all fall on one or two days and ten
    names) with `target` events over the last 30 days and 40 names, then rebuild the rollup
    and refresh planner statistics."""
    import psycopg
    from django.db import connection
    from django.utils import timezone

    from analytics.models import Event, EventDailyCount
    from analytics.services import rebuild_daily_counts

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Event._meta.db_table}, {EventDailyCount._meta.db_table}")
    missing = target
    rnd = random.Random(7)
    now = timezone.now()
    weights = [1 / (rank + 1) for rank in range(len(NAMES))]  # a Zipf-like popularity
    if missing > 0:
        with psycopg.connect(DATABASE_URL) as conn:
            with conn.transaction(), conn.cursor() as cursor, cursor.copy(COPY_SQL) as copy:
                names = rnd.choices(NAMES, weights=weights, k=missing)
                for index, name in enumerate(names):
                    moment = now - timedelta(seconds=rnd.randint(0, 30 * 86400))
                    copy.write_row((project.id, name, '{"seeded": true}', f"user-{index % 5000}", "", moment, moment))
    rows = rebuild_daily_counts(project=project)
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE analytics_event")
        conn.execute("VACUUM ANALYZE analytics_eventdailycount")
    return Event.objects.count(), rows


def stored_counts(project):
    """(raw events, sum of the rollup) of the project, read in one snapshot."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM analytics_event WHERE project_id = %s),"
            " (SELECT coalesce(sum(count), 0) FROM analytics_eventdailycount WHERE project_id = %s)",
            [project.id, project.id],
        )
        return cursor.fetchone()


def wait_until_idle(project):
    """wrk stops counting before the server has answered every queued request."""
    previous = None
    while (current := stored_counts(project)) != previous:
        previous = current
        time.sleep(1)
    return current


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=30, help="seconds of HTTP load, and of COPY load")
    parser.add_argument("--connections", type=int, default=4, help="concurrent wrk connections")
    parser.add_argument("--rounds", type=int, default=3, help="alternating HTTP / COPY phases")
    parser.add_argument("--events", type=int, default=1_000_000, help="stored events for the report")
    args = parser.parse_args()

    setup_django()
    from projects.services import revoke_api_key

    print(f"load average at the start: {os.getloadavg()}")

    project, api_key, raw_key = prepare()
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}/api/v1/pulse"
    try:
        body = batch_body(random.Random(1))
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as file:
            file.write(json.dumps(body).encode())
        batch_url = f"{base}/events/batch"
        run_wrk(batch_url, raw_key, duration=2, connections=args.connections, body_path=file.name)
        warmup_events, _ = wait_until_idle(project)
        # HTTP and COPY phases alternate, so that load from other processes hits both alike.
        rows = stored_rows(project, body)
        phase = max(1, args.duration // args.rounds)
        rounds, copied, copy_seconds, copy_cpu, http_cpu = [], 0, 0.0, 0.0, 0.0
        for _ in range(args.rounds):
            pids = server_pids(server)
            before = cpu_seconds(pids)
            load = run_wrk(batch_url, raw_key, duration=phase, connections=args.connections, body_path=file.name)
            rounds.append(load)
            wait_until_idle(project)
            http_cpu += cpu_seconds(pids) - before
            count, seconds, cpu = copy_batched(rows, phase)
            copied, copy_seconds, copy_cpu = copied + count, copy_seconds + seconds, copy_cpu + cpu
        os.unlink(file.name)
        requests = sum(r["requests"] - r["bad_status"] for r in rounds)
        ingest = {
            "rps": requests / sum(r["duration_us"] / 1e6 for r in rounds),
            "p50_us": statistics.median(r["p50_us"] for r in rounds),
            "p99_us": max(r["p99_us"] for r in rounds),
            "bad_status": sum(r["bad_status"] for r in rounds),
            "socket_errors": sum(r["socket_errors"] for r in rounds),
        }
        stored, counted = wait_until_idle(project)
        http_stored = stored - warmup_events - copied  # COPY phases add rows but no rollup
        consistent = http_stored == counted - warmup_events and http_stored >= requests * BATCH_SIZE
        events_per_second = ingest["rps"] * BATCH_SIZE
        batched = copied / copy_seconds
        single = copy_single(rows)
        ceiling = max(batched, single)

        total, rollup_rows = seed_events(project, args.events)
        pids = server_pids(server)
        before = cpu_seconds(pids)
        floor = run_wrk(f"http://127.0.0.1:{port}/api/v1/admin/me", raw_key, duration=5, connections=1)
        floor_cpu_ms = (cpu_seconds(pids) - before) / floor["requests"] * 1000
        top_all = run_wrk(f"{base}/reports/top-events", raw_key, duration=5, connections=1)
        week = f"from={(time.strftime('%Y-%m-%d', time.gmtime(time.time() - 6 * 86400)))}"
        top_week = run_wrk(f"{base}/reports/top-events?{week}&limit=5", raw_key, duration=5, connections=1)
    finally:
        server.terminate()
        server.wait(10)
        revoke_api_key(api_key=api_key)

    print(
        f"\nbatch ingestion ({WORKERS} gunicorn sync workers, {args.connections} wrk connections, "
        f"{args.rounds} x {phase}s, alternating with the COPY phases):"
    )
    print(f"  {ingest['rps']:.0f} requests/s = {events_per_second:,.0f} events/s")
    print(f"  latency p50 {ingest['p50_us'] / 1000:.1f} ms, p99 {ingest['p99_us'] / 1000:.1f} ms")
    print(f"  non-2xx {ingest['bad_status']}, socket errors {ingest['socket_errors']}")
    print(f"  stored by HTTP {http_stored:,}, rollup grew by as many: {consistent}")
    print("COPY ceiling (same rows, same table, psycopg from Python):")
    print(f"  100-row COPY transactions from {WORKERS} processes: {batched:,.0f} rows/s")
    print(f"  one 200,000-row COPY: {single:,.0f} rows/s")
    print(f"  ratio batch API / best COPY: {events_per_second / ceiling:.0%} (target >= 40%)")
    print(f"  ratio batch API / 100-row COPY transactions: {events_per_second / batched:.0%}")
    http_cost, copy_cost = http_cpu / http_stored * 1e6, copy_cpu / copied * 1e6
    print("CPU per event, independent of other load (gunicorn workers + their PostgreSQL backends,")
    print("against COPY processes + their backends; wrk and Redis not counted):")
    print(f"  batch API {http_cost:.1f} us/event, 100-row COPY {copy_cost:.1f} us/event")
    print(f"  COPY / API CPU ratio {copy_cost / http_cost:.0%} (the throughput ratio on an idle machine, if CPU-bound)")
    print(f"top-events over {total:,} stored events ({rollup_rows:,} rollup rows), 1 connection:")
    print(f"  all time: p50 {top_all['p50_us'] / 1000:.2f} ms, p99 {top_all['p99_us'] / 1000:.2f} ms (target < 20 ms)")
    print(f"  last 7 days, limit 5: p50 {top_week['p50_us'] / 1000:.2f} ms, p99 {top_week['p99_us'] / 1000:.2f} ms")
    print(f"  non-2xx {top_all['bad_status'] + top_week['bad_status']}")
    print(f"  floor, GET /api/v1/admin/me with the same key: p50 {floor['p50_us'] / 1000:.2f} ms")
    print(f"  CPU of that floor: {floor_cpu_ms:.1f} ms/request; of a 100-event batch: {http_cost / 10:.1f} ms/request")
    print(f"load average at the end (other processes included): {os.getloadavg()}")


if __name__ == "__main__":
    main()
