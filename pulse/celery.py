"""The Celery app of Pulse: `celery -A pulse worker` (and `celery -A pulse beat`, once).

Settings come from Django's, prefixed `CELERY_` (pulse/settings.py says which broker:
CELERY_BROKER_URL, else REDIS_URL, else kombu's filesystem transport under var/ for the
embedded default). Tasks live in each app's `tasks.py` (autodiscovered).
"""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pulse.settings")

app = Celery("pulse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _mark_a_process_that_serves_no_requests(**kwargs):
    """A worker's writes must tell the web server's process-local cache (the embedded
    default) that its lists are stale: pulse.api.caching reads this flag."""
    os.environ["PULSE_SERVES_NO_REQUESTS"] = "1"
