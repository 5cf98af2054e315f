"""Announcements: list with live/scheduled/expired state, editor with validation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement

pytestmark = pytest.mark.django_db


def data(**overrides):
    base = {"title": "Maintenance tonight", "message": "10pm UTC", "type": "warning", "banner_color": "#b45309"}
    return {**base, "priority": "0", "is_dismissible": "on", "is_active": "on", **overrides}


def test_member_creates_an_announcement(login, team, project):
    response = login(team["member"]).post("/p/acme/announcements/new/", data())
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert (announcement.project, announcement.banner_color, announcement.type) == (project, "#b45309", "warning")


def test_bad_colour_is_refused_and_never_reaches_the_preview_style(login, team):
    response = login(team["member"]).post("/p/acme/announcements/new/", data(banner_color="red;x:1"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a colour as #rrggbb." in body
    assert "style=" not in body  # the preview is painted by dashboard.js (strict CSP)
    assert not Announcement.objects.exists()


def test_colour_of_the_type_stores_no_colour_so_the_widget_paints_the_types(login, team):
    response = login(team["member"]).post("/p/acme/announcements/new/", data(type_color="on"))
    assert response.status_code == 302
    assert Announcement.objects.get().banner_color == ""


def test_a_new_announcement_starts_with_the_colour_of_its_type(login, team):
    response = login(team["member"]).get("/p/acme/announcements/new/")
    form = response.context["form"]
    assert form["type_color"].value() is True
    assert form["banner_color"].value() == "#2563eb"


def test_an_announcement_with_its_own_colour_shows_it_unticked(login, team, project):
    announcement = Announcement.objects.create(project=project, title="Sale", banner_color="#b45309")
    form = login(team["member"]).get(f"/p/acme/announcements/{announcement.pk}/").context["form"]
    assert (form["type_color"].value(), form["banner_color"].value()) == (False, "#b45309")


def test_end_before_start_is_refused(login, team):
    now = timezone.now()
    response = login(team["member"]).post(
        "/p/acme/announcements/new/",
        data(starts_at=now.strftime("%Y-%m-%dT%H:%M"), ends_at=(now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")),
    )
    assert "The end must be after the start." in response.content.decode()
    assert not Announcement.objects.exists()


def test_list_shows_live_scheduled_and_expired(login, team, project):
    now = timezone.now()
    Announcement.objects.create(project=project, title="Now on")
    Announcement.objects.create(project=project, title="Later", starts_at=now + timedelta(days=1))
    Announcement.objects.create(
        project=project, title="Past", starts_at=now - timedelta(days=2), ends_at=now - timedelta(days=1)
    )
    response = login(team["member"]).get("/p/acme/announcements/")
    states = {item.title: item.state for item in response.context["announcements"]}
    assert states == {"Now on": "live", "Later": "scheduled", "Past": "expired"}


def test_announcement_of_another_project_is_404(login, team, other_project):
    foreign = Announcement.objects.create(project=other_project, title="Theirs")
    client = login(team["owner"])
    assert client.get(f"/p/acme/announcements/{foreign.pk}/").status_code == 404
    assert client.post(f"/p/acme/announcements/{foreign.pk}/", data(title="Mine")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


def test_announcement_list_query_count_does_not_grow(login, team, project, queries_for):
    login(team["member"])
    Announcement.objects.create(project=project, title="one")
    first = queries_for("/p/acme/announcements/")
    Announcement.objects.bulk_create(Announcement(project=project, title=f"a{index}") for index in range(50))
    assert queries_for("/p/acme/announcements/") == first
