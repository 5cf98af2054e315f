"""The dashboard's idea board view in a real browser (issue 20): the team merges a
duplicate into the idea it repeats; the duplicate's public page then leads there."""

import uuid

import pytest
from playwright.sync_api import expect

from feedback import services
from feedback.models import Feedback

pytestmark = pytest.mark.browser


def test_the_team_merges_a_duplicate_from_the_board_view(live_server, signed_in, page, project, screenshot):
    target = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    duplicate = services.submit_idea(project=project, visitor_id=uuid.uuid4(), title="Night theme please")
    for visitor in (uuid.uuid4(), uuid.uuid4()):
        services.toggle_idea_vote(project_id=project.id, idea_id=duplicate.pk, visitor_id=visitor)
    page.goto(f"{live_server.url}/p/acme/feedback/")
    page.get_by_role("link", name="Idea board").click()
    screenshot("dashboard-idea-board")
    page.get_by_role("link", name="Night theme please").click()
    page.get_by_label("Merge into").select_option(label="Dark mode (0 votes)")
    screenshot("dashboard-idea")
    page.get_by_role("button", name="Merge this idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dark mode")
    expect(page.locator(".flash, [role=status]").first).to_contain_text("merged into “Dark mode”: 2 votes")
    assert Feedback.objects.get(pk=duplicate.pk).merged_into_id == target.pk
    page.goto(f"{live_server.url}/portal/acme/ideas/{duplicate.pk}/")
    expect(page).to_have_url(f"{live_server.url}/portal/acme/ideas/{target.pk}/")
    expect(page.locator(".upvote .count")).to_have_text("2")
