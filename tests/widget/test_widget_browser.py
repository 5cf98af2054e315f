"""widget.js in a real browser, embedded by a page on another origin."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_without_a_project_it_warns_once_and_does_nothing(live_server, host_site, page, console, widget):
    page.goto(host_site.embed(live_server, project=None))
    page.wait_for_load_state("networkidle")
    assert widget.host.count() == 0
    assert page.evaluate("typeof window.Pulse") == "undefined"
    assert [text for kind, text in console if kind in ("warning", "error", "pageerror")] == [
        "Pulse widget: data-pulse-project is missing, so the widget does nothing."
    ]


def test_window_pulse_is_its_only_global(live_server, host_site, page, project):
    page.add_init_script("window.__before = Object.getOwnPropertyNames(window)")
    page.goto(host_site.embed(live_server))
    page.wait_for_function("window.Pulse")
    added = page.evaluate("Object.getOwnPropertyNames(window).filter(n => !window.__before.includes(n))")
    assert sorted(added) == ["Pulse", "__before"]
    assert page.evaluate("Object.keys(window.Pulse).sort()") == [
        "close",
        "destroy",
        "identify",
        "open",
        "reset",
        "track",
        "version",
    ]


def test_hostile_host_css_does_not_hide_or_restyle_the_launcher(live_server, host_site, page, project, widget):
    page.goto(host_site.embed(live_server, css=HOSTILE))
    expect(widget.launcher).to_be_visible()
    box = widget.launcher.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (52, 52)
    assert box["x"] + box["width"] == pytest.approx(1280 - 20, abs=1)
    widget.launcher.click()
    expect(widget.panel).to_be_visible()
    expect(widget.tab("feedback")).to_be_visible()
    font_size = widget.panel.locator("h2").evaluate("el => getComputedStyle(el).fontSize")
    assert font_size == "16px"


HOSTILE = "* { all: unset !important; } button { display: none !important; } div { color: red; font-size: 40px; }"


@pytest.mark.parametrize("position", ["top-left", "bottom-left", "top-right"])
def test_position_puts_the_launcher_in_that_corner(live_server, host_site, page, project, widget, position):
    page.goto(host_site.embed(live_server, position=position))
    box = widget.launcher.bounding_box()
    vertical, horizontal = position.split("-")
    assert (box["y"] < 450) == (vertical == "top")
    assert (box["x"] < 640) == (horizontal == "left")


def test_keyboard_tab_reaches_launcher_enter_opens_escape_closes_and_returns_focus(
    live_server, host_site, page, project, widget
):
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    for _ in range(5):
        page.keyboard.press("Tab")
        if widget.focused() == "shadow:l":
            break
    assert widget.focused() == "shadow:l"
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    assert widget.focused() == "shadow:t"  # the selected tab
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowRight")
    expect(widget.tab("feedback")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    assert widget.focused() == "shadow:l"
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


def test_panel_is_a_labelled_dialog_with_visible_focus(live_server, host_site, page, project, widget):
    page.goto(host_site.embed(live_server))
    widget.launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="What's new")).to_be_visible()
    outline = widget.tab("changelog").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_strict_csp_page_runs_the_widget_without_violations(live_server, host_site, page, project, widget, console):
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    origin = live_server.url
    csp = f"default-src 'none'; script-src {origin}; connect-src {origin}; style-src 'self'; img-src 'self'"
    page.goto(host_site.embed(live_server, csp=csp, css="body { font-family: serif; }"))
    expect(widget.launcher).to_be_visible()
    widget.launcher.click()
    widget.tab("feedback").click()
    expect(widget.body("feedback").get_by_label("Title")).to_be_visible()
    assert widget.launcher.evaluate("el => getComputedStyle(el).borderRadius") == "50%"
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__violations") == []
    assert not [text for kind, text in console if "Content Security Policy" in text]


def test_locale_translates_the_widget(live_server, host_site, page, project, widget):
    page.goto(host_site.embed(live_server, locale="fr"))
    expect(widget.launcher).to_have_attribute("aria-label", "Nouveautés et avis")
    widget.launcher.click()
    expect(widget.tab("feedback")).to_have_text("Avis")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshot_of_the_open_feedback_panel(live_server, host_site, page, project, widget, screenshot, theme):
    page.goto(host_site.embed(live_server, theme=theme))
    widget.launcher.click()
    widget.tab("feedback").click()
    expect(widget.body("feedback").get_by_label("Title")).to_be_visible()
    background = widget.panel.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == ("rgb(255, 255, 255)" if theme == "light" else "rgb(22, 27, 34)")
    screenshot(f"widget-feedback-{theme}")


def test_theme_auto_follows_prefers_color_scheme(live_server, host_site, page, project, widget):
    page.emulate_media(color_scheme="dark")
    page.goto(host_site.embed(live_server, theme="auto"))
    expect(widget.host.locator(".r")).to_have_class(re.compile(r"\bdk\b"))
    page.emulate_media(color_scheme="light")
    expect(widget.host.locator(".r")).not_to_have_class(re.compile(r"\bdk\b"))


def test_demo_page_loads_the_versioned_script_with_integrity(live_server, page, widget, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))
    page.goto(f"{live_server.url}/widget-demo/")
    expect(widget.launcher).to_be_visible()
    assert page.locator("script[integrity^='sha384-']").count() == 1


def test_network_error_shows_a_quiet_message_and_one_warning(live_server, host_site, page, console, widget, project):
    page.goto(host_site.embed(live_server, api="http://127.0.0.1:9"))
    widget.launcher.click()
    expect(widget.body("changelog")).to_contain_text("Can't reach the server right now")
    assert [text for kind, text in console if kind == "warning"] == ["Pulse widget: cannot reach http://127.0.0.1:9."]
    assert not [text for kind, text in console if kind == "pageerror"]


@pytest.mark.parametrize("locale", ["en", "fr", "de", "es"])
def test_all_four_tabs_fit_on_one_row(live_server, host_site, page, project, widget, locale):
    page.goto(host_site.embed(live_server, locale=locale, features="changelog,feedback,roadmap,notifications"))
    widget.launcher.click()
    tabs = widget.panel.locator("[role=tab]")
    expect(tabs).to_have_count(4)
    assert len(set(tabs.evaluate_all("els => els.map(el => el.getBoundingClientRect().top)"))) == 1


def test_reduced_motion_turns_the_panel_animation_off(live_server, host_site, page, project, widget):
    page.emulate_media(reduced_motion="reduce")
    page.goto(host_site.embed(live_server))
    widget.launcher.click()
    assert widget.panel.evaluate("el => getComputedStyle(el).animationName") == "none"
