"""The dashboard login works in a real browser."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.browser


def test_login_shows_project_list(live_server, page, project, screenshot):
    from projects.models import Membership

    user = get_user_model().objects.create_user("ada", password="correct horse battery")
    Membership.objects.create(project=project, user=user, role="owner")
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Acme App").is_visible()
    screenshot("dashboard-projects")
