"""The demo events: a few hundred over 30 days, rollup in step, seeding twice changes nothing."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.demo import seed
from analytics.models import Event, EventDailyCount

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_few_hundred_events_over_30_days_once(project, visitor_id):
    seed(project=project, visitor_id=visitor_id)
    events = Event.objects.filter(project=project)
    assert 200 <= events.count() <= 600
    oldest = events.order_by("timestamp").first().timestamp
    assert timezone.now() - timedelta(days=31) <= oldest <= timezone.now() - timedelta(days=28)
    assert events.filter(user_id=visitor_id).exists()
    raw = Counter((e.timestamp.date(), e.name) for e in events)
    rollup = {(r.day, r.name): r.count for r in EventDailyCount.objects.filter(project=project)}
    assert rollup == dict(raw)
    seed(project=project, visitor_id=visitor_id)
    assert Event.objects.filter(project=project).count() == sum(raw.values())
