"""Analytics page: events per day and top events as SVG, from the daily rollup, with a date range."""

from datetime import timedelta

import pytest
from django.utils import timezone

from analytics.models import EventDailyCount

pytestmark = pytest.mark.django_db


def test_charts_show_daily_totals_and_top_events(login, team, project, other_project):
    today = timezone.now().date()
    EventDailyCount.objects.create(project=project, day=today, name="signup", count=7)
    EventDailyCount.objects.create(project=project, day=today - timedelta(days=1), name="page_view", count=40)
    EventDailyCount.objects.create(project=other_project, day=today, name="secret_event", count=999)
    response = login(team["member"]).get("/p/acme/analytics/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert response.context["total"] == 47
    assert [(row["bar"].label, row["bar"].value) for row in response.context["top_chart"]["rows"]] == [
        ("page_view", 40),
        ("signup", 7),
    ]
    assert len(response.context["daily_chart"]["bars"]) == 30
    assert "secret_event" not in body


def test_date_range_filters_the_rollup(login, team, project):
    EventDailyCount.objects.create(project=project, day="2026-01-05", name="a", count=3)
    EventDailyCount.objects.create(project=project, day="2026-02-05", name="b", count=5)
    response = login(team["member"]).get("/p/acme/analytics/?start=2026-01-01&end=2026-01-31")
    assert response.context["total"] == 3
    assert len(response.context["daily_chart"]["bars"]) == 31


def test_reversed_range_shows_an_error_and_falls_back(login, team):
    response = login(team["member"]).get("/p/acme/analytics/?start=2026-02-01&end=2026-01-01")
    assert "The start must be on or before the end." in response.content.decode()
    assert len(response.context["daily_chart"]["bars"]) == 30


def test_analytics_query_count_does_not_grow_with_events(login, team, project, queries_for):
    login(team["member"])
    today = timezone.now().date()
    EventDailyCount.objects.create(project=project, day=today, name="one", count=1)
    first = queries_for("/p/acme/analytics/")
    EventDailyCount.objects.bulk_create(
        EventDailyCount(project=project, day=today - timedelta(days=day), name=f"e{name}", count=day + name)
        for day in range(1, 30)
        for name in range(10)
    )
    assert queries_for("/p/acme/analytics/") == first
