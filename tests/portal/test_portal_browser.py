"""The portal in a real browser (Debian's chromium through Playwright): every page in the
light and the dark theme (prefers-color-scheme) and on a phone, votes with JavaScript on
(enhanced, no navigation) and off (POST + 303), keyboard focus, the language switcher, and
the Lighthouse-style checks (one h1, landmarks, alt text, contrast >= 4.5:1, no external
request). Screenshots go to artifacts/screenshots/portal-*.png (git-ignored)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from roadmap.models import RoadmapVote

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGES = {
    "home": "",
    "changelog": "changelog/",
    "entry": "ENTRY",
    "roadmap": "roadmap/",
    "ideas": "ideas/",
    "idea": "IDEA",
    "idea-new": "ideas/new/",
}

# The WCAG 2 contrast of each element's own text against the background it is painted on
# (the nearest ancestor with an opaque background); returns the failures.
CONTRAST_FAILURES = """() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const element of document.body.querySelectorAll("*")) {
    const ownText = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    const style = getComputedStyle(element);
    if (!ownText || style.visibility === "hidden" || element.getClientRects().length === 0) continue;
    const box = element.getBoundingClientRect();
    if (box.right < 0 || box.bottom < 0) continue;  // the skip link waiting off screen
    const a = luminance(rgb(style.color)), b = luminance(background(element));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const text = element.textContent.trim().slice(0, 30);
    if (ratio < 4.5) failures.push(element.tagName + " '" + text + "' " + ratio.toFixed(2));
  }
  return failures;
}"""


@pytest.fixture
def portal(db, project, make_entry, make_feature):
    """The `acme` portal with a realistic changelog and roadmap; {name: path}."""
    make_entry(
        days_ago=9,
        title="Faster search",
        version="1.2.0",
        type="improvement",
        summary="Search answers in half the time.",
    )
    entry = make_entry(
        days_ago=3,
        title="Dark mode everywhere, including the very long settings page titles",
        version="1.3.0",
        type="feature",
        category="ui",
        summary="Pick light, dark or your system's theme.",
        content=(
            "<p>Dark mode arrives on every page, with <a href='https://docs.example.com/themes'>a guide</a>.</p>"
            "<pre><code>theme: auto  # a long line that must scroll inside its block, never the page</code></pre>"
        ),
    )
    make_entry(days_ago=1, title="Fixed CSV export", version="1.3.1", type="fix", category="export")
    features = [
        make_feature(
            feature_name="Single sign-on", feature_status="in_progress", milestone_number=1, milestone_name="Q1"
        ),
        make_feature(
            feature_name="Public API for exports",
            feature_status="planned",
            milestone_number=1,
            milestone_name="Q1",
            user_friendly_description="Pull every export from your scripts.",
            target_date=timezone.now().date() + timedelta(days=40),
        ),
        make_feature(feature_name="Offline mode", feature_status="planned", milestone_number=2),
        make_feature(feature_name="Slack alerts", feature_status="completed", milestone_number=1, milestone_name="Q1"),
    ]
    idea = make_board(project)
    paths = {name: f"/portal/acme/{path}" for name, path in PAGES.items()}
    paths["entry"] = f"/portal/acme/changelog/{entry.pk}/{entry.permalink_slug}/"
    paths["idea"] = f"/portal/acme/ideas/{idea.pk}/"
    return {"paths": paths, "features": features}


def make_board(project):
    """A few ideas (statuses, votes, a long title) and a threaded discussion with the team; the idea."""
    import uuid

    from feedback import services

    idea = services.submit_idea(
        project=project,
        visitor_id=uuid.uuid4(),
        title="Keyboard shortcuts for every action in the editor, including the rarely used ones",
        description="Power users live on the keyboard.",
        category="feature",
        display_name="Ada",
    )
    for _ in range(3):
        services.toggle_idea_vote(project_id=project.id, idea_id=idea.pk, visitor_id=uuid.uuid4())
    for title, status in (("CSV import", "planned"), ("Calendar view", "completed"), ("Fax support", "declined")):
        other = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title=title, category="general")
        services.change_idea_status(idea=other, status=status)
    first = services.add_visitor_comment(idea=idea, visitor_id=uuid.uuid4(), body="Yes, *please*.", display_name="Bo")
    services.add_team_comment(idea=idea, body="Planned for **Q3**.", sender_id="1", parent_id=first.pk)
    return idea


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, scheme="light", viewport=DESKTOP, javascript=True, language="en") -> a page."""
    contexts = []

    def open_(path, *, scheme="light", viewport=DESKTOP, javascript=True, language="en-US"):
        context = browser.new_context(
            viewport=viewport,
            color_scheme=scheme,
            java_script_enabled=javascript,
            locale=language,
            is_mobile=viewport == PHONE,
            has_touch=viewport == PHONE,
        )
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


