"""Reads of roadmap entries shared by the public API, the Admin API and the dashboard."""

from .models import RoadmapEntry


def public_entries(*, project_id):
    """The project's published entries in roadmap order (milestone, sort order, creation)."""
    return (
        RoadmapEntry.objects.filter(project_id=project_id)
        .published()
        .order_by("milestone_number", "sort_order", "created_at")
    )


def project_entries(*, project_id):
    """All of the project's entries, drafts and scheduled ones included, in roadmap order."""
    return RoadmapEntry.objects.filter(project_id=project_id).order_by("milestone_number", "sort_order", "created_at")
