"""widget.js against the real public API, in a browser, from a host page on another origin."""

import importlib.util
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def needs(*apps):
    """Skip until the public API of these apps is merged into this branch (their models exist)."""
    missing = [app for app in apps if importlib.util.find_spec(f"{app}.models") is None]
    return pytest.mark.skipif(bool(missing), reason=f"public API not merged yet: {', '.join(missing)}")


XSS_IMG = "<img src=x onerror=\"window.__pwned = 'img'\">"


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def make_entries(project, count, **fields):
    from changelog.models import ChangelogEntry

    now = timezone.now()
    return [
        ChangelogEntry.objects.create(
            project=project,
            title=f"Entry {i}",
            version=f"1.{i}.0",
            summary=f"Summary {i}",
            content=f"<p>Body of <strong>entry {i}</strong></p>",
            type="feature" if i % 2 else "fix",
            is_highlight=i == 0,
            published_at=now - timedelta(hours=i + 1),
            **fields,
        )
        for i in range(count)
    ]


def make_announcement(project, **fields):
    from announcements.models import Announcement

    defaults = {"title": "Maintenance", "message": "Tonight 22:00 UTC", "type": "warning", "priority": 0}
    return Announcement.objects.create(project=project, **{**defaults, **fields})


@needs("feedback")
def test_feedback_submit_creates_the_row_with_page_url_and_browser_info(live_server, host_site, page, project, widget):
    from feedback.models import Feedback

    url = host_site.embed(live_server, path="/pricing")
    page.goto(url + "?plan=pro")
    widget.launcher.click()
    widget.tab("feedback").click()
    form = widget.body("feedback")
    form.get_by_label("Title").fill("Export to CSV")
    form.get_by_label("Details").fill("I need my data in a spreadsheet.")
    form.get_by_label("Category").select_option("feature")
    form.get_by_label("Email (optional)").fill("ada@example.com")
    form.get_by_role("button", name="Send feedback").click()
    expect(form.get_by_role("status")).to_have_text("Thank you! Your feedback was sent.")
    feedback = Feedback.objects.get(project=project)
    assert (feedback.title, feedback.description, feedback.category, feedback.email) == (
        "Export to CSV",
        "I need my data in a spreadsheet.",
        "feature",
        "ada@example.com",
    )
    assert feedback.page_url == url + "?plan=pro"
    assert feedback.browser_info["userAgent"] == page.evaluate("navigator.userAgent")
    assert feedback.browser_info["language"] == page.evaluate("navigator.language")
    assert feedback.browser_info["viewport"] == {"width": 1280, "height": 900}
    expect(form.get_by_label("Title")).to_have_value("")


@needs("feedback")
def test_feedback_error_from_the_api_is_shown_and_the_input_is_kept(live_server, host_site, page, project, widget):
    from feedback.models import Feedback

    page.goto(host_site.embed(live_server, features="feedback"))
    widget.launcher.click()
    form = widget.body("feedback")
    form.get_by_label("Title").fill("Broken link")
    form.get_by_label("Email (optional)").fill("ada@example")  # valid for the browser, not the API
    form.get_by_role("button", name="Send feedback").click()
    expect(form.locator(".msg.er")).to_contain_text("email")
    expect(form.get_by_label("Title")).to_have_value("Broken link")
    expect(form.get_by_label("Email (optional)")).to_have_value("ada@example")
    assert not Feedback.objects.exists()


def test_rate_limited_feedback_shows_a_quiet_message(live_server, host_site, page, project, widget, console):
    page.route(
        "**/api/v1/projects/acme/feedback",
        lambda route: route.fulfill(
            status=429,
            json={"data": None, "error": "Rate limit exceeded"},
            headers={"Access-Control-Allow-Origin": "*", "Retry-After": "30"},
        ),
    )
    page.goto(host_site.embed(live_server, features="feedback"))
    widget.launcher.click()
    form = widget.body("feedback")
    form.get_by_label("Title").fill("Too fast")
    form.get_by_role("button", name="Send feedback").click()
    expect(form.locator(".msg.q")).to_have_text("Too many requests. Please try again in a minute.")
    expect(form.get_by_label("Title")).to_have_value("Too fast")
    assert not [text for kind, text in console if kind == "pageerror"]


@needs("changelog")
def test_unseen_badge_drops_when_the_panel_marks_entries_viewed(
    live_server, host_site, page, project, visitor_id, widget
):
    from changelog.models import ChangelogView

    make_entries(project, 3)
    page.goto(host_site.embed(live_server, user=visitor_id))
    expect(widget.badge).to_have_text("3")
    expect(widget.launcher).to_have_attribute("aria-label", "Updates and feedback (3 new)")
    widget.launcher.click()
    expect(widget.body("changelog").locator("article")).to_have_count(3)
    expect(widget.badge).to_be_hidden()
    assert ChangelogView.objects.filter(visitor_id=visitor_id).count() == 3
    page.reload()
    expect(widget.launcher).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(widget.badge).to_be_hidden()
    expect(widget.launcher).to_have_attribute("aria-label", "Updates and feedback")


