"""The idea board's portal pages in a real browser (issue 20): posting and voting with
JavaScript off (forms, CSRF, 303s), and similar ideas suggested while typing with it on."""

import uuid

import pytest
from playwright.sync_api import expect

from feedback import services
from feedback.models import Feedback, IdeaVote

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shoot(page, name, scheme):
    from tests.conftest import ARTIFACTS_DIR

    folder = ARTIFACTS_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme=scheme)
    page.screenshot(path=str(folder / f"{name}-{scheme}.png"), full_page=True)


def test_without_javascript_a_visitor_posts_an_idea_upvotes_it_and_comments(live_server, no_js_page, project):
    page = no_js_page
    other = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Export to CSV")
    services.add_team_comment(idea=other, body="We are **looking** into it", sender_id="1")
    page.goto(f"{live_server.url}/portal/acme/")
    page.get_by_role("link", name="Share an idea").first.click()
    page.get_by_label("Your idea").fill("Dark mode")
    page.get_by_label("Details").fill("Easier on the eyes at night")
    page.get_by_label("Your name (optional)").fill("Ada")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dark mode")
    expect(page.locator(".notice")).to_contain_text("Your idea was posted")
    idea = Feedback.objects.get(title="Dark mode")
    up = page.get_by_role("button", name="Upvote Dark mode")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".upvote .count")).to_have_text("1")
    assert IdeaVote.objects.get().idea_id == idea.pk
    page.get_by_label("Your comment").fill("I would use it **every day**")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment strong", has_text="every day")).to_be_visible()
    shoot(page, "portal-idea", "light")
    shoot(page, "portal-idea", "dark")
    page.goto(f"{live_server.url}/portal/acme/ideas/{other.pk}/")
    expect(page.locator(".comment.team")).to_contain_text("looking")
    page.get_by_role("link", name="← All ideas").click()
    page.get_by_role("button", name="Upvote Export to CSV").click()
    expect(page.get_by_role("button", name="Upvote Export to CSV")).to_have_attribute("aria-pressed", "true")
    assert IdeaVote.objects.count() == 2
    shoot(page, "portal-board", "light")
    shoot(page, "portal-board", "dark")


def test_with_javascript_similar_ideas_are_suggested_while_typing(live_server, page, project):
    existing = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode for the dashboard")
    services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Export to CSV")
    page.goto(f"{live_server.url}/portal/acme/ideas/new/")
    suggestions = page.locator("#similar")
    expect(suggestions).to_be_hidden()
    page.get_by_label("Your idea").press_sequentially("dark mode in the dashboard", delay=20)
    expect(suggestions).to_be_visible()
    expect(suggestions.get_by_role("link")).to_have_text(["Dark mode for the dashboard"])
    shoot(page, "portal-new-idea", "light")
    shoot(page, "portal-new-idea", "dark")
    suggestions.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/portal/acme/ideas/{existing.pk}/")


def test_with_javascript_an_upvote_stays_on_the_page(live_server, page, project):
    idea = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    page.goto(f"{live_server.url}/portal/acme/ideas/")
    up = page.get_by_role("button", name="Upvote Dark mode")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".upvote .count")).to_have_text("1")
    assert page.url == f"{live_server.url}/portal/acme/ideas/"
    assert IdeaVote.objects.get().idea_id == idea.pk


def test_the_board_pages_and_their_script_run_under_the_csp_with_no_violation(live_server, page, project):
    problems = []
    page.on(
        "console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None
    )
    idea = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode for the dashboard")
    for path in ["", "ideas/", f"ideas/{idea.pk}/", "ideas/new/"]:
        response = page.goto(f"{live_server.url}/portal/acme/{path}")
        assert response.status == 200 and "default-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Your idea").press_sequentially("dark mode for dashboards", delay=10)
    expect(page.locator("#similar")).to_be_visible()
    assert problems == []
