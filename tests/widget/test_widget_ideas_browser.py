"""The widget's Ideas tab (issue 20) in a real browser, embedded by a page on another origin:
the board top or new, the upvote toggle, posting an idea, keyboard and ARIA, text as text."""

import uuid

import pytest
from playwright.sync_api import expect

from feedback import services
from feedback.models import Feedback, IdeaVote

pytestmark = pytest.mark.browser


def test_the_ideas_tab_lists_the_board_and_toggles_an_upvote(live_server, host_site, page, project, visitor_id, widget):
    popular = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode", display_name="Ada")
    services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Export to CSV")
    services.toggle_idea_vote(project_id=project.id, idea_id=popular.pk, visitor_id=uuid.uuid4())
    page.goto(host_site.embed(live_server, user=visitor_id, features="feedback,ideas"))
    widget.launcher.click()
    widget.tab("ideas").click()
    body = widget.body("ideas")
    expect(body.locator("article h3")).to_have_text(["Dark mode", "Export to CSV"])
    expect(body.locator("article").first).to_contain_text("Ada")
    up = body.get_by_role("button", name="Upvote: Dark mode")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(body.locator("article").first.locator(".v span")).to_have_text("2")
    assert IdeaVote.objects.filter(idea=popular, visitor_id=visitor_id).exists()
    up.click()
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(body.locator("article").first.locator(".v span")).to_have_text("1")
    body.get_by_role("button", name="New").click()
    expect(body.locator("article h3")).to_have_text(["Export to CSV", "Dark mode"])
    expect(body.get_by_role("button", name="New")).to_have_attribute("aria-pressed", "true")


def test_an_idea_is_posted_from_the_widget_and_its_text_stays_text(
    live_server, host_site, page, project, visitor_id, widget
):
    page.goto(host_site.embed(live_server, user=visitor_id, features="ideas"))
    widget.launcher.click()
    body = widget.body("ideas")
    toggle = body.locator("button[aria-controls=pulse-i-form]")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    title = '<img src=x onerror="window.__pwned = 1"> Bulk edit'
    body.get_by_label("Title").fill(title)
    body.get_by_label("Details").fill("Edit many rows at once")
    body.get_by_label("Your name (optional)").fill("Bo")
    body.locator("form").get_by_role("button", name="Post an idea").click()
    expect(body.locator(".msg.ok")).to_have_text("Thank you! Your idea was sent.")
    idea = Feedback.objects.get()
    assert (idea.title, idea.display_name, idea.visibility, str(idea.user_id)) == (title, "Bo", "public", visitor_id)
    expect(body.locator("article h3")).to_have_text([title])
    assert page.evaluate("window.__pwned") is None
    assert body.locator("article img").count() == 0


def test_a_held_idea_is_answered_with_a_word_about_approval(live_server, host_site, page, project, visitor_id, widget):
    project.board_moderation = "hold"
    project.save()
    page.goto(host_site.embed(live_server, user=visitor_id, features="ideas"))
    widget.launcher.click()
    body = widget.body("ideas")
    body.locator("button[aria-controls=pulse-i-form]").click()
    body.get_by_label("Title").fill("Offline mode")
    body.locator("form").get_by_role("button", name="Post an idea").click()
    expect(body.locator(".msg.ok")).to_have_text("Thank you! Your idea will appear once the team approves it.")
    assert Feedback.objects.get().moderation == "pending"
    expect(body.locator("article")).to_have_count(0)


def test_without_a_visitor_id_the_upvote_is_disabled_and_says_why(live_server, host_site, page, project, widget):
    services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    page.goto(host_site.embed(live_server, features="ideas"))
    widget.launcher.click()
    body = widget.body("ideas")
    expect(body.get_by_role("button", name="Upvote: Dark mode")).to_be_disabled()
    expect(body.locator(".q").first).to_have_text("Voting is available to signed-in users.")


def test_the_ideas_tab_is_reached_by_keyboard_like_the_other_tabs(
    live_server, host_site, page, project, visitor_id, widget, screenshot
):
    services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode", description="Easier at night")
    page.goto(host_site.embed(live_server, user=visitor_id, features="feedback,ideas,roadmap", theme="dark"))
    widget.launcher.click()
    widget.tab("feedback").focus()
    page.keyboard.press("ArrowRight")
    expect(widget.tab("ideas")).to_have_attribute("aria-selected", "true")
    expect(widget.body("ideas")).to_be_visible()
    expect(widget.body("ideas").locator("article h3")).to_have_text(["Dark mode"])
    screenshot("widget-ideas-dark")


def test_a_completed_or_declined_idea_offers_no_upvote(live_server, host_site, page, project, visitor_id, widget):
    services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    for title, status in (("Shipped thing", "completed"), ("Dropped thing", "declined")):
        idea = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title=title)
        services.change_idea_status(idea=idea, status=status)
    page.goto(host_site.embed(live_server, user=visitor_id, features="ideas"))
    widget.launcher.click()
    body = widget.body("ideas")
    expect(body.get_by_role("button", name="Upvote: Dark mode")).to_be_enabled()
    expect(body.get_by_role("button", name="Upvote: Shipped thing")).to_be_disabled()
    expect(body.get_by_role("button", name="Upvote: Dropped thing")).to_be_disabled()
