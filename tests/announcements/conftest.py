"""Fixtures of the announcements tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement


@pytest.fixture
def make_announcement(db, project):
    """make_announcement(title="...", **fields) -> a live announcement of `project` by default."""

    def make(**fields):
        fields.setdefault("project", project)
        fields.setdefault("title", "Scheduled maintenance")
        fields.setdefault("message", "We will be performing maintenance on March 20th.")
        return Announcement.objects.create(**fields)

    return make


@pytest.fixture
def past():
    return timezone.now() - timedelta(days=1)


@pytest.fixture
def future():
    return timezone.now() + timedelta(days=1)
