"""Demo announcements, the model's own rules and the Django Admin pages."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from announcements.models import Announcement, AnnouncementDismissal

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_live_future_and_expired_announcements_once(client):
    call_command("seed_demo", "--force", stdout=None)
    call_command("seed_demo", "--force", stdout=None)
    assert Announcement.objects.filter(project__slug="demo").count() == 4
    live = client.get("/api/v1/projects/demo/announcements").json()["data"]
    assert [item["is_dismissible"] for item in live] == [False, True]
    assert len({item["banner_color"] for item in live}) == 2
    now = timezone.now()
    assert Announcement.objects.filter(project__slug="demo", starts_at__gt=now).count() == 1
    assert Announcement.objects.filter(project__slug="demo", ends_at__lt=now).count() == 1


def test_database_refuses_ends_at_before_starts_at(project):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        Announcement.objects.create(project=project, title="x", starts_at=now, ends_at=now - timedelta(hours=1))


def test_full_clean_refuses_a_bad_banner_color(project):
    announcement = Announcement(project=project, title="x", banner_color="#abc")
    with pytest.raises(ValidationError) as error:
        announcement.full_clean()
    assert "banner_color" in error.value.message_dict


def test_database_refuses_a_second_dismissal_by_the_same_visitor(project, visitor_id):
    announcement = Announcement.objects.create(project=project, title="x")
    AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)
    with pytest.raises(IntegrityError):
        AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_lists_announcements_with_type_and_active_filters(admin_client, project):
    Announcement.objects.create(project=project, title="Maintenance window", type="warning")
    Announcement.objects.create(project=project, title="Old news", type="info", is_active=False)
    response = admin_client.get(
        "/admin/announcements/announcement/", {"type__exact": "warning", "is_active__exact": "1"}
    )
    assert response.status_code == 200
    assert b"Maintenance window" in response.content
    assert b"Old news" not in response.content


def test_admin_lists_dismissals(admin_client, project, visitor_id):
    announcement = Announcement.objects.create(project=project, title="Banner")
    AnnouncementDismissal.objects.create(announcement=announcement, visitor_id=visitor_id)
    response = admin_client.get("/admin/announcements/announcementdismissal/", {"q": visitor_id})
    assert response.status_code == 200
    assert visitor_id.encode() in response.content
