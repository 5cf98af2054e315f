"""The dashboard's Settings page edits the portal: visibility, look, language, domain."""

import pytest

from projects.models import Project

pytestmark = pytest.mark.django_db
URL = "/p/acme/settings/portal/"
VALID = {
    "portal_public": "on",
    "accent_color": "#0f766e",
    "logo_url": "",
    "default_locale": "fr",
    "custom_domain": "Updates.Acme.test",
    "board_moderation": "publish",
}


def test_an_admin_saves_the_portal_settings_and_the_portal_follows(client, project, team, login):
    login(team["admin"])
    assert client.get("/portal/acme/", HTTP_ACCEPT_LANGUAGE="ja")["Content-Language"] == "en"
    response = client.post(URL, VALID)
    assert response.status_code == 302
    stored = Project.objects.get(pk=project.pk)
    assert (stored.accent_color, stored.default_locale, stored.custom_domain) == ("#0f766e", "fr", "updates.acme.test")
    assert client.get("/portal/acme/", HTTP_ACCEPT_LANGUAGE="ja")["Content-Language"] == "fr"
    assert "--accent:#0f766e" in client.get("/portal/acme/theme.css").content.decode()


def test_turning_the_portal_off_hides_it(client, project, team, login):
    login(team["admin"])
    client.post(URL, {**VALID, "portal_public": ""})
    assert client.get("/portal/acme/").status_code == 404


@pytest.mark.parametrize(
    "field, value",
    [("accent_color", "red"), ("custom_domain", "https://x.test/"), ("logo_url", "http://x.test/a.png")],
)
def test_bad_settings_are_refused_at_the_field_and_nothing_is_saved(client, project, team, login, field, value):
    login(team["admin"])
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 400
    assert Project.objects.get(pk=project.pk).accent_color == "#4338ca"


def test_a_member_cannot_change_the_portal(client, project, team, login):
    login(team["member"])
    assert client.post(URL, VALID).status_code in (403, 404)
    assert Project.objects.get(pk=project.pk).custom_domain is None
