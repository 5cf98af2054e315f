"""Errors where the eye is (issue 18, item 3): on every dashboard form, a refused submission
shows each error at its field AND in a summary at the top of the form that takes focus
(`data-error-summary`, `tabindex="-1"`, `autofocus`, role=alert) and links to the field.

One table of every dashboard form with an input that can be refused; a second test holds
the table complete against the templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
PAST = "2001-01-01T10:00"

# (name, role that submits, method, URL, data, id of a refused field or None for a form-wide error)
FORMS = [
    ("changelog editor: schedule in the past", "member", "post", "/p/acme/changelog/new/",
     {"title": "T", "type": "feature", "action": "schedule", "publish_at": PAST}, "id_publish_at"),
    ("changelog editor: no title", "member", "post", "/p/acme/changelog/new/",
     {"title": "", "type": "feature", "action": "save"}, "id_title"),
    ("roadmap editor", "member", "post", "/p/acme/roadmap/new/",
     {"feature_name": "", "feature_status": "planned", "milestone_number": "1"}, "id_feature_name"),
    ("announcement editor", "member", "post", "/p/acme/announcements/new/",
     {"title": "T", "type": "info", "banner_color": "red", "priority": "0"}, "id_banner_color"),
    ("feedback reply", "member", "post", "/p/acme/feedback/{feedback}/messages/",
     {"message": "", "visibility": "public"}, "id_message"),
    ("notification", "member", "post", "/p/acme/notifications/", {"user_id": "nope", "type": "general", "title": "T"},
     "id_user_id"),
    ("analytics range", "member", "get", "/p/acme/analytics/", {"start": "2024-02-10", "end": "2024-02-01"}, None),
    ("member invite", "admin", "post", "/p/acme/members/add/", {"email": "not-an-address", "role": "member"},
     "id_email"),
    ("api key", "admin", "post", "/p/acme/keys/new/", {"name": "", "scopes": [], "form_token": "{token}"}, "id_name"),
    ("project settings", "admin", "post", "/p/acme/settings/", {"name": "", "slug": "acme"}, "id_name"),
    ("project delete", "owner", "post", "/p/acme/delete/", {"confirm": "wrong"}, "id_confirm"),
    ("new project", "member", "post", "/projects/new/", {"name": "", "slug": "x"}, "id_name"),
    ("account", "member", "post", "/account/", {"time_zone": "Mars/Olympus"}, "id_time_zone"),
    ("password change", "member", "post", "/account/password/",
     {"old_password": "wrong", "new_password1": "a", "new_password2": "b"}, "id_old_password"),
]  # fmt: skip


@pytest.fixture
def feedback(project):
    from feedback.services import submit_feedback

    return submit_feedback(project=project, visitor_id=None, title="F", description="d", category="bug")


def summary_of(html):
    match = re.search(r'<div class="error-summary"([^>]*)>(.*?)</div>', html, re.S)
    assert match, "no error summary on the page"
    return match.group(1), match.group(2)


@pytest.mark.parametrize(("name", "role", "method", "url", "data", "field_id"), FORMS, ids=[f[0] for f in FORMS])
def test_a_refused_form_shows_the_error_at_the_field_and_in_a_focused_summary(
    login, team, feedback, name, role, method, url, data, field_id
):
    client = login(team[role])
    if data.get("form_token") == "{token}":  # the key form's one-time token, from its page
        page = client.get(url).content.decode()
        data = {**data, "form_token": re.search(r'name="form_token" value="([^"]+)"', page).group(1)}
    response = getattr(client, method)(url.format(feedback=feedback.pk), data)
    assert response.status_code == 200, name
    html = response.content.decode()
    attributes, summary = summary_of(html)
    assert "data-error-summary" in attributes and 'tabindex="-1"' in attributes and "autofocus" in attributes
    assert 'role="alert"' in attributes
    if field_id:
        # At the top of the form: before the field, wherever the field sits on the page.
        assert html.index("error-summary") < html.index(f'id="{field_id}"')
        assert f'href="#{field_id}"' in summary
        marked = rf'<div class="field[^"]*has-error[^"]*">(?:(?!<div class="field).)*id="{field_id}"'
        field = re.search(marked, html, re.S)
        assert field, f"{field_id} is not marked in error"
        assert 'class="errorlist' in field.group(0)


def test_the_login_form_puts_a_wrong_password_in_the_summary(client, team):
    html = client.post("/login/", {"username": "member", "password": "nope"}).content.decode()
    _, summary = summary_of(html)
    assert "correct username and password" in summary


def test_every_template_with_fields_renders_the_summary():
    """The kind, not the examples: a template rendering a form's fields goes through
    `_form_fields.html` or `_error_summary.html` (which owns the summary)."""
    missing = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text()
        renders_fields = "as_field_group" in text or "{{ field }}" in text
        if renders_fields and path.name != "_form_fields.html" and "_error_summary.html" not in text:
            missing.append(path.name)
    assert missing == []
