"""Dashboard page of analytics: events per day and the top events, as SVG charts, from the rollup."""

from datetime import timedelta

from django.db.models import Sum
from django.shortcuts import render

from projects.access import project_view
from projects.charts import bar_chart, column_chart

from .forms import DateRangeForm
from .models import EventDailyCount
from .selectors import top_events

TOP_EVENTS = 10


@project_view()
def analytics(request, project):
    form = DateRangeForm(request.GET or None)
    start, end = form.date_range()
    per_day = dict(
        EventDailyCount.objects.filter(project=project, day__gte=start, day__lte=end)
        .order_by()
        .values_list("day")
        .annotate(total=Sum("count"))
    )
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    series = [(day.strftime("%b %-d"), per_day.get(day, 0)) for day in days]
    top = top_events(project=project, limit=TOP_EVENTS, since=start, until=end)
    context = {
        "project": project,
        "form": form,
        "start": start,
        "end": end,
        "total": sum(per_day.values()),
        "busiest": max(series, key=lambda point: point[1]) if per_day else None,
        "daily_chart": column_chart(series),
        "top_chart": bar_chart([(row["name"], row["count"]) for row in top]),
        "has_top": bool(top),
    }
    return render(request, "analytics/analytics.html", context)
