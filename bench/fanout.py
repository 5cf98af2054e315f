"""Fan-out of a roadmap status change with a real worker, broker, SMTP server and receiver.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=amqp://... python bench/fanout.py \
        [--voters 100000] [--confirmed 10000] [--deliveries 1000] [--concurrency 4]

Seeds a `fanout-bench` project: one entry with `--voters` upvoters, `--confirmed` of them
with a confirmed email address, and one signed webhook endpoint on a local receiver. Starts
one `celery -A pulse worker` (threads pool, `--concurrency`) on a queue of its own, a local
SMTP server (aiosmtpd) and a local HTTP receiver, then:

1. times the team's request (PATCH of the entry's status through the Admin API, in process:
   the whole middleware stack, the commit and the enqueue), 5 rounds, median;
2. times until every in-app notification, email and webhook of the last round is delivered;
3. times `--deliveries` webhook deliveries (20 endpoints x events) through the same worker:
   deliveries per second per worker against the local receiver.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://pulse:pulse@127.0.0.1:5432/pulse_bench")
os.environ.setdefault("CELERY_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
os.environ["CELERY_QUEUE"] = QUEUE = f"pulse-bench-{uuid.uuid4().hex[:8]}"
os.environ["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from notifications.models import EmailDelivery, Notification, OutboxEvent, Subscriber, WebhookDelivery  # noqa: E402
from notifications.outbox import emit  # noqa: E402
from notifications.services import create_endpoint  # noqa: E402
from projects.models import Project  # noqa: E402
from projects.services import create_api_key, create_project  # noqa: E402
from roadmap.models import RoadmapEntry, RoadmapVote  # noqa: E402
from tests.outbound.receivers import SmtpSink, WebhookReceiver  # noqa: E402

STATUSES = ["planned", "in_progress", "completed", "planned", "in_progress"]


def wait_for(check, timeout=600):
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"not done within {timeout}s")
        time.sleep(0.2)
    return time.monotonic() - started


def seed(voters, confirmed, receiver_url):
    Project.objects.filter(slug="fanout-bench").delete()
    project = create_project(name="Fan-out bench", slug="fanout-bench")
    entry = RoadmapEntry.objects.create(project=project, feature_name="Offline mode", published_at=timezone.now())
    visitor_ids = [uuid.uuid4() for _ in range(voters)]
    RoadmapVote.objects.bulk_create(
        [RoadmapVote(entry=entry, visitor_id=v, vote_type="up") for v in visitor_ids], batch_size=5000
    )
    RoadmapEntry.objects.filter(pk=entry.pk).update(vote_count=voters)
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(project=project, email=f"voter{i}@example.com", visitor_id=v, confirmed_at=now)
            for i, v in enumerate(visitor_ids[:confirmed])
        ],
        batch_size=5000,
    )
    create_endpoint(project=project, url=receiver_url, event_types=["roadmap.status_changed"])
    _, key = create_api_key(project=project, name="bench", scopes=["roadmap:read", "roadmap:write"])
    return project, entry, key


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--confirmed", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    with SmtpSink() as sink, WebhookReceiver() as receiver:
        os.environ.update({"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(sink.port)})
        project, entry, key = seed(args.voters, args.confirmed, receiver.url)
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pulse", "worker", "-Q", QUEUE, "-n", f"{QUEUE}@%h", "-P", "threads",
             "-c", str(args.concurrency), "--without-gossip", "--without-mingle", "-l", "WARNING"],
            cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL,  # its banner; errors go to stderr
        )  # fmt: skip
        try:
            time.sleep(3)
            client = Client()
            timings = []
            for status in STATUSES:
                wait_for(lambda: not OutboxEvent.objects.filter(project=project, dispatched_at=None).exists())
                wait_for(lambda: not EmailDelivery.objects.filter(event__project=project, status="pending").exists())
                Notification.objects.filter(project=project).delete()
                sink.messages.clear()
                started = time.perf_counter()
                response = client.patch(
                    f"/api/v1/admin/roadmap/{entry.pk}",
                    {"feature_status": status},
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content
                round_started = time.monotonic()
            event = OutboxEvent.objects.filter(project=project, type="roadmap.status_changed").latest("created_at")
            notified = wait_for(lambda: Notification.objects.filter(project=project).count() >= args.voters)
            emailed = wait_for(lambda: len(sink.messages) >= args.confirmed)
            hooked = wait_for(lambda: WebhookDelivery.objects.filter(event=event, status="delivered").exists())
            everything = time.monotonic() - round_started
            print(f"status change request (PATCH, {args.voters} upvoters): median {statistics.median(timings):.1f} ms, "
                  f"rounds {', '.join(f'{t:.0f}' for t in timings)} ms")  # fmt: skip
            print(f"last round: {args.voters} notifications by {notified:.1f}s, {args.confirmed} emails by "
                  f"{emailed:.1f}s, webhook by {hooked:.1f}s after the waits; all delivered {everything:.1f}s "
                  f"after the request")  # fmt: skip

            endpoints = 20
            with WebhookReceiver() as fast:
                for _ in range(endpoints - 1):
                    create_endpoint(project=project, url=fast.url, event_types=["feedback.created"])
                create_endpoint(project=project, url=fast.url, event_types=["feedback.created"])
                before = WebhookDelivery.objects.filter(status="delivered").count()
                started = time.monotonic()
                for _ in range(args.deliveries // endpoints):
                    emit(project=project, type="feedback.created", data={"feedback": {"id": str(uuid.uuid4())}})
                total = before + (args.deliveries // endpoints) * endpoints
                wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").count() >= total)
                elapsed = time.monotonic() - started
            print(f"webhook deliveries: {args.deliveries} in {elapsed:.1f}s = {args.deliveries / elapsed:.0f}/s "
                  f"(one worker, {args.concurrency} threads, local receiver)")  # fmt: skip
        finally:
            worker.terminate()
            worker.wait(timeout=30)


if __name__ == "__main__":
    main()
