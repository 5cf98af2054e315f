"""Portal fixtures: entries made through the services, in any state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changelog.services import create_entry
from roadmap.services import create_roadmap_entry


@pytest.fixture
def make_entry(db, project):
    """make_entry(days_ago=1, **fields): a changelog entry published `days_ago` days ago;
    None is a draft, a negative value is scheduled."""

    def make(days_ago=1, *, entry_project=None, **fields):
        published_at = None if days_ago is None else timezone.now() - timedelta(days=days_ago)
        fields.setdefault("title", "An entry")
        return create_entry(project=entry_project or project, published_at=published_at, **fields)

    return make


@pytest.fixture
def make_feature(db, project):
    """make_feature(**fields): a roadmap entry, published an hour ago unless told."""

    def make(*, entry_project=None, **fields):
        fields.setdefault("feature_name", "A feature")
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        return create_roadmap_entry(project=entry_project or project, **fields)

    return make
