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
    page.locator("#id_banner_color").fill("#b45309")
    assert page.locator("#banner-preview [data-preview-of=id_title]").inner_text() == "Scheduled maintenance"
    screenshot("announcement-editor")
    page.get_by_role("button", name="Create announcement").click()
    page.get_by_text("created").wait_for()
    screenshot("announcements")
    announcement = Announcement.objects.get(project=project)
    assert (announcement.title, announcement.banner_color) == ("Scheduled maintenance", "#b45309")
