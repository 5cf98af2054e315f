"""Fixtures of the roadmap tests: entries made in one call, votes cast through the service."""

from datetime import timedelta

import pytest
from django.utils import timezone

from roadmap.models import RoadmapEntry


@pytest.fixture
def make_entry(db):
    """make_entry(project, feature_name="...", **fields) -> a published entry unless told otherwise."""

    def make(project, feature_name="Dark mode", **fields):
        fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        return RoadmapEntry.objects.create(project=project, feature_name=feature_name, **fields)

    return make


@pytest.fixture
def entry(project, make_entry):
    return make_entry(
        project,
        milestone_number=1,
        milestone_name="v2.0 Launch",
        feature_status="in_progress",
        user_friendly_description="Full dark mode theme.",
        target_date="2025-06-01",
        category="ui",
        tags=["theme", "accessibility"],
        sort_order=1,
    )