@needs("changelog")
def test_changelog_panel_shows_ten_entries_with_badges_and_highlight(live_server, host_site, page, project, widget):
    make_entries(project, 12)
    page.goto(host_site.embed(live_server))
    widget.launcher.click()
    articles = widget.body("changelog").locator("article")
    expect(articles).to_have_count(10)
    expect(articles.first.locator("h3")).to_have_text("Entry 0")
    expect(articles.first).to_have_class("hl")
    expect(articles.first.locator(".tg").first).to_have_text("Fix")
    expect(articles.first.locator(".tg.hi")).to_contain_text("Highlight")
    expect(articles.nth(1).locator(".tg").first).to_have_text("Feature")
    expect(articles.first.locator(".c strong")).to_have_text("entry 0")


@needs("changelog")
def test_stored_script_in_changelog_content_cannot_run(live_server, host_site, page, project, widget):
    from changelog.models import ChangelogEntry

    (entry,) = make_entries(project, 1)
    hostile = (
        f"<p>Hello</p>{XSS_IMG}<script>window.__pwned = 'script'</script>"
        '<a href="javascript:window.__pwned=\'link\'">click</a><iframe src="javascript:parent.__pwned=1"></iframe>'
        "<svg><animate onbegin=\"window.__pwned='svg'\"/></svg><p onclick=\"window.__pwned='p'\">Bye</p>"
    )
    ChangelogEntry.objects.filter(pk=entry.pk).update(content=hostile)  # bypasses the sanitiser on save()
    page.goto(host_site.embed(live_server))
    widget.launcher.click()
    content = widget.body("changelog").locator(".c")
    expect(content).to_contain_text("Hello")
    content.locator("a").click()
    content.locator("p").last.click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert content.locator("script, iframe, svg, [onerror], [onclick]").count() == 0
    assert content.locator("a").get_attribute("href") is None


@needs("feedback")
def test_feedback_title_with_html_shows_as_text(live_server, host_site, page, project, visitor_id, widget):
    page.goto(host_site.embed(live_server, user=visitor_id, features="feedback"))
    widget.launcher.click()
    form = widget.body("feedback")
    form.get_by_label("Title").fill(XSS_IMG)
    form.get_by_role("button", name="Send feedback").click()
    expect(form.locator("article h3")).to_have_text(XSS_IMG)
    assert form.locator("article img").count() == 0
    assert page.evaluate("window.__pwned") is None


@needs("announcements")
def test_announcement_text_with_html_shows_as_text(live_server, host_site, page, project, widget):
    make_announcement(project, title=XSS_IMG, message="<b>bold?</b>")
    page.goto(host_site.embed(live_server))
    expect(widget.banners).to_have_count(1)
    expect(widget.banners).to_contain_text(XSS_IMG + " <b>bold?</b>")
    assert widget.banners.locator("img, b").count() == 0
    assert page.evaluate("window.__pwned") is None


@needs("announcements")
def test_banners_in_priority_order_with_readable_text(live_server, host_site, page, project, widget):
    make_announcement(project, title="Low", priority=1, banner_color="#fde68a")
    make_announcement(project, title="High", priority=9, banner_color="#1e3a8a")
    page.goto(host_site.embed(live_server))
    expect(widget.banners).to_have_count(2)
    expect(widget.banners.first).to_contain_text("High")
    colors = widget.banners.evaluate_all("els => els.map(e => [getComputedStyle(e).backgroundColor, e.style.color])")
    assert colors == [["rgb(30, 58, 138)", "rgb(255, 255, 255)"], ["rgb(253, 230, 138)", "rgb(0, 0, 0)"]]


@needs("announcements")
def test_dismissed_announcement_stays_gone_after_reload(live_server, host_site, page, project, visitor_id, widget):
    from announcements.models import AnnouncementDismissal

    announcement = make_announcement(project, title="New pricing", is_dismissible=True)
    page.goto(host_site.embed(live_server, user=visitor_id))
    expect(widget.banners).to_have_count(1)
    widget.banners.get_by_role("button", name="Dismiss: New pricing").click()
    expect(widget.banners).to_have_count(0)
    wait_until(lambda: AnnouncementDismissal.objects.filter(announcement=announcement, visitor_id=visitor_id).exists())
    page.reload()
    expect(widget.launcher).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(widget.banners).to_have_count(0)


