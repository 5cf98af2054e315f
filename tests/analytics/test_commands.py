"""rebuild_event_rollups and prune_events."""

from datetime import datetime, timedelta, timezone
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from analytics.models import Event, EventDailyCount
from analytics.services import ingest_events, prune_cutoff

pytestmark = pytest.mark.django_db


def _rollup(project):
    return set(EventDailyCount.objects.filter(project=project).values_list("day", "name", "count"))


def _iso(moment):
    return moment.isoformat()


def _days_ago(days, hour=12):
    now = datetime.now(timezone.utc)
    return now.replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)


def test_rebuild_restores_a_drifted_rollup(project):
    ingest_events(project=project, events=[{"name": "a"}, {"name": "a"}, {"name": "b"}])
    expected = _rollup(project)
    EventDailyCount.objects.filter(project=project, name="a").update(count=99)
    EventDailyCount.objects.filter(project=project, name="b").delete()
    out = StringIO()
    call_command("rebuild_event_rollups", "acme", stdout=out)
    assert _rollup(project) == expected
    assert "acme: 2 daily counts rebuilt" in out.getvalue()


def test_rebuild_without_slug_covers_every_project_and_with_slug_only_that_one(project, other_project):
    ingest_events(project=project, events=[{"name": "a"}])
    ingest_events(project=other_project, events=[{"name": "b"}])
    EventDailyCount.objects.update(count=7)
    call_command("rebuild_event_rollups", "other", stdout=StringIO())
    assert EventDailyCount.objects.get(project=other_project).count == 1
    assert EventDailyCount.objects.get(project=project).count == 7
    call_command("rebuild_event_rollups", stdout=StringIO())
    assert EventDailyCount.objects.get(project=project).count == 1


def test_rebuild_unknown_slug_is_an_error(project):
    with pytest.raises(CommandError, match="No project with slug 'nope'"):
        call_command("rebuild_event_rollups", "nope")


def test_rebuild_removes_counts_without_raw_events_since_the_oldest_raw_day(project):
    ingest_events(project=project, events=[{"name": "a", "timestamp": _iso(_days_ago(3))}, {"name": "a"}])
    EventDailyCount.objects.create(project=project, day=_days_ago(1).date(), name="ghost", count=5)
    call_command("rebuild_event_rollups", "acme", stdout=StringIO())
    assert "ghost" not in {name for _, name, _ in _rollup(project)}
    assert sum(count for _, _, count in _rollup(project)) == 2


def test_prune_deletes_old_raw_events_and_keeps_their_counts(project, other_project):
    old = [{"name": "old", "timestamp": _iso(_days_ago(40))}] * 3
    recent = [{"name": "new", "timestamp": _iso(_days_ago(2))}] * 2
    ingest_events(project=project, events=old + recent)
    ingest_events(project=other_project, events=old)
    rollup_before = _rollup(project)
    out = StringIO()
    call_command("prune_events", "--older-than", "30", "--chunk-size", "2", stdout=out)
    assert list(Event.objects.values_list("name", flat=True)) == ["new", "new"]
    assert _rollup(project) == rollup_before
    assert EventDailyCount.objects.get(project=other_project).count == 3
    assert "Deleted 6 events" in out.getvalue()


def test_prune_cuts_at_the_start_of_the_utc_day(project):
    now = datetime(2026, 3, 31, 15, 30, tzinfo=timezone.utc)
    assert prune_cutoff(older_than_days=30, now=now) == datetime(2026, 3, 1, tzinfo=timezone.utc)


def test_rebuild_after_prune_keeps_the_pruned_days_counts(project):
    ingest_events(project=project, events=[{"name": "a", "timestamp": _iso(_days_ago(40))}, {"name": "a"}])
    call_command("prune_events", "--older-than", "30", stdout=StringIO())
    call_command("rebuild_event_rollups", "acme", stdout=StringIO())
    assert sorted(count for _, _, count in _rollup(project)) == [1, 1]


@pytest.mark.parametrize("args", [["--older-than", "0"], ["--older-than", "5", "--chunk-size", "0"]])
def test_prune_refuses_silly_bounds(args):
    with pytest.raises(CommandError):
        call_command("prune_events", *args)


def test_prune_requires_older_than():
    with pytest.raises(CommandError):
        call_command("prune_events")
