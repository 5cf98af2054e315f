"""The pages work under their Content Security Policy in a real browser (issue 16, item 4):
no `securitypolicyviolation` event and no "Refused to ..." console error on the dashboard,
the widget preview, Django Admin and the API docs."""

import pytest
from django.contrib.auth import get_user_model

from announcements.models import Announcement
from projects.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


@pytest.fixture
def watched(live_server, page, project):
    """(page, base, problems): signed in as a superuser owning `acme`; problems lists CSP reports."""
    user = get_user_model().objects.create_superuser("root", "root@example.com", "correct horse battery")
    Membership.objects.create(project=project, user=user, role="owner")
    Announcement.objects.create(project=project, title="Sale", banner_color="#b45309")
    problems = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page, live_server.url, problems


def visit(page, url, problems):
    response = page.goto(url)
    assert response.status == 200, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    problems.extend(page.evaluate("window.__cspViolations"))


def test_dashboard_pages_run_their_scripts_and_styles_with_no_violation(watched):
    page, base, problems = watched
    for path in ["/", "/p/acme/install/", "/p/acme/members/", "/p/acme/announcements/", "/p/acme/changelog/new/"]:
        visit(page, base + path, problems)
    # dashboard.js ran: the user's colour reached the swatch through the CSSOM, not style="".
    visit(page, base + "/p/acme/announcements/", problems)
    color = page.locator(".swatch").first.evaluate("node => getComputedStyle(node).backgroundColor")
    assert color == "rgb(180, 83, 9)"
    assert problems == []


def test_widget_preview_admin_and_api_docs_load_with_no_violation(watched):
    page, base, problems = watched
    visit(page, base + "/p/acme/install/preview/", problems)
    page.wait_for_selector("[data-pulse-widget]", state="attached")
    for path in ["/admin/", "/admin/projects/project/", "/admin/auth/user/1/change/"]:
        visit(page, base + path, problems)
    visit(page, base + "/api/docs", problems)
    page.wait_for_selector(".opblock", timeout=10_000)  # Swagger UI rendered the operations
    assert problems == []
