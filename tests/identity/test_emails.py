"""A signed visitor's verified email gets the team's public replies to their feedback without
a second opt-in (issue 22), still with one-click unsubscribe; unsigned visitors do not."""

import pytest
from django.core import mail

from feedback.services import add_team_message, submit_feedback
from notifications.models import Subscriber
from projects.services import record_verified_visitor
from pulse.api.visitors import signed_visitor_id


@pytest.fixture
def verified_author(project, secret):
    visitor_id = signed_visitor_id(project, "user-42")
    record_verified_visitor(project_id=project.id, visitor_id=visitor_id, sub="user-42", email="Ada@Example.com")
    return visitor_id


def reply(project, author, capture, is_public=True):
    feedback = submit_feedback(project=project, visitor_id=author, title="Export to CSV")
    mail.outbox.clear()
    with capture(execute=True):
        add_team_message(feedback=feedback, message="Shipped!", is_public=is_public, sender_id="1")


def test_a_public_reply_is_emailed_to_the_verified_address_with_one_click_unsubscribe(
    project, verified_author, django_capture_on_commit_callbacks
):
    reply(project, verified_author, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "List-Unsubscribe" in message.extra_headers
    subscriber = Subscriber.objects.get()  # the author's address: transactional mail only
    assert (subscriber.visitor_id, subscriber.changelog) == (verified_author, False)


def test_the_verified_email_becomes_the_feedbacks_address_for_the_team(project, verified_author):
    feedback = submit_feedback(project=project, visitor_id=verified_author, title="Export to CSV")
    assert feedback.email == "Ada@Example.com"


def test_an_email_the_visitor_typed_wins_over_the_verified_one(project, verified_author):
    feedback = submit_feedback(project=project, visitor_id=verified_author, title="Export", email="ada@work.example")
    assert feedback.email == "ada@work.example"


def test_an_internal_note_is_not_emailed(project, verified_author, django_capture_on_commit_callbacks):
    reply(project, verified_author, django_capture_on_commit_callbacks, is_public=False)

    assert mail.outbox == []
    assert not Subscriber.objects.filter(changelog=True).exists()  # the author's address only


def test_an_address_that_unsubscribed_stays_unsubscribed(project, verified_author, django_capture_on_commit_callbacks):
    from django.utils import timezone

    Subscriber.objects.create(project=project, email="ada@example.com", unsubscribed_at=timezone.now())

    reply(project, verified_author, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_an_unsigned_visitors_feedback_gets_no_email_without_a_subscription(
    project, visitor_id, django_capture_on_commit_callbacks
):
    reply(project, visitor_id, django_capture_on_commit_callbacks)

    assert mail.outbox == []


def test_a_project_without_an_identity_secret_looks_up_no_verified_email(project, visitor_id):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        submit_feedback(project=project, visitor_id=visitor_id, title="Export to CSV")
    assert not [query for query in queries if "verifiedvisitor" in query["sql"]]
