"""The per-visitor reads in literal SQL (pulse.db): one text on every backend, the ids
spelled as the cached lists spell them, and a prepared statement on PostgreSQL."""

import uuid

import pytest
from django.db import connection

from announcements.models import Announcement, AnnouncementDismissal
from announcements.selectors import dismissed_ids
from changelog.models import ChangelogEntry, ChangelogView
from changelog.selectors import viewed_ids
from projects.services import create_project


@pytest.fixture
def visitor():
    return uuid.uuid4()


def _announcement(project, title):
    return Announcement.objects.create(project=project, title=title, message="Maintenance on Sunday.")


def _entry(project, title):
    return ChangelogEntry.objects.create(project=project, title=title, content="<p>Faster.</p>")


def test_dismissed_ids_are_the_visitors_in_this_project_as_canonical_strings(db, project, other_project, visitor):
    mine, not_dismissed = _announcement(project, "mine"), _announcement(project, "kept")
    elsewhere = _announcement(other_project, "elsewhere")
    AnnouncementDismissal.objects.create(announcement=mine, visitor_id=visitor)
    AnnouncementDismissal.objects.create(announcement=elsewhere, visitor_id=visitor)
    AnnouncementDismissal.objects.create(announcement=not_dismissed, visitor_id=uuid.uuid4())

    assert dismissed_ids(project_id=project.id, visitor_id=visitor) == {str(mine.id)}


def test_viewed_ids_are_the_visitors_in_this_project_as_canonical_strings(db, project, other_project, visitor):
    seen, unseen = _entry(project, "seen"), _entry(project, "unseen")
    elsewhere = _entry(other_project, "elsewhere")
    ChangelogView.objects.create(project=project, entry=seen, visitor_id=visitor)
    ChangelogView.objects.create(project=other_project, entry=elsewhere, visitor_id=visitor)
    ChangelogView.objects.create(project=project, entry=unseen, visitor_id=uuid.uuid4())

    assert viewed_ids(project_id=project.id, visitor_id=visitor) == {str(seen.id)}


def test_a_visitor_with_nothing_recorded_gets_empty_sets(db, project, visitor):
    assert dismissed_ids(project_id=project.id, visitor_id=visitor) == set()
    assert viewed_ids(project_id=project.id, visitor_id=visitor) == set()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_reads_are_server_side_prepared_statements(visitor):
    project = create_project(name="Prepared", slug="prepared")
    for _ in range(2):  # psycopg prepares a statement on its first run when asked to
        dismissed_ids(project_id=project.id, visitor_id=visitor)
        viewed_ids(project_id=project.id, visitor_id=visitor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(AnnouncementDismissal._meta.db_table in statement for statement in prepared)
    assert any(ChangelogView._meta.db_table in statement for statement in prepared)
