"""A project's overview (its landing page): what matters now, in a fixed number of queries.

Each figure is one query whatever the data size (issue 18, item 6; tests/dashboard/
test_overview.py asserts the count over two data sizes):

- the latest published changelog entry, its views and the project's changelog visitors
  (visitors who have viewed any entry): unseen rate = 1 - views / visitors;
- the top-voted public roadmap items (net votes, `TOP_ITEMS`);
- new feedback awaiting triage (status "new"): the count and the newest few;
- live announcement banners (active and within their window now);
- events today (UTC day, from the daily rollup).
"""

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from analytics.models import EventDailyCount
from announcements.selectors import live_announcements
from changelog.models import ChangelogEntry, ChangelogView
from feedback.models import Feedback
from roadmap.models import RoadmapEntry

TOP_ITEMS = 5


@dataclass(frozen=True)
class Overview:
    latest_entry: ChangelogEntry | None  # annotated with `view_count`
    changelog_visitors: int
    top_roadmap: list
    new_feedback_count: int
    new_feedback: list
    live_banners: list
    events_today: int

    @property
    def unseen_rate(self):
        """Share (0-1) of the changelog's visitors who have not seen the latest entry; None
        without an entry or visitors."""
        if self.latest_entry is None or not self.changelog_visitors:
            return None
        return max(0.0, 1 - self.latest_entry.view_count / self.changelog_visitors)

    @property
    def unseen_percent(self):
        rate = self.unseen_rate
        return None if rate is None else round(rate * 100)


def project_overview(*, project, now=None):
    """The Overview of `project` at `now` (default: now); seven queries, whatever the data."""
    now = now or timezone.now()
    latest = (
        ChangelogEntry.objects.filter(project=project)
        .published(now)
        .order_by("-published_at", "-created_at")
        .annotate(view_count=Count("views"))
        .only("id", "title", "version", "published_at")
        .first()
    )
    visitors = ChangelogView.objects.filter(project=project).values("visitor_id").distinct().count()
    top_roadmap = list(
        RoadmapEntry.objects.filter(project=project, published_at__lte=now)
        .order_by("-vote_count", "milestone_number", "sort_order")
        .only("id", "feature_name", "feature_status", "vote_count")[:TOP_ITEMS]
    )
    new = Feedback.objects.filter(project=project, status=Feedback.Status.NEW)
    new_feedback = list(new.order_by("-created_at").only("id", "title", "category", "created_at")[:TOP_ITEMS])
    new_count = new.count()
    banners = list(live_announcements(project_id=project.pk, now=now).order_by("-priority", "-created_at")[:TOP_ITEMS])
    events = EventDailyCount.objects.filter(project=project, day=now.date()).aggregate(total=Sum("count"))["total"]
    return Overview(
        latest_entry=latest,
        changelog_visitors=visitors,
        top_roadmap=top_roadmap,
        new_feedback_count=new_count,
        new_feedback=new_feedback,
        live_banners=banners,
        events_today=events or 0,
    )
