"""Changelog test fixtures: entries made through the services, in any state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changelog.services import create_entry


@pytest.fixture
def make_entry(db, project):
    """make_entry(days_ago=1, **fields): published `days_ago` days ago; days_ago=None is a draft,
    a negative value is scheduled in the future."""

    def make(days_ago=1, *, entry_project=None, **fields):
        published_at = None if days_ago is None else timezone.now() - timedelta(days=days_ago)
        fields.setdefault("title", "An entry")
        return create_entry(project=entry_project or project, published_at=published_at, **fields)

    return make
