"""The demo changelog seed, and the changelog in Django Admin."""

import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from changelog import demo
from changelog.models import ChangelogEntry, ChangelogView, EntryStatus
from tests.helpers import visitor

pytestmark = pytest.mark.django_db


def statuses(project):
    return sorted(entry.status for entry in ChangelogEntry.objects.filter(project=project))


def test_demo_seed_has_six_published_one_scheduled_one_draft(project):
    demo.seed(project=project, visitor_id=uuid.uuid4())
    assert statuses(project) == sorted([EntryStatus.PUBLISHED] * 6 + [EntryStatus.SCHEDULED, EntryStatus.DRAFT])
    published = ChangelogEntry.objects.filter(project=project).published()
    assert published.filter(is_highlight=True).count() == 1
    assert published.values("type").distinct().count() >= 4


def test_demo_seed_is_idempotent(project):
    visitor_id = uuid.uuid4()
    demo.seed(project=project, visitor_id=visitor_id)
    demo.seed(project=project, visitor_id=visitor_id)
    assert ChangelogEntry.objects.filter(project=project).count() == 8
    assert ChangelogView.objects.filter(visitor_id=visitor_id).count() == 2


def test_seed_demo_command_fills_the_public_changelog_and_unseen_badge(client):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    data = client.get("/api/v1/projects/demo/changelog").json()["data"]
    assert len(data) == 6
    assert data == sorted(data, key=lambda entry: entry["published_at"], reverse=True)
    unseen = client.get(
        "/api/v1/projects/demo/changelog/unseen", **visitor("550e8400-e29b-41d4-a716-446655440000")
    ).json()["data"]
    assert unseen["unseen_count"] == 4


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    client.force_login(user)
    return client


def test_admin_changelist_filters_by_status(admin_client, make_entry):
    make_entry(days_ago=None, title="Draft entry")
    make_entry(title="Live entry")
    response = admin_client.get("/admin/changelog/changelogentry/", {"status": "draft"})
    assert response.status_code == 200
    assert b"Draft entry" in response.content
    assert b"Live entry" not in response.content


def test_admin_form_save_sanitises_content(admin_client, project):
    response = admin_client.post(
        "/admin/changelog/changelogentry/add/",
        {
            "project": str(project.id),
            "title": "From admin",
            "content": '<p>ok</p><script>alert(1)</script><a href="javascript:x">x</a>',
            "type": "fix",
            "version": "",
            "summary": "",
            "category": "",
            "ai_summary": "",
        },
    )
    assert response.status_code == 302
    assert ChangelogEntry.objects.get().content == '<p>ok</p><a rel="noopener noreferrer">x</a>'
