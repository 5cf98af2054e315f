"""Projects: list, create (creator is owner), settings with slug change, delete with typed confirmation."""

import html

import pytest

from projects.models import Membership, Project
from pulse.modules import widget_features
from pulse.widget import widget_asset

pytestmark = pytest.mark.django_db


def test_project_list_shows_only_the_users_projects(login, team, other_project):
    body = login(team["member"]).get("/").content.decode()
    assert "Acme App" in body
    assert "Other App" not in body


def test_creating_a_project_makes_the_creator_its_owner(login, team):
    response = login(team["outsider"]).post("/projects/new/", {"name": "Rocket", "slug": "rocket"})
    assert response.status_code == 302
    assert response["Location"] == "/p/rocket/install/"
    project = Project.objects.get(slug="rocket")
    assert Membership.objects.get(project=project).user == team["outsider"]
    assert Membership.objects.get(project=project).role == "owner"


def test_creating_a_project_with_a_taken_slug_shows_the_error_and_keeps_input(login, team):
    response = login(team["outsider"]).post("/projects/new/", {"name": "Copy", "slug": "acme"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Project with this Slug already exists." in body
    assert 'value="Copy"' in body
    assert Project.objects.count() == 1


def test_invalid_slug_is_refused(login, team):
    response = login(team["outsider"]).post("/projects/new/", {"name": "Bad", "slug": "no spaces!"})
    assert response.status_code == 200
    assert not Project.objects.filter(name="Bad").exists()


def test_settings_page_warns_that_a_slug_change_breaks_embeds(login, team):
    body = login(team["admin"]).get("/p/acme/settings/").content.decode()
    assert "breaks every embedded widget" in body


def test_admin_renames_and_reslugs_the_project(login, team, project):
    response = login(team["admin"]).post("/p/acme/settings/", {"name": "Acme 2", "slug": "acme-two"})
    assert response.status_code == 302
    assert response["Location"] == "/p/acme-two/settings/"
    project.refresh_from_db()
    assert (project.name, project.slug) == ("Acme 2", "acme-two")


def test_settings_refuse_a_taken_slug_without_changing_anything(login, team, project, other_project):
    response = login(team["admin"]).post("/p/acme/settings/", {"name": "Acme", "slug": "other"})
    assert response.status_code == 200
    assert 'href="/p/acme/install/"' in response.content.decode()
    project.refresh_from_db()
    assert project.slug == "acme"


def test_owner_deletes_the_project_with_the_typed_slug(login, team, project):
    response = login(team["owner"]).post("/p/acme/delete/", {"confirm": "acme"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_delete_with_a_wrong_confirmation_keeps_the_project(login, team, project):
    response = login(team["owner"]).post("/p/acme/delete/", {"confirm": "acm"})
    assert response.status_code == 200
    assert "Type “acme” exactly" in response.content.decode()
    assert Project.objects.filter(pk=project.pk).exists()


def test_admin_cannot_delete_the_project(login, team, project):
    response = login(team["admin"]).post("/p/acme/delete/", {"confirm": "acme"})
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_member_cannot_change_settings(login, team, project):
    response = login(team["member"]).post("/p/acme/settings/", {"name": "Mine", "slug": "mine"})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.slug == "acme"


def test_install_page_fills_in_a_pinned_snippet_for_the_project(login, team):
    response = login(team["member"]).get("/p/acme/install/?theme=dark&position=top-left&features=roadmap&locale=fr")
    body = html.unescape(response.content.decode())
    asset = widget_asset()
    assert f'src="http://testserver{asset.versioned_path}"' in body
    assert f'integrity="{asset.integrity}"' in body
    assert 'data-pulse-project="acme"' in body
    assert 'data-pulse-theme="dark"' in body
    assert 'data-pulse-position="top-left"' in body
    assert 'data-pulse-features="roadmap"' in body
    assert 'data-pulse-locale="fr"' in body
    assert "data-pulse-api" in body  # the attribute table explains every option


def test_the_snippet_names_the_public_portal_while_there_is_one(login, team, project):
    body = html.unescape(login(team["member"]).get("/p/acme/install/").content.decode())
    assert 'data-pulse-portal="http://testserver/portal/acme"' in body
    Project.objects.filter(pk=project.pk).update(custom_domain="updates.acme.test")
    body = html.unescape(login(team["member"]).get("/p/acme/install/").content.decode())
    assert 'data-pulse-portal="https://updates.acme.test"' in body
    Project.objects.filter(pk=project.pk).update(portal_public=False)
    body = html.unescape(login(team["member"]).get("/p/acme/install/").content.decode())
    assert "data-pulse-portal=" not in body.split("<table")[0]


def test_unpinned_snippet_uses_the_auto_updating_url(login, team):
    body = html.unescape(login(team["member"]).get("/p/acme/install/?pin=0").content.decode())
    assert 'src="http://testserver/api/widget/widget.js" data-pulse-project="acme"' in body.replace("\n  ", " ")
    assert "integrity=" not in body


def test_install_page_shows_a_single_page_app_example_with_the_javascript_api(login, team):
    body = html.unescape(login(team["member"]).get("/p/acme/install/").content.decode())
    example = body.split('id="spa-example"')[1].split("</pre>")[0]
    calls = ["Pulse?.identify({ id:", "Pulse?.reset()", "Pulse?.open('changelog')", "'pulse:unseen'", "'pulse:open'"]
    assert [call for call in calls if call not in example] == []
    for documented in ["Pulse.close()", "Pulse.destroy()", "Pulse.open(tab, id)", "data-pulse-banner-layout"]:
        assert documented in body


def test_install_options_fall_back_to_the_suggested_snippet_on_bad_values(login, team):
    body = html.unescape(
        login(team["member"]).get("/p/acme/install/?theme=<x>&features=evil&locale=xx").content.decode()
    )
    assert 'data-pulse-theme="auto"' in body
    assert f'data-pulse-features="{",".join(widget_features())}"' in body
    assert "ideas" in widget_features() and "roadmap" in widget_features()
    assert "data-pulse-locale=" not in body.split("<table")[0]


def test_preview_page_embeds_the_widget_script(login, team):
    body = login(team["member"]).get("/p/acme/install/preview/").content.decode()
    assert f'<script src="http://testserver{widget_asset().versioned_path}"' in body
    assert 'data-pulse-project="acme"' in body
    assert 'data-pulse-user="' in body


def test_snippet_is_shown_one_attribute_per_line():
    from projects.install import one_attribute_per_line

    tag = '<script src="https://x/w.js" data-pulse-project="acme" data-pulse-theme="dark" defer></script>'
    assert one_attribute_per_line(tag) == (
        '<script\n  src="https://x/w.js"\n  data-pulse-project="acme"\n  data-pulse-theme="dark"\n  defer\n></script>'
    )
