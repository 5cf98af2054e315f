"""Changelog in a real browser, and a screenshot of every page with the demo data."""

import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Ids (or names) of visible form controls that have neither a <label> nor an aria-label.
UNLABELLED_CONTROLS = """
[...document.querySelectorAll("input:not([type=hidden]), select, textarea, button")]
  .filter((el) => el.tagName === "BUTTON" ? !el.textContent.trim() && !el.getAttribute("aria-label")
                                          : el.labels.length === 0 && !el.getAttribute("aria-label"))
  .map((el) => el.id || el.name || el.outerHTML.slice(0, 60))
"""


def test_write_and_publish_a_markdown_entry_then_find_it_on_the_public_api(live_server, signed_in, screenshot):
    page, base = signed_in, live_server.url
    page.goto(f"{base}/p/acme/changelog/")
    page.get_by_role("link", name="New entry").first.click()
    page.get_by_label("Title").fill("Faster exports")
    page.get_by_label("Version").fill("3.2.0")
    page.get_by_label("Content (Markdown)").fill("Exports are **ten times** faster.\n\n- CSV\n- JSON")
    page.locator("#markdown-preview strong").wait_for()  # the live preview rendered the Markdown
    assert page.locator("#markdown-preview strong").inner_text() == "ten times"
    screenshot("changelog-editor")
    page.get_by_role("button", name="Publish now").click()
    page.get_by_text("is published").wait_for()
    page.goto(f"{base}/p/acme/changelog/")
    screenshot("changelog-list")

    page.goto(f"{base}/api/v1/projects/acme/changelog")
    data = json.loads(page.locator("body").inner_text())["data"]
    assert data[0]["title"] == "Faster exports"
    assert "<strong>ten times</strong>" in data[0]["content"]


def test_screenshots_of_every_page_with_the_demo_data(live_server, page, screenshot):
    from django.core.management import call_command

    from projects.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERNAME

    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(DEMO_USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")
    pages = ["changelog", "roadmap", "feedback", "announcements", "notifications", "analytics", "install", "keys"]
    for name in pages + ["members", "settings", "changelog/new", "roadmap/new", "announcements/new", "keys/new"]:
        response = page.goto(f"{base}/p/demo/{name}/")
        assert response.status == 200, name
        assert page.evaluate(UNLABELLED_CONTROLS) == [], name
        screenshot(f"demo-{name.replace('/', '-')}")
    page.goto(f"{base}/p/demo/install/preview/")
    page.locator("[data-pulse-widget]").wait_for(state="attached")  # the real widget booted
    page.wait_for_load_state("networkidle")
    screenshot("demo-install-preview")
    page.set_viewport_size({"width": 390, "height": 844})
    for name in ("roadmap", "feedback", "analytics"):
        page.goto(f"{base}/p/demo/{name}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        screenshot(f"demo-{name}-phone")
