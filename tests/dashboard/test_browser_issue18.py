"""Issue 18 in a real browser: the Markdown kept as written (1), errors where the eye is (3),
reply vs internal note (4), delete with a confirmation (5), and the overview page."""

import uuid

import pytest

from changelog.models import ChangelogEntry
from feedback.models import FeedbackMessage
from feedback.services import submit_feedback
from roadmap.models import RoadmapEntry
from roadmap.services import create_roadmap_entry, toggle_vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MARKDOWN = "Exports are **ten times** faster.\n\n- CSV\n- JSON"
ACTIVE_IS_SUMMARY = "document.activeElement && document.activeElement.hasAttribute('data-error-summary')"
IN_VIEWPORT = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
  return r.top > -1 && r.bottom <= window.innerHeight; }"""


def test_a_published_markdown_entry_reopens_on_its_markdown(live_server, signed_in):
    page, base = signed_in, live_server.url
    page.goto(f"{base}/p/acme/changelog/new/")
    page.get_by_label("Title").fill("Faster exports")
    page.get_by_label("Content (Markdown)").fill(MARKDOWN)
    page.get_by_role("button", name="Publish now").click()
    page.get_by_text("is published").wait_for()
    page.reload()
    assert page.get_by_label("Content (Markdown)").input_value() == MARKDOWN
    assert "<strong>ten times</strong>" in ChangelogEntry.objects.get().content


def test_a_schedule_in_the_past_focuses_a_summary_at_the_top_that_leads_to_the_field(live_server, signed_in,
                                                                                     screenshot):  # fmt: skip
    page, base = signed_in, live_server.url
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{base}/p/acme/changelog/new/")
    page.get_by_label("Title").fill("Later")
    page.get_by_label("Content (Markdown)").fill("\n".join(["Line"] * 60))  # a long form: the field is far below
    page.locator("#id_publish_at").fill("2001-01-01T10:00")
    page.get_by_role("button", name="Schedule").click()
    page.wait_for_function(ACTIVE_IS_SUMMARY)
    summary = page.locator("[data-error-summary]")
    assert "A schedule must be in the future" in summary.inner_text()
    assert page.evaluate(IN_VIEWPORT, "[data-error-summary]")
    screenshot("error-summary")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_publish_at"
    assert page.evaluate(IN_VIEWPORT, "#id_publish_at")
    assert not ChangelogEntry.objects.exists()


def test_an_internal_note_stays_internal_and_a_reply_goes_out(live_server, signed_in, project, screenshot):
    page, base = signed_in, live_server.url
    feedback = submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Crash", description="d",
                               category="bug")  # fmt: skip
    page.goto(f"{base}/p/acme/feedback/{feedback.pk}/")
    page.get_by_label("Message").fill("Duplicate of #12")
    page.get_by_role("button", name="Add internal note").click()
    page.get_by_text("Internal note added.").wait_for()
    # After sending, nothing is preselected: the next message still needs its own choice.
    assert page.get_by_label("Message").input_value() == ""
    page.get_by_label("Message").fill("Fixed in 3.2")
    screenshot("reply-or-note")
    page.get_by_role("button", name="Reply to the visitor").click()
    page.get_by_text("Reply sent").wait_for()
    stored = list(FeedbackMessage.objects.order_by("created_at").values_list("message", "is_public"))
    assert stored == [("Duplicate of #12", False), ("Fixed in 3.2", True)]


def test_delete_a_roadmap_item_after_confirming(live_server, signed_in, project, screenshot):
    page, base = signed_in, live_server.url
    entry = create_roadmap_entry(project=project, feature_name="Fax support", published_at="2020-01-01T00:00:00Z")
    create_roadmap_entry(project=project, feature_name="Keep me", published_at="2020-01-01T00:00:00Z")
    toggle_vote(entry_id=entry.pk, project_id=project.pk, visitor_id=uuid.uuid4(), vote_type="up")
    page.goto(f"{base}/p/acme/roadmap/")
    page.get_by_role("link", name="Fax support").click()
    page.get_by_role("link", name="Delete this item…").click()
    page.get_by_text("1 vote and the notifications").wait_for()
    screenshot("delete-confirmation")
    page.get_by_role("link", name="Cancel, keep it").click()
    assert RoadmapEntry.objects.filter(pk=entry.pk).exists()
    page.get_by_role("link", name="Delete this item…").click()
    page.get_by_role("button", name="Delete roadmap item").click()
    page.get_by_text("was deleted").wait_for()
    assert page.get_by_role("link", name="Keep me").is_visible()
    assert page.get_by_role("link", name="Fax support").count() == 0
    assert list(RoadmapEntry.objects.values_list("feature_name", flat=True)) == ["Keep me"]


def test_a_project_opens_on_its_overview(live_server, signed_in, screenshot):
    page, base = signed_in, live_server.url
    page.get_by_role("link", name="Acme").first.click()
    page.get_by_role("heading", name="Top-voted roadmap items").wait_for()
    assert page.url == f"{base}/p/acme/"
    screenshot("overview")
