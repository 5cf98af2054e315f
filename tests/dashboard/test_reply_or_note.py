"""Safe by default (issue 18, item 4): a public reply and an internal note are two distinct
actions; nothing is preselected, so a note cannot go to the visitor by a reset default; the
page says who sees each before sending, and says where the visitor sees the priority."""

import re
import uuid

import pytest

from feedback.models import FeedbackMessage
from feedback.services import submit_feedback
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(project):
    return submit_feedback(project=project, visitor_id=uuid.uuid4(), title="Crash", description="d", category="bug")


def test_the_thread_offers_two_labelled_actions_and_no_preselected_visibility(login, team, feedback):
    html = login(team["member"]).get(f"/p/acme/feedback/{feedback.pk}/").content.decode()
    buttons = re.findall(r'<button type="submit" name="visibility" value="(\w+)"[^>]*>([^<]+)</button>', html)
    assert buttons == [("public", "Reply to the visitor"), ("internal", "Add internal note")]
    assert 'type="radio"' not in html and "checked" not in html.split("message-form")[1].split("</form>")[0]
    assert "the visitor sees it in the widget and is notified" in html
    assert "Team only: never shown to the visitor." in html


@pytest.mark.parametrize(("visibility", "public", "notified"), [("public", True, 1), ("internal", False, 0)])
def test_each_button_stores_what_it_says(login, team, feedback, visibility, public, notified):
    login(team["member"]).post(f"/p/acme/feedback/{feedback.pk}/messages/", {"message": "m", "visibility": visibility})
    assert FeedbackMessage.objects.get().is_public is public
    assert Notification.objects.count() == notified


@pytest.mark.parametrize("visibility", [None, "", "both", "PUBLIC"])
def test_a_message_without_a_chosen_action_is_refused_and_sent_to_nobody(login, team, feedback, visibility):
    data = {"message": "secret note"} | ({} if visibility is None else {"visibility": visibility})
    response = login(team["member"]).post(f"/p/acme/feedback/{feedback.pk}/messages/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html and ("Choose “Reply to the visitor” or “Add internal note”." in html
                                        or "Select a valid choice" in html)  # fmt: skip
    assert not FeedbackMessage.objects.exists() and not Notification.objects.exists()
    assert "secret note" in html  # the text typed is kept for the second try


def test_the_triage_form_says_the_visitor_sees_the_priority(login, team, feedback, client):
    html = login(team["member"]).get(f"/p/acme/feedback/{feedback.pk}/").content.decode()
    assert "The visitor sees this priority in their list of feedback" in html
    # ... which is true: the seed's visitor list carries it.
    response = client.get("/api/v1/projects/acme/feedback", HTTP_X_PULSE_USER_ID=str(feedback.user_id))
    assert response.json()["data"][0]["priority"] == feedback.priority
