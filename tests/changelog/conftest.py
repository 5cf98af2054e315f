"""Changelog test fixtures: entries made through the services, in any state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from changelog.models import ChangelogEntry
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


@pytest.fixture
def bulk_published(db, project):
    """bulk_published(count): `count` published entries, a minute apart (newest "e0"), in one insert."""

    def make(count):
        now = timezone.now()
        return ChangelogEntry.objects.bulk_create(
            [
                ChangelogEntry(project=project, title=f"e{i}", published_at=now - timedelta(minutes=i))
                for i in range(count)
            ]
        )

    return make


HOSTILE_HTML = {
    "script": ("<script>alert(1)</script>", "<script"),
    "onerror": ('<img src="https://x.example/a.png" onerror="alert(1)">', "onerror"),
    "javascript-url": ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    "iframe": ('<iframe src="https://evil.example"></iframe>', "<iframe"),
}


@pytest.fixture(params=list(HOSTILE_HTML.values()), ids=list(HOSTILE_HTML))
def hostile_entry(request, project):
    """(entry, marker): a published entry whose content was written with one hostile piece,
    straight on the model (no service); `marker` must never come back out."""
    html, marker = request.param
    entry = ChangelogEntry.objects.create(
        project=project, title="T", published_at=timezone.now(), content=f"<p>safe</p>{html}"
    )
    return entry, marker
