"""The widget as visitors meet it (issue 17): their own votes, single-page apps, their
threads, links that open where they belong, banners that fit, phones.

Chromium, with the widget embedded by a host page on another origin.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.widget.test_widget_api_browser import make_announcement, make_entries, wait_until

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def make_roadmap_entry(project, name="Dark mode", **fields):
    from roadmap.models import RoadmapEntry

    return RoadmapEntry.objects.create(
        project=project,
        feature_name=name,
        feature_status="planned",
        published_at=timezone.now() - timedelta(days=1),
        **fields,
    )


def make_feedback_with_reply(project, visitor_id):
    from feedback.models import Feedback
    from feedback.services import add_team_message, add_visitor_message, submit_feedback

    feedback = submit_feedback(project=project, visitor_id=uuid.UUID(visitor_id), title="Export to CSV")
    feedback = Feedback.objects.get(pk=feedback.pk)
    add_visitor_message(feedback=feedback, visitor_id=visitor_id, message="Any news?")
    add_team_message(feedback=feedback, message="Internal: ask Bob", is_public=False, sender_id="1")
    add_team_message(feedback=feedback, message="Shipping next week!", is_public=True, sender_id="1")
    return feedback


def boxes_overlap(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


# 1. A visitor's own vote comes from the server.


def test_a_second_device_shows_the_visitors_vote_and_the_click_keeps_their_intent(
    live_server, host_site, browser, project, visitor_id
):
    from roadmap.models import RoadmapVote
    from roadmap.services import toggle_vote

    entry = make_roadmap_entry(project)
    toggle_vote(entry_id=entry.pk, project_id=project.pk, visitor_id=uuid.UUID(visitor_id), vote_type="up")
    url = host_site.embed(live_server, user=visitor_id, features="roadmap")
    device = browser.new_context(viewport={"width": 1280, "height": 900})  # empty localStorage
    try:
        page = device.new_page()
        page.goto(url)
        page.locator("[data-pulse-widget] button.l").click()
        body = page.locator("[data-pulse-widget] #pulse-b-roadmap")
        up = body.get_by_role("button", name="Upvote: Dark mode")
        expect(up).to_have_attribute("aria-pressed", "true")
        expect(body.locator(".v span")).to_have_text("1")
        body.get_by_role("button", name="Downvote: Dark mode").click()
        expect(body.locator(".v span")).to_have_text("-1")
        expect(up).to_have_attribute("aria-pressed", "false")
        assert RoadmapVote.objects.get(entry=entry).vote_type == "down"
        assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('pulse-votes'))") == []
    finally:
        device.close()


# 2. The widget survives the page it lives on.


def test_a_page_with_an_element_id_pulse_still_gets_the_widget(live_server, host_site, page, project, widget, console):
    url = host_site.embed(live_server)
    html, headers = host_site.pages["/"]
    host_site.pages["/"] = (html.replace(b"<body>", b'<body><div id="Pulse">app root</div>'), headers)
    page.goto(url)
    expect(widget.launcher).to_be_visible()
    assert page.evaluate("typeof window.Pulse.open") == "function"
    assert page.evaluate("document.getElementById('Pulse').textContent") == "app root"
    page.evaluate("window.Pulse.open('feedback')")
    expect(widget.panel).to_be_visible()
    assert [text for kind, text in console if kind in ("warning", "error", "pageerror")] == []


def test_a_page_that_locks_window_pulse_gets_the_launcher_and_one_clear_warning(
    live_server, host_site, page, project, widget, console
):
    page.add_init_script("Object.defineProperty(window, 'Pulse', {value: 'theirs', writable: false})")
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.Pulse") == "theirs"
    assert [text for kind, text in console if kind in ("warning", "error", "pageerror")] == [
        "Pulse widget: window.Pulse is read-only on this page, so the JavaScript API is unavailable."
    ]


@pytest.mark.parametrize(
    "rerender",
    [
        "document.body.replaceChildren(Object.assign(document.createElement('main'), {textContent: 'App'}))",
        "document.body.innerHTML = '<main>App</main>'",
        "document.documentElement.replaceChild("
        "Object.assign(document.createElement('body'), {innerHTML: '<main>App</main>'}), document.body)",
    ],
    ids=["replaceChildren", "innerHTML", "new-body"],
)
def test_a_single_page_app_that_re_renders_the_body_keeps_the_widget(
    live_server, host_site, page, project, widget, rerender
):
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    page.evaluate(rerender)
    expect(page.locator("main")).to_have_text("App")
    expect(widget.launcher).to_be_visible()
    page.evaluate("window.Pulse.open()")
    expect(widget.panel).to_be_visible()
    expect(widget.host).to_have_count(1)


def test_injecting_the_snippet_again_keeps_one_instance_and_logs_in_its_user(
    live_server, host_site, page, project, visitor_id, widget, console
):
    make_entries(project, 2)
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    page.evaluate(
        """([src, user]) => { const s = document.createElement('script'); s.src = src;
             s.dataset.pulseProject = 'acme'; s.dataset.pulseUser = user; document.body.append(s); }""",
        [live_server.url + "/api/widget/widget.js", visitor_id],
    )
    expect(widget.badge).to_have_text("2")
    expect(widget.host).to_have_count(1)
    assert [text for kind, text in console if kind in ("warning", "error", "pageerror")] == []


def test_the_javascript_api_opens_closes_identifies_resets_destroys_and_sends_events(
    live_server, host_site, page, project, visitor_id, widget
):
    make_entries(project, 3)
    page.goto(host_site.embed(live_server))
    expect(widget.launcher).to_be_visible()
    page.evaluate(
        """() => { window.__events = [];
             for (const name of ['pulse:open', 'pulse:close', 'pulse:unseen'])
               window.addEventListener(name, (e) => window.__events.push([name, e.detail])); }"""
    )
    page.evaluate("id => window.Pulse.identify({id})", visitor_id)
    expect(widget.badge).to_have_text("3")
    page.evaluate("window.Pulse.open('feedback')")
    expect(widget.body("feedback")).to_be_visible()
    page.evaluate("window.Pulse.close()")
    expect(widget.panel).to_be_hidden()
    page.evaluate("window.Pulse.reset()")
    expect(widget.badge).to_be_hidden()
    assert page.evaluate("window.__events") == [
        ["pulse:unseen", {"count": 3}],
        ["pulse:open", {"tab": "feedback"}],
        ["pulse:close", {}],
        ["pulse:unseen", {"count": 0}],
    ]
    page.evaluate("window.Pulse.destroy()")
    expect(widget.host).to_have_count(0)
    assert page.evaluate("typeof window.Pulse") == "undefined"
    page.evaluate("document.body.append(document.createElement('p'))")  # no re-attach once destroyed
    expect(widget.host).to_have_count(0)


# 3. The visitor's own threads.


def test_the_visitor_reads_the_public_thread_and_replies_and_the_team_reply_was_unread(
    live_server, host_site, page, project, visitor_id, widget, screenshot
):
    from feedback.models import FeedbackMessage
    from notifications.models import Notification

    feedback = make_feedback_with_reply(project, visitor_id)
    page.goto(host_site.embed(live_server, user=visitor_id, features="feedback,notifications"))
    expect(widget.badge).to_have_text("1")
    widget.launcher.click()
    widget.tab("feedback").click()
    body = widget.body("feedback")
    item = body.locator("article", has_text="Export to CSV")
    expect(item.locator(".tg.nw")).to_have_text("New reply")
    item.get_by_role("button", name="Export to CSV").click()
    messages = body.locator(".mg")
    expect(messages).to_have_count(2)
    expect(messages.first).to_contain_text("Any news?")
    expect(messages.last).to_contain_text("Shipping next week!")
    expect(body).not_to_contain_text("Internal")
    expect(widget.badge).to_be_hidden()
    assert Notification.objects.get(user_id=visitor_id).read_at is not None
    body.get_by_label("Your reply").fill("Great, thanks!")
    body.get_by_role("button", name="Send reply").click()
    expect(messages).to_have_count(3)
    expect(messages.last).to_contain_text("Great, thanks!")
    screenshot("widget-feedback-thread")
    assert FeedbackMessage.objects.filter(feedback=feedback, sender_role="user", message="Great, thanks!").exists()
    body.get_by_role("button", name="← Back").click()
    expect(body.locator("article", has_text="Export to CSV").locator(".tg.nw")).to_have_count(0)


# 4. Links open where they belong.


def test_notification_links_open_in_the_widget_a_new_tab_or_stay_text(
    live_server, host_site, page, project, visitor_id, widget
):
    from notifications.models import Notification

    entries = [make_roadmap_entry(project, f"Feature {i}", milestone_number=i) for i in range(12)]
    target = entries[10]
    (changelog,) = make_entries(project, 1)
    feedback = make_feedback_with_reply(project, visitor_id)
    Notification.objects.filter(user_id=visitor_id).delete()
    for title, link, metadata in [
        ("Now planned", f"/roadmap#{target.pk}", {}),
        ("Read the release", f"/changelog#{changelog.pk}", {}),
        ("We replied", "", {"feedback_id": str(feedback.pk)}),
        ("Our blog", "https://blog.example.com/post", {}),
        ("Sneaky", "javascript:alert(1)", {}),
        ("Protocol-relative", "//evil.example.com/x", {}),
        ("Unknown page", "/pricing", {}),
    ]:
        Notification.objects.create(project=project, user_id=visitor_id, title=title, link=link, metadata=metadata)
    features = "changelog,feedback,roadmap,notifications"
    page.goto(host_site.embed(live_server, user=visitor_id, features=features))
    widget.launcher.click()
    widget.tab("notifications").click()
    body = widget.body("notifications")
    blog = body.get_by_role("link", name="Our blog")
    expect(blog).to_have_attribute("target", "_blank")
    assert "noopener" in blog.get_attribute("rel")
    for title in ["Sneaky", "Protocol-relative", "Unknown page"]:
        expect(body.locator("article", has_text=title).locator("h3 a, h3 button")).to_have_count(0)
    body.get_by_role("button", name="Now planned").click()
    item = widget.body("roadmap").locator(f'article[data-id="{target.pk}"]')
    expect(item).to_be_focused()
    expect(item).to_have_class("ri fo")
    expect(item).to_be_in_viewport()
    assert page.url == host_site.url + "/"
    widget.tab("notifications").click()
    body.get_by_role("button", name="Read the release").click()
    expect(widget.body("changelog").locator(f'article[data-id="{changelog.pk}"]')).to_be_focused()
    widget.tab("notifications").click()
    body.get_by_role("button", name="We replied").click()
    expect(widget.body("feedback").locator(".mg").last).to_contain_text("Shipping next week!")


def test_a_notification_linking_a_portal_page_opens_in_the_widget_with_the_page_in_a_new_tab(
    live_server, host_site, page, project, visitor_id, widget
):
    from notifications.models import Notification

    target = make_roadmap_entry(project, "Dark mode", milestone_number=1)
    (changelog,) = make_entries(project, 1)
    roadmap_page = f"{live_server.url}/portal/{project.slug}/roadmap/#entry-{target.pk}"
    entry_page = f"{live_server.url}/portal/{project.slug}/changelog/{changelog.pk}/{changelog.permalink_slug}/"
    Notification.objects.filter(user_id=visitor_id).delete()
    Notification.objects.create(project=project, user_id=visitor_id, title="Dark mode shipped", link=roadmap_page)
    Notification.objects.create(project=project, user_id=visitor_id, title="Release notes", link=entry_page)
    page.goto(host_site.embed(live_server, user=visitor_id, features="changelog,roadmap,notifications"))
    widget.launcher.click()
    widget.tab("notifications").click()
    body = widget.body("notifications")
    new_tab = body.get_by_role("link", name="Open in a new tab: Dark mode shipped")
    expect(new_tab).to_have_attribute("href", roadmap_page)
    expect(new_tab).to_have_attribute("target", "_blank")
    expect(body.get_by_role("link", name="Open in a new tab: Release notes")).to_have_attribute("href", entry_page)
    body.get_by_role("button", name="Dark mode shipped").click()
    expect(widget.body("roadmap").locator(f'article[data-id="{target.pk}"]')).to_be_focused()
    widget.tab("notifications").click()
    body.get_by_role("button", name="Release notes").click()
    expect(widget.body("changelog").locator(f'article[data-id="{changelog.pk}"]')).to_be_focused()


def test_with_the_portal_named_entries_and_items_link_their_portal_page_in_a_new_tab(
    live_server, host_site, page, project, widget
):
    item = make_roadmap_entry(project, "Dark mode", milestone_number=1)
    (changelog,) = make_entries(project, 1)
    portal = f"{live_server.url}/portal/{project.slug}"
    page.goto(host_site.embed(live_server, features="changelog,roadmap", portal=portal + "/"))
    widget.launcher.click()
    link = widget.body("changelog").get_by_role("link", name=f"Open in a new tab: {changelog.title}")
    expect(link).to_have_attribute("href", f"{portal}/changelog/{changelog.pk}/")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    entry_page = opened.value
    entry_page.wait_for_load_state()
    assert entry_page.url == f"{portal}/changelog/{changelog.pk}/{changelog.permalink_slug}/"  # the permalink
    expect(entry_page.get_by_role("heading", level=1)).to_contain_text(changelog.title)
    entry_page.close()
    widget.tab("roadmap").click()
    expect(widget.body("roadmap").get_by_role("link", name="Open in a new tab: Dark mode")).to_have_attribute(
        "href", f"{portal}/roadmap/#entry-{item.pk}"
    )


def test_without_the_portal_named_entries_have_no_portal_link(live_server, host_site, page, project, widget):
    make_entries(project, 1)
    page.goto(host_site.embed(live_server, features="changelog"))
    widget.launcher.click()
    expect(widget.body("changelog").locator("article")).to_have_count(1)
    expect(widget.body("changelog").locator("a.nt")).to_have_count(0)


def test_changelog_links_and_images_without_a_url_make_no_request_to_null(
    live_server, host_site, page, project, widget
):
    from changelog.models import ChangelogEntry

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    (entry,) = make_entries(project, 1)
    # What the sanitiser leaves of <a href="/relative"> and <img src="data:...">.
    ChangelogEntry.objects.filter(pk=entry.pk).update(content='<p><a>a dead link</a> and <img alt="a chart"></p>')
    page.goto(host_site.embed(live_server))
    widget.launcher.click()
    content = widget.body("changelog").locator(".c")
    expect(content).to_contain_text("a dead link")
    page.wait_for_load_state("networkidle")
    assert content.locator("a").get_attribute("href") is None
    assert content.locator("img").get_attribute("src") is None
    assert [url for url in requests if url.endswith("/null")] == []


# 5. Banners that fit the page; 6. phones.


@pytest.mark.parametrize("layout", ["card", "bar"])
def test_on_a_phone_the_sheet_and_two_banners_never_cover_the_dismiss_buttons(
    live_server, host_site, page, project, visitor_id, widget, screenshot, layout
):
    make_announcement(project, title="Scheduled maintenance", type="warning", banner_color="", is_dismissible=True)
    make_announcement(project, title="New pricing", type="info", priority=5, is_dismissible=True)
    make_entries(project, 6)
    page.set_viewport_size(PHONE)
    features = "changelog,feedback,roadmap,notifications,announcements"
    page.goto(host_site.embed(live_server, user=visitor_id, features=features, **{"banner-layout": layout}))
    expect(widget.banners.first).to_be_visible()
    expect(widget.banners.nth(1)).to_be_hidden()  # stacked as one on a phone
    more = page.locator("[data-pulse-widget] .mo")
    expect(more).to_have_text("1 more")
    screenshot(f"widget-phone-banners-{layout}")
    more.click()
    expect(widget.banners.nth(1)).to_be_visible()
    widget.launcher.click()
    expect(widget.body("changelog").locator("article")).to_have_count(6)
    page.wait_for_timeout(250)  # the panel's entry animation
    screenshot(f"widget-phone-panel-{layout}")
    panel = widget.panel.bounding_box()
    assert panel["width"] == PHONE["width"] and panel["x"] == 0
    assert panel["y"] + panel["height"] == pytest.approx(PHONE["height"], abs=1)
    dismiss_buttons = widget.banners.get_by_role("button")
    for i in range(dismiss_buttons.count()):
        assert not boxes_overlap(panel, dismiss_buttons.nth(i).bounding_box())
    height = panel["height"]
    widget.tab("feedback").click()
    assert widget.panel.bounding_box()["height"] == height  # steady when switching tabs
    assert (
        page.evaluate(
            """() => getComputedStyle(document.querySelector('[data-pulse-widget]').shadowRoot
             .querySelector('#pulse-f-title')).fontSize"""
        )
        == "16px"
    )
    tabs = page.locator("[data-pulse-widget] .tl").bounding_box()
    assert tabs["height"] < 50  # one scrollable row, not wrapped
    if layout == "bar":
        assert page.locator("h1").bounding_box()["y"] >= widget.banners.first.bounding_box()["height"]
    widget.banners.first.get_by_role("button").click()
    expect(widget.banners).to_have_count(1)


def test_a_banner_without_a_colour_takes_its_types_colour_with_readable_text(
    live_server, host_site, page, project, widget
):
    for kind, priority in [("info", 4), ("warning", 3), ("success", 2), ("error", 1)]:
        make_announcement(project, title=kind, type=kind, banner_color="", priority=priority)
    page.goto(host_site.embed(live_server))
    expect(widget.banners).to_have_count(4)
    colors = widget.banners.evaluate_all("els => els.map(e => [getComputedStyle(e).backgroundColor, e.style.color])")
    assert colors == [
        ["rgb(37, 99, 235)", "rgb(255, 255, 255)"],
        ["rgb(217, 119, 6)", "rgb(0, 0, 0)"],
        ["rgb(22, 163, 74)", "rgb(0, 0, 0)"],
        ["rgb(220, 38, 38)", "rgb(255, 255, 255)"],
    ]


def test_an_anonymous_dismissal_survives_a_reload(live_server, host_site, page, project, widget):
    from announcements.models import AnnouncementDismissal

    make_announcement(project, title="New pricing", is_dismissible=True)
    make_announcement(project, title="Outage", is_dismissible=True, priority=-1)
    page.goto(host_site.embed(live_server))
    expect(widget.banners).to_have_count(2)
    widget.banners.get_by_role("button", name="Dismiss: New pricing").click()
    expect(widget.banners).to_have_count(1)
    page.reload()
    expect(widget.banners).to_have_count(1)
    expect(widget.banners).to_contain_text("Outage")
    assert not AnnouncementDismissal.objects.exists()


def test_every_changelog_type_is_translated(live_server, host_site, page, project, widget):
    from changelog.models import ChangelogEntry, EntryType

    for i, kind in enumerate(EntryType.values):
        ChangelogEntry.objects.create(
            project=project, title=kind, type=kind, published_at=timezone.now() - timedelta(minutes=i + 1)
        )
    page.goto(host_site.embed(live_server, locale="de"))
    widget.launcher.click()
    tags = widget.body("changelog").locator("article .tg")
    expect(tags).to_have_count(len(EntryType.values))
    shown = tags.all_text_contents()
    assert not set(shown) & set(EntryType.values), shown


def test_a_visitors_dismissal_is_still_sent_to_the_server(live_server, host_site, page, project, visitor_id, widget):
    from announcements.models import AnnouncementDismissal

    make_announcement(project, title="New pricing", is_dismissible=True)
    page.goto(host_site.embed(live_server, user=visitor_id))
    widget.banners.get_by_role("button", name="Dismiss: New pricing").click()
    wait_until(lambda: AnnouncementDismissal.objects.filter(visitor_id=visitor_id).exists())
