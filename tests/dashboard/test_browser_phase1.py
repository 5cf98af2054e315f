"""Phase-1 workflows in a real browser: sign up, create a project, issue a key and see it once."""

import pytest

from projects.models import ApiKey, Membership, Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 7"


def sign_up(page, base, username="lin"):
    page.goto(f"{base}/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/projects/new/")


def create_project(page, base, name="Rocket Launch", slug="rocket-launch"):
    page.get_by_label("Name").fill(name)
    assert page.get_by_label("Slug").input_value() == slug  # suggested from the name
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(f"{base}/p/{slug}/install/")


def test_sign_up_and_create_a_project(live_server, page, screenshot):
    base = live_server.url
    page.goto(f"{base}/signup/")
    screenshot("signup")
    sign_up(page, base)
    screenshot("project-new")
    create_project(page, base)
    assert page.get_by_role("heading", name="Install the widget").is_visible()
    assert 'data-pulse-project="rocket-launch"' in page.locator("#snippet").inner_text()
    screenshot("install")
    assert Membership.objects.get(project__slug="rocket-launch").role == "owner"
    page.goto(f"{base}/")
    screenshot("projects")
    page.goto(f"{base}/p/rocket-launch/settings/")
    screenshot("settings")
    page.goto(f"{base}/p/rocket-launch/members/")
    screenshot("members")


def test_issue_a_key_and_see_it_only_once(live_server, page, screenshot):
    base = live_server.url
    sign_up(page, base)
    create_project(page, base)
    page.get_by_role("navigation", name="Project").get_by_role("link", name="Keys").click()
    page.get_by_role("link", name="New API key").click()
    page.get_by_label("Name").fill("CI deploy")
    page.get_by_label("changelog:write", exact=False).check()
    screenshot("key-new")
    page.get_by_role("button", name="Create key").click()
    raw_key = page.get_by_label("Your new API key").input_value()
    assert raw_key.startswith("plsk_")
    assert raw_key not in page.url
    screenshot("key-created")

    page.reload()
    page.wait_for_url(f"{base}/p/rocket-launch/keys/")
    assert raw_key not in page.content()
    assert page.get_by_text("already created and shown once").is_visible()
    api_key = ApiKey.objects.get(project=Project.objects.get(slug="rocket-launch"))
    assert page.get_by_text(api_key.prefix).is_visible()
    screenshot("keys")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke CI deploy").click()
    page.get_by_text("revoked. Clients using it now get 401").wait_for()
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None


def test_phone_width_layout(live_server, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    base = live_server.url
    sign_up(page, base, username="mo")
    create_project(page, base)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot("install-phone", target=page)
    context.close()
