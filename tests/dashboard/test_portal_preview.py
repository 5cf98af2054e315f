"""The Settings page's live preview of the portal: its colours come from the same rule as
theme.css (settings/portal/theme), and it follows the fields as the team edits them."""

import pytest
from playwright.sync_api import expect

from projects.portal import theme_variables

pytestmark = pytest.mark.django_db
THEME = "/p/acme/settings/portal/theme"


def test_the_preview_gets_the_portal_colours_of_an_accent_from_the_theme_rule(login, team):
    response = login(team["admin"]).get(THEME, {"accent": "#FFFF00"})
    assert response.status_code == 200
    assert response.json() == theme_variables("#ffff00")
    assert response.json()["light"]["--link"] == "#3730a3"  # yellow is unreadable on white: the fallback


@pytest.mark.parametrize("accent", ["", "red", "#12345", "#12345g", "#1234567"])
def test_an_accent_that_is_not_six_hex_digits_is_a_400_with_the_rule(login, team, accent):
    response = login(team["admin"]).get(THEME, {"accent": accent})
    assert response.status_code == 400
    assert response.json() == {"error": "An accent colour is # and six hex digits, e.g. #4338ca."}


def test_members_below_admin_and_outsiders_get_no_theme(login, team):
    assert login(team["member"]).get(THEME, {"accent": "#4338ca"}).status_code == 403
    assert login(team["outsider"]).get(THEME, {"accent": "#4338ca"}).status_code == 404


def test_the_settings_page_carries_the_preview_without_inline_script_or_style(login, team):
    html = login(team["admin"]).get("/p/acme/settings/").content.decode()
    assert "data-portal-preview" in html and "js/portal-preview" in html
    assert 'data-preview-words="fr"' in html and 'data-roadmap="Feuille de route"' in html
    assert "<script>" not in html and "style=" not in html


def css_variable(locator, name):
    return locator.evaluate(f"(element) => getComputedStyle(element).getPropertyValue('{name}').trim()")


@pytest.mark.browser
def test_the_preview_follows_name_logo_colour_language_and_theme_as_the_team_edits(signed_in, live_server, screenshot):
    page = signed_in
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{live_server.url}/p/acme/settings/")
    preview = page.locator(".portal-preview")
    expect(preview).to_be_visible()
    expect(preview.locator(".pp-title")).to_have_text("Acme App")

    page.locator("#id_name").fill("Acme Rocket")
    expect(preview.locator(".pp-title")).to_have_text("Acme Rocket")
    expect(preview.locator(".pp-brand")).to_contain_text("Acme Rocket")

    page.locator("#id_accent_color").evaluate(
        "(field) => { field.value = '#0f766e'; field.dispatchEvent(new Event('input', { bubbles: true })); }"
    )
    expect(preview).to_have_attribute("data-theme", "light")
    expect(preview.locator(".pp-button")).to_have_css("background-color", "rgb(15, 118, 110)")
    assert css_variable(preview.locator(".pp-button"), "--button") == "#0f766e"
    expect(page.locator("[data-preview-note]")).to_contain_text("on dark backgrounds")  # teal is too dark there

    page.get_by_role("button", name="Dark").click()
    expect(preview).to_have_attribute("data-theme", "dark")
    assert css_variable(preview, "--link") == theme_variables("#0f766e")["dark"]["--link"]
    assert preview.evaluate("(element) => getComputedStyle(element).backgroundColor") == "rgb(17, 24, 39)"

    page.locator("#id_default_locale").select_option("de")
    expect(preview.locator("[data-preview-word='roadmap']")).to_have_text("Roadmap")
    expect(preview.locator("[data-preview-word='changelog']")).to_have_text("Neuigkeiten")
    expect(preview).to_have_attribute("lang", "de")

    page.locator("#id_logo_url").fill("https://cdn.example.invalid/logo.png")
    expect(preview.locator("[data-preview-logo]")).to_have_attribute("src", "https://cdn.example.invalid/logo.png")
    page.locator("#id_logo_url").fill("javascript:alert(1)")
    expect(preview.locator("[data-preview-logo]")).to_be_hidden()
    screenshot("portal-settings-preview-dark")
    assert violations == []