@needs("announcements")
def test_non_dismissible_announcement_has_no_dismiss_button(live_server, host_site, page, project, visitor_id, widget):
    make_announcement(project, title="Outage", is_dismissible=False)
    page.goto(host_site.embed(live_server, user=visitor_id))
    expect(widget.banners).to_have_count(1)
    expect(widget.banners).to_contain_text("Outage")
    assert widget.banners.locator("button").count() == 0


@needs("roadmap")
def test_roadmap_vote_buttons_toggle_and_show_state(live_server, host_site, page, project, visitor_id, widget):
    from roadmap.models import RoadmapEntry, RoadmapVote

    entry = RoadmapEntry.objects.create(
        project=project,
        milestone_number=1,
        milestone_name="Q3",
        feature_name="Dark mode",
        feature_status="in_progress",
        published_at=timezone.now() - timedelta(days=1),
    )
    page.goto(host_site.embed(live_server, user=visitor_id, features="roadmap"))
    widget.launcher.click()
    body = widget.body("roadmap")
    up = body.get_by_role("button", name="Upvote: Dark mode")
    expect(body.locator(".ms")).to_have_text("Q3")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(body.locator(".v span")).to_have_text("1")
    assert RoadmapVote.objects.get(entry=entry).vote_type == "up"
    body.get_by_role("button", name="Downvote: Dark mode").click()
    expect(body.locator(".v span")).to_have_text("-1")
    expect(up).to_have_attribute("aria-pressed", "false")
    page.reload()
    widget.launcher.click()
    expect(body.get_by_role("button", name="Downvote: Dark mode")).to_have_attribute("aria-pressed", "true")


@needs("notifications")
def test_notifications_show_unread_count_and_mark_as_read(live_server, host_site, page, project, visitor_id, widget):
    from notifications.models import Notification

    for title in ["Your idea is planned", "We replied"]:
        Notification.objects.create(project=project, user_id=visitor_id, title=title, message="Have a look")
    page.goto(host_site.embed(live_server, user=visitor_id, features="changelog,notifications"))
    expect(widget.badge).to_have_text("2")
    widget.launcher.click()
    widget.tab("notifications").click()
    expect(widget.tab("notifications")).to_have_text("Notifications2")
    body = widget.body("notifications")
    body.locator("article", has_text="We replied").get_by_role("button", name="Mark as read").click()
    expect(widget.badge).to_have_text("1")
    assert Notification.objects.get(title="We replied").read_at is not None
    body.get_by_role("button", name="Mark all as read").click()
    expect(widget.badge).to_be_hidden()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@needs("changelog")
def test_identify_later_enables_the_unseen_badge(live_server, host_site, page, project, visitor_id, widget):
    make_entries(project, 2)
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    expect(widget.badge).to_be_hidden()
    page.evaluate("id => window.Pulse.identify(id)", visitor_id)
    expect(widget.badge).to_have_text("2")


@needs("analytics")
def test_track_posts_an_event_with_visitor_and_session(live_server, host_site, page, project, visitor_id):
    from analytics.models import Event

    page.goto(host_site.embed(live_server, user=visitor_id))
    page.wait_for_function("window.Pulse")
    assert page.evaluate("window.Pulse.track('plan_upgraded', {plan: 'pro'})") is True
    event = Event.objects.get(project=project)
    assert (event.name, event.properties, event.user_id) == ("plan_upgraded", {"plan": "pro"}, visitor_id)
    assert event.session_id == page.evaluate("sessionStorage.getItem('pulse-session')")


@needs("changelog", "announcements", "roadmap", "notifications")
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_of_the_open_panels(live_server, host_site, page, project, visitor_id, widget, screenshot, theme):
    from notifications.models import Notification
    from roadmap.models import RoadmapEntry

    make_entries(project, 4)
    make_announcement(project, title="Scheduled maintenance", banner_color="#d97706", is_dismissible=True)
    for i, status in enumerate(["completed", "in_progress", "planned"]):
        RoadmapEntry.objects.create(
            project=project,
            milestone_number=1 + i // 2,
            milestone_name=f"Milestone {1 + i // 2}",
            feature_name=f"Feature {i}",
            feature_status=status,
            user_friendly_description="What it brings, in plain words.",
            published_at=timezone.now(),
        )
    Notification.objects.create(project=project, user_id=visitor_id, title="We replied to you", message="Thanks!")
    features = "changelog,feedback,roadmap,notifications,announcements"
    page.goto(host_site.embed(live_server, theme=theme, user=visitor_id, features=features))
    widget.launcher.click()
    for name in ["changelog", "feedback", "roadmap", "notifications"]:
        widget.tab(name).click()
        expect(widget.body(name)).not_to_contain_text("Loading")
        page.wait_for_load_state("networkidle")
        screenshot(f"widget-{name}-{theme}")
