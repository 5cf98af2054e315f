"""Feedback and announcements in a real browser: reply to a feedback, create an announcement."""

import uuid

import pytest

from announcements.models import Announcement
from feedback.models import FeedbackMessage
from feedback.services import submit_feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reply_to_a_feedback(live_server, signed_in, project, screenshot):
    page, base = signed_in, live_server.url
    feedback = submit_feedback(
        project=project, visitor_id=uuid.uuid4(), title="Export crashes", description="On Safari", category="bug"
    )
    page.goto(f"{base}/p/acme/feedback/")
    screenshot("feedback-inbox")
    page.get_by_role("link", name="Export crashes").click()
    page.get_by_label("Message").fill("Thanks! Fixed in 3.2.0.")
    page.get_by_role("button", name="Reply to the visitor").click()
    page.get_by_text("Reply sent").wait_for()
    assert page.get_by_text("Thanks! Fixed in 3.2.0.").is_visible()
    screenshot("feedback-detail")
    message = FeedbackMessage.objects.get(feedback=feedback)
    assert message.is_public and message.message == "Thanks! Fixed in 3.2.0."


def test_create_an_announcement_with_a_live_preview(live_server, signed_in, project, screenshot):
    page, base = signed_in, live_server.url
    page.goto(f"{base}/p/acme/announcements/new/")
    page.get_by_label("Title").fill("Scheduled maintenance")
    page.get_by_label("Message").fill("Saturday 22:00 UTC, about 10 minutes.")
    page.get_by_label("Colour of the type").uncheck()
    page.locator("#id_banner_color").fill("#b45309")
    assert page.locator("#banner-preview [data-preview-of=id_title]").inner_text() == "Scheduled maintenance"
    screenshot("announcement-editor")
    page.get_by_role("button", name="Create announcement").click()
    page.get_by_text("created").wait_for()
    screenshot("announcements")
    announcement = Announcement.objects.get(project=project)
    assert (announcement.title, announcement.banner_color) == ("Scheduled maintenance", "#b45309")


STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"


@pytest.mark.parametrize(
    "kind, own, background, text",
    [
        ("warning", None, "rgb(217, 119, 6)", "rgb(0, 0, 0)"),  # was white on amber
        ("info", None, "rgb(37, 99, 235)", "rgb(255, 255, 255)"),
        ("success", "#fde68a", "rgb(253, 230, 138)", "rgb(0, 0, 0)"),
        ("error", "#1e3a8a", "rgb(30, 58, 138)", "rgb(255, 255, 255)"),
    ],
)
def test_the_preview_uses_the_widgets_colour_rule_under_a_strict_csp(
    live_server, signed_in, project, kind, own, background, text
):
    """The dashboard preview and the widget both call pulseBannerColors (banner-colors.js)."""
    page, base = signed_in, live_server.url
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    page.route(f"{base}/p/acme/announcements/new/", with_csp)
    page.goto(f"{base}/p/acme/announcements/new/")
    page.locator("#id_type").select_option(kind)
    if own:
        page.get_by_label("Colour of the type").uncheck()
        page.locator("#id_banner_color").fill(own)
    preview = page.locator("#banner-preview")
    painted = preview.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
    assert painted == [background, text]
    widget_rule = page.evaluate("([c, t]) => pulseBannerColors(c, t)", [own or "", kind])
    assert widget_rule[1] == {"rgb(0, 0, 0)": "#000", "rgb(255, 255, 255)": "#fff"}[text]
    assert violations == []
