"""GET /api/v1/pulse/reports/top-events: from the rollup only, by count, with day ranges."""

import pytest

from analytics.models import Event
from analytics.services import ingest_events

from .conftest import TOP

pytestmark = pytest.mark.django_db


def _report(response):
    assert response.status_code == 200, response.content
    return [(row["name"], row["count"]) for row in response.json()["data"]]


@pytest.fixture
def spread(project):
    """a: 3 on Mar 1, b: 2 on Mar 2 and 2 on Mar 3, c: 1 on Mar 3."""
    events = (
        [{"name": "a", "timestamp": "2026-03-01T10:00:00Z"}] * 3
        + [{"name": "b", "timestamp": "2026-03-02T10:00:00Z"}] * 2
        + [{"name": "b", "timestamp": "2026-03-03T10:00:00Z"}] * 2
        + [{"name": "c", "timestamp": "2026-03-03T23:59:59.999Z"}]
    )
    ingest_events(project=project, events=events)


def test_counts_descending_over_all_days(get, read_key, spread):
    assert _report(get(TOP, read_key)) == [("b", 4), ("a", 3), ("c", 1)]


def test_day_range_is_inclusive(get, read_key, spread):
    assert _report(get(TOP, read_key, **{"from": "2026-03-02", "to": "2026-03-03"})) == [("b", 4), ("c", 1)]
    assert _report(get(TOP, read_key, **{"from": "2026-03-03"})) == [("b", 2), ("c", 1)]
    assert _report(get(TOP, read_key, to="2026-03-01")) == [("a", 3)]


def test_date_time_bounds_count_as_their_utc_day(get, read_key, spread):
    assert _report(get(TOP, read_key, **{"from": "2026-03-03T23:00:00Z"})) == [("b", 2), ("c", 1)]


def test_ties_are_ordered_by_name(get, read_key, project):
    ingest_events(project=project, events=[{"name": "z"}, {"name": "m"}, {"name": "a"}])
    assert _report(get(TOP, read_key)) == [("a", 1), ("m", 1), ("z", 1)]


def test_limit_defaults_to_10_and_is_bounded_by_100(get, read_key, project):
    ingest_events(project=project, events=[{"name": f"n{i:03d}"} for i in range(120)])
    assert len(_report(get(TOP, read_key))) == 10
    assert len(_report(get(TOP, read_key, limit=100))) == 100
    response = get(TOP, read_key, limit=101)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "limit must be an integer between 1 and 100"


def test_reads_only_the_rollup(get, read_key, spread):
    Event.objects.all().delete()
    assert _report(get(TOP, read_key)) == [("b", 4), ("a", 3), ("c", 1)]


def test_other_projects_events_are_not_counted(get, read_key, spread, other_project):
    ingest_events(project=other_project, events=[{"name": "a"}] * 10 + [{"name": "x"}])
    assert _report(get(TOP, read_key)) == [("b", 4), ("a", 3), ("c", 1)]


def test_bad_range_is_400(get, read_key):
    response = get(TOP, read_key, **{"from": "2026-03-05", "to": "2026-03-01"})
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "BAD_REQUEST", "message": "from must not be after to"}


@pytest.mark.parametrize("names", [1, 200])
def test_report_query_count_does_not_grow(get, read_key, project, names, django_assert_max_num_queries):
    ingest_events(project=project, events=[{"name": f"n{i}"} for i in range(names)])
    with django_assert_max_num_queries(3):
        response = get(TOP, read_key, limit=100)
    assert len(response.json()["data"]) == min(names, 100)