def screenshot_dir():
    from tests.conftest import ARTIFACTS_DIR

    folder = ARTIFACTS_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def has_no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_looks_right_in_both_themes_and_on_a_phone(portal, open_page, live_server, scheme, viewport):
    device = "phone" if viewport == PHONE else "desktop"
    for name, path in portal["paths"].items():
        page = open_page(path, scheme=scheme, viewport=viewport)
        expect(page.locator("h1")).to_have_count(1)
        assert has_no_horizontal_scroll(page), (name, scheme, device)
        assert page.evaluate(CONTRAST_FAILURES) == [], (name, scheme, device)
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background == ("rgb(17, 24, 39)" if scheme == "dark" else "rgb(255, 255, 255)")
        assert all(url.startswith(live_server.url) for url in page.requests), page.requests  # no font, no CDN
        page.screenshot(path=str(screenshot_dir() / f"portal-{name}-{scheme}-{device}.png"), full_page=True)


@pytest.mark.parametrize("accent", ["#ffff00", "#1e1b4b"], ids=["too-light", "too-dark"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_projects_accent_never_costs_contrast(portal, open_page, project, accent, scheme):
    from projects.models import Project

    Project.objects.filter(pk=project.pk).update(accent_color=accent)
    Project.objects.get(pk=project.pk).save()  # through the signals: the cached pages are dropped
    page = open_page(portal["paths"]["roadmap"], scheme=scheme)
    target = portal["features"][1]
    upvote = page.locator(f"#entry-{target.pk}").get_by_role("button", name="Upvote Public API for exports")
    upvote.click()
    expect(upvote).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("Shift+Tab")  # a focused element too
    assert page.evaluate(CONTRAST_FAILURES) == []


def test_every_page_has_its_landmarks_alt_texts_and_language(portal, open_page):
    for path in portal["paths"].values():
        page = open_page(path)
        for landmark in ("banner", "main", "contentinfo"):
            expect(page.get_by_role(landmark)).to_have_count(1)
        expect(page.get_by_role("navigation", name="Sections")).to_be_visible()
        expect(page.locator("img:not([alt])")).to_have_count(0)
        expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_vote_with_javascript_updates_the_count_in_place(portal, open_page, visitor_id):
    target = portal["features"][1]
    page = open_page(portal["paths"]["roadmap"])
    item = page.locator(f"#entry-{target.pk}")
    upvote = item.get_by_role("button", name="Upvote Public API for exports")
    upvote.click()
    expect(item.locator(".count")).to_have_text("1")
    expect(upvote).to_have_attribute("aria-pressed", "true")
    assert page.url.endswith("/roadmap/")  # no navigation: the script answered
    upvote.click()
    expect(item.locator(".count")).to_have_text("0")
    expect(upvote).to_have_attribute("aria-pressed", "false")
    assert RoadmapVote.objects.filter(entry=target).count() == 0


def test_a_vote_without_javascript_posts_and_comes_back_to_the_entry(portal, open_page):
    target = portal["features"][1]
    page = open_page(portal["paths"]["roadmap"], javascript=False)
    page.locator(f"#entry-{target.pk}").get_by_role("button", name="Upvote Public API for exports").click()
    page.wait_for_url(f"**/portal/acme/roadmap/#entry-{target.pk}")
    item = page.locator(f"#entry-{target.pk}")
    expect(item.locator(".count")).to_have_text("1")
    expect(item.get_by_role("button", name="Upvote Public API for exports")).to_have_attribute("aria-pressed", "true")
    vote = RoadmapVote.objects.get(entry=target)
    cookie = next(c for c in page.context.cookies() if c["name"] == "pulse_visitor")
    assert str(vote.visitor_id) == cookie["value"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"


def test_the_keyboard_reaches_the_skip_link_first_and_focus_is_always_visible(portal, open_page):
    page = open_page(portal["paths"]["changelog"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    outlines = []
    for _ in range(8):
        page.keyboard.press("Tab")
        outlines.append(
            page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
            )
        )
    assert all(style != "none" and width >= 2 for _, style, width in outlines), outlines
    assert outlines[0][0] == "SELECT"  # after the skip link: the main content, not the header again


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_language_switcher_translates_the_page(portal, open_page, javascript):
    page = open_page(portal["paths"]["roadmap"], javascript=javascript)
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("navigation", name="Bereiche").get_by_role("link", name="Neuigkeiten")).to_be_visible()
    expect(page.get_by_role("heading", level=3, name="In Arbeit")).to_be_visible()
    expect(page.get_by_role("link", name="Deutsch")).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="Neuigkeiten").click()  # the language stays from page to page
    expect(page.get_by_role("heading", level=1)).to_have_text("Neuigkeiten von Acme App")
    page.get_by_role("link", name="Roadmap", exact=True).click()
    feature = portal["features"][1]
    page.locator(f"#entry-{feature.pk}").get_by_role("button", name="Dafür stimmen: Public API for exports").click()
    expect(page.locator(f"#entry-{feature.pk} .count")).to_have_text("1")
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_the_browsers_language_picks_the_page_language(portal, open_page):
    page = open_page(portal["paths"]["changelog"], language="es-ES")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Novedades de Acme App")
    expect(page.locator(".badge", has_text="Corrección")).to_be_visible()
