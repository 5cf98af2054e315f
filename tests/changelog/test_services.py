"""Changelog services and model: every save path stores sanitised content; status rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from changelog.models import ChangelogEntry, ChangelogView, EntryStatus
from changelog.services import create_entry, mark_viewed, publish_entry, unpublish_entry, update_entry

pytestmark = pytest.mark.django_db

HOSTILE = '<p>Hi</p><script>alert(1)</script><img src="https://x.example/a.png" onerror="alert(1)">'
CLEAN = '<p>Hi</p><img src="https://x.example/a.png">'


def test_create_entry_sanitises_html_content(project):
    entry = create_entry(project=project, title="T", content=HOSTILE)
    entry.refresh_from_db()
    assert entry.content == CLEAN


def test_create_entry_renders_and_sanitises_markdown(project):
    entry = create_entry(project=project, title="T", content_markdown="**New** [x](javascript:alert(1))")
    entry.refresh_from_db()
    assert entry.content == '<p><strong>New</strong> <a rel="noopener noreferrer">x</a></p>'


def test_create_entry_refuses_content_and_markdown_together(project):
    with pytest.raises(ValueError):
        create_entry(project=project, title="T", content="<p>a</p>", content_markdown="a")
    assert not ChangelogEntry.objects.exists()


def test_create_entry_is_a_draft_without_published_at(project):
    entry = create_entry(project=project, title="T")
    assert entry.published_at is None
    assert entry.status == EntryStatus.DRAFT


def test_create_entry_validates_type(project):
    with pytest.raises(ValidationError) as excinfo:
        create_entry(project=project, title="T", type="bogus")
    assert "type" in excinfo.value.message_dict
    assert not ChangelogEntry.objects.exists()


def test_create_entry_refuses_protected_fields(project, other_project):
    with pytest.raises(TypeError):
        create_entry(project=project, title="T", project_id=other_project.id)


def test_update_entry_sanitises_new_content(make_entry):
    entry = make_entry(content="<p>old</p>")
    update_entry(entry=entry, content=HOSTILE)
    entry.refresh_from_db()
    assert entry.content == CLEAN


def test_update_entry_without_content_keeps_content(make_entry):
    entry = make_entry(content="<p>old</p>")
    update_entry(entry=entry, title="New title")
    entry.refresh_from_db()
    assert (entry.title, entry.content) == ("New title", "<p>old</p>")


def test_update_entry_with_markdown_replaces_content(make_entry):
    entry = make_entry(content="<p>old</p>")
    update_entry(entry=entry, content_markdown="*new*")
    entry.refresh_from_db()
    assert entry.content == "<p><em>new</em></p>"


def test_model_save_sanitises_content_written_directly(project):
    entry = ChangelogEntry.objects.create(project=project, title="T", content=HOSTILE)
    entry.refresh_from_db()
    assert entry.content == CLEAN


def test_model_clean_sanitises_content(project):
    entry = ChangelogEntry(project=project, title="T", content='<iframe src="https://e.x"></iframe><b>b</b>')
    entry.full_clean()
    assert entry.content == "<b>b</b>"


def test_publish_entry_without_date_publishes_now(make_entry):
    entry = make_entry(days_ago=None)
    before = timezone.now()
    publish_entry(entry=entry)
    entry.refresh_from_db()
    assert before <= entry.published_at <= timezone.now()
    assert entry.status == EntryStatus.PUBLISHED


def test_publish_entry_with_future_date_schedules_it(make_entry):
    entry = make_entry(days_ago=None)
    when = timezone.now() + timedelta(days=3)
    publish_entry(entry=entry, published_at=when)
    entry.refresh_from_db()
    assert entry.published_at == when
    assert entry.status == EntryStatus.SCHEDULED


def test_unpublish_entry_makes_it_a_draft(make_entry):
    entry = make_entry(days_ago=2)
    unpublish_entry(entry=entry)
    entry.refresh_from_db()
    assert entry.published_at is None
    assert entry.status == EntryStatus.DRAFT


def test_mark_viewed_twice_keeps_one_row(make_entry, visitor_id):
    entry = make_entry()
    mark_viewed(entry=entry, visitor_id=visitor_id)
    mark_viewed(entry=entry, visitor_id=visitor_id)
    assert ChangelogView.objects.filter(entry=entry, visitor_id=visitor_id, project=entry.project).count() == 1
