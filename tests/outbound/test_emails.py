"""Who gets which email through the outbox (tasks inline, eager, when the test's transaction
"commits"): team members by their preferences, feedback authors, weekly digests, locales,
invitations, "email me when this ships", and the opt-in `roadmap.vote` webhook event."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from changelog.services import create_entry
from feedback.services import add_team_message, add_visitor_message, submit_feedback
from notifications.emails import confirm_token, subscriber_from_token, unsubscribe_token
from notifications.models import EmailDelivery, EntryFollow, MemberEmailPreferences, OutboxEvent, Subscriber
from notifications.outbox import dispatch
from notifications.services import create_endpoint, send_weekly_digests, set_member_preferences, subscribe
from projects.models import Membership
from projects.services import invite_member
from roadmap.services import create_roadmap_entry, toggle_vote, update_roadmap_entry

from .receivers import WebhookReceiver

pytestmark = pytest.mark.django_db
VISITOR = "6f1c1a52-7c43-4a43-9d43-6c43e0a7b8c1"


def member(project, username, role="member", email=None):
    user = User.objects.create_user(username=username, password="x", email=email or f"{username}@team.test")
    return Membership.objects.create(project=project, user=user, role=role)


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def confirmed(project, email, **fields):
    return Subscriber.objects.create(project=project, email=email, confirmed_at=timezone.now(), **fields)


# Team emails


def test_new_feedback_emails_each_member_who_takes_it_once(project, commit):
    member(project, "alice")
    bob = member(project, "bob")
    set_member_preferences(membership=bob, new_feedback=False)
    commit(submit_feedback, project=project, visitor_id=None, title="Export to CSV")
    (email,) = mail.outbox
    assert email.to == ["alice@team.test"] and email.subject == "[Acme App] New feedback: Export to CSV"
    assert "/p/acme/feedback/" in email.body and email.alternatives[0][1] == "text/html"
    dispatch(OutboxEvent.objects.get(type="feedback.created").pk)  # a second dispatch adds nothing
    assert EmailDelivery.objects.count() == 1


def test_a_visitors_message_emails_the_members_who_take_visitor_messages(project, commit):
    member(project, "alice")
    set_member_preferences(membership=member(project, "bob"), visitor_messages=False)
    feedback = submit_feedback(project=project, visitor_id=VISITOR, title="Slow search")
    commit(add_visitor_message, feedback=feedback, visitor_id=VISITOR, message="Still slow today")
    (email,) = mail.outbox
    assert email.to == ["alice@team.test"] and "A visitor wrote on “Slow search”" in email.subject
    assert "Still slow today" in email.body


def test_an_internal_note_emails_the_members_it_mentions_but_not_its_sender(project, commit):
    alice, bob = member(project, "alice"), member(project, "bob")
    member(project, "carol")
    feedback = submit_feedback(project=project, visitor_id=VISITOR, title="SSO")
    commit(
        add_team_message,
        feedback=feedback,
        message="@Bob, can you look? cc @alice.",
        is_public=False,
        sender_id=alice.user.pk,
    )
    (email,) = mail.outbox
    assert email.to == [bob.user.email] and email.subject == "[Acme App] You were mentioned on “SSO”"
    assert "Internal note" in email.alternatives[0][0]


def test_a_team_emails_one_click_unsubscribe_turns_that_kind_off_for_the_member(project, commit):
    alice = member(project, "alice")
    commit(submit_feedback, project=project, visitor_id=None, title="One")
    (email,) = mail.outbox
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.sub(r"^http://[^/]+", "", email.extra_headers["List-Unsubscribe"].strip("<>"))
    response = Client(enforce_csrf_checks=True).post(url, "List-Unsubscribe=One-Click", content_type="text/plain")
    assert response.status_code == 200
    preferences = MemberEmailPreferences.objects.get(membership=alice)
    assert not preferences.new_feedback and preferences.mentions
    commit(submit_feedback, project=project, visitor_id=None, title="Two")
    assert len(mail.outbox) == 1


def test_a_member_chooses_their_team_emails_on_the_dashboard(client, project):
    alice = member(project, "alice")
    client.force_login(alice.user)
    page = client.get("/p/acme/email-preferences/")
    assert page.status_code == 200 and "alice@team.test" in page.content.decode()
    response = client.post("/p/acme/email-preferences/", {"mentions": "on"})
    assert response.status_code == 302
    preferences = MemberEmailPreferences.objects.get(membership=alice)
    assert (preferences.new_feedback, preferences.visitor_messages, preferences.mentions) == (False, False, True)
    html = client.get("/p/acme/email-preferences/").content.decode()
    checked = set(re.findall(r'<input type="checkbox" name="(\w+)"[^>]*checked', html))
    assert checked == {"mentions"}


# Invitations


def test_an_invitation_emails_its_link_to_the_invited_address_and_the_link_works(client, project, commit):
    invitation, raw_token = commit(invite_member, project=project, email="new@team.test", role="member")
    (email,) = mail.outbox
    assert email.to == ["new@team.test"] and "List-Unsubscribe" not in email.extra_headers
    assert f"/invitations/{raw_token}/" in email.body
    event = OutboxEvent.objects.get(type="team.invitation")
    assert raw_token not in str(event.payload)  # encrypted in the outbox row
    client.force_login(User.objects.create_user(username="newbie", password="x"))
    client.post(f"/invitations/{raw_token}/")
    assert Membership.objects.filter(project=project, user__username="newbie").exists()


def test_the_dashboard_invitation_page_says_the_link_is_emailed(client, project, django_capture_on_commit_callbacks):
    client.force_login(member(project, "owner", role="owner").user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/p/acme/members/add/", {"email": "x@team.test", "role": "member"})
    assert "Pulse is emailing this link to x@team.test" in response.content.decode()
    assert sent_to("x@team.test")


# Feedback authors (transactional)


def test_a_public_reply_is_emailed_to_the_address_given_with_the_feedback_without_confirmation(project, commit):
    feedback = commit(submit_feedback, project=project, visitor_id=None, title="Dark mode", email="Ann@Example.com")
    assert not mail.outbox  # no confirmation: the address was given for this thread
    author = Subscriber.objects.get(email="ann@example.com")
    assert author.confirmed_at is None and not author.changelog
    commit(add_team_message, feedback=feedback, message="Shipped today", is_public=True, sender_id="1")
    (email,) = mail.outbox
    assert email.to == ["ann@example.com"] and "Shipped today" in email.body
    token = re.fullmatch(r"<http://[^/]+/e/unsubscribe/([^/]+)/>", email.extra_headers["List-Unsubscribe"]).group(1)
    assert subscriber_from_token(token, purpose="unsubscribe") == author


def test_an_internal_note_is_never_emailed_to_the_author_and_unsubscribing_stops_replies(project, commit):
    feedback = submit_feedback(project=project, visitor_id=None, title="Dark mode", email="ann@example.com")
    commit(add_team_message, feedback=feedback, message="internal", is_public=False, sender_id="1")
    assert not mail.outbox
    author = Subscriber.objects.get()
    Client().post(f"/e/unsubscribe/{unsubscribe_token(author)}/")
    commit(add_team_message, feedback=feedback, message="public", is_public=True, sender_id="1")
    assert not mail.outbox


def test_an_unconfirmed_address_gets_no_changelog_email(project, commit):
    submit_feedback(project=project, visitor_id=None, title="Dark mode", email="ann@example.com")
    Subscriber.objects.update(changelog=True)
    commit(create_entry, project=project, title="2.0", published_at=timezone.now())
    assert not mail.outbox


# Digest


def test_a_weekly_subscriber_gets_one_digest_of_last_weeks_entries_instead_of_each_one(project, commit):
    weekly = confirmed(project, "weekly@example.com", digest="weekly", locale="fr")
    confirmed(project, "each@example.com")
    commit(create_entry, project=project, title="Dark mode", published_at=timezone.now())
    assert [m.to for m in mail.outbox] == [["each@example.com"]]
    mail.outbox.clear()
    next_week = timezone.now() + timedelta(days=7)
    made = commit(send_weekly_digests, now=next_week)
    assert len(made) == 1 and commit(send_weekly_digests, now=next_week) == []
    (email,) = mail.outbox
    assert email.to == [weekly.email] and email.subject == "[Acme App] Votre résumé de la semaine"
    assert (
        "New: Dark mode" in email.body and "Se désabonner" in email.body and "List-Unsubscribe" in email.extra_headers
    )
    assert '<html lang="fr">' in email.alternatives[0][0]


def test_a_week_without_news_makes_no_digest(project, commit):
    confirmed(project, "weekly@example.com", digest="weekly")
    assert commit(send_weekly_digests, now=timezone.now() + timedelta(days=7)) == []
    assert not mail.outbox


# Locales


@pytest.mark.parametrize(
    ("body", "header", "locale", "subject"),
    [
        ({}, "de-CH,de;q=0.9", "de", "Bestätigen Sie Ihr Abonnement für Acme App"),
        ({"locale": "es"}, "fr", "es", "Confirma tu suscripción a Acme App"),
        ({}, "ja", "en", "Confirm your subscription to Acme App"),
    ],
    ids=["Accept-Language", "the widget's locale wins", "unknown language: the project's default"],
)
def test_the_subscribers_locale_is_recorded_and_its_confirmation_is_in_it(
    api_client, project, django_capture_on_commit_callbacks, body, header, locale, subject
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/projects/acme/subscribe",
            {"email": "r@example.com", **body},
            format="json",
            HTTP_ACCEPT_LANGUAGE=header,
        )
    assert response.status_code == 202
    assert Subscriber.objects.get().locale == locale
    (email,) = mail.outbox
    assert email.subject == subject and email.alternatives[0][1] == "text/html"


# "Email me when this ships"


@pytest.fixture
def entry(project):
    return create_roadmap_entry(project=project, feature_name="Offline mode", published_at=timezone.now())


def test_the_api_follows_an_entry_and_its_status_change_is_emailed_once_confirmed(api_client, project, entry, commit):
    response = api_client.post(
        "/api/v1/projects/acme/subscribe",
        {"email": "f@example.com", "changelog": False, "entry_id": str(entry.pk)},
        format="json",
    )
    assert response.status_code == 202 and response.json() == {"data": {"status": "confirmation_sent"}, "error": None}
    follower = EntryFollow.objects.get(entry=entry).subscriber
    commit(update_roadmap_entry, entry=entry, feature_status="in_progress")
    assert not sent_to("f@example.com")  # not confirmed yet
    Subscriber.objects.update(confirmed_at=timezone.now())
    commit(update_roadmap_entry, entry=entry, feature_status="completed")
    (email,) = sent_to(follower.email)
    assert "Offline mode: Completed" in email.subject


def test_the_api_refuses_an_entry_that_is_not_published_with_a_404(api_client, project):
    draft = create_roadmap_entry(project=project, feature_name="Secret")
    response = api_client.post(
        "/api/v1/projects/acme/subscribe", {"email": "f@example.com", "entry_id": str(draft.pk)}, format="json"
    )
    assert response.status_code == 404 and response.json() == {"data": None, "error": "Entry not found"}
    assert not Subscriber.objects.exists()


def test_the_portal_form_subscribes_without_javascript_and_redirects(
    project, entry, django_capture_on_commit_callbacks
):
    project.portal_public = True
    project.save()
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/portal/acme/roadmap/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Email me when this ships" in page or "livré" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    url = f"/portal/acme/roadmap/{entry.pk}/subscribe/"
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            url, {"email": "p@example.com", "csrfmiddlewaretoken": token}, HTTP_ACCEPT_LANGUAGE="fr"
        )
    assert response.status_code == 303 and response["Location"] == url + "?sent=1"
    assert "confirmation link" in browser.get(response["Location"]).content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.locale == "fr" and EntryFollow.objects.filter(entry=entry, subscriber=subscriber).exists()
    (email,) = mail.outbox
    assert f"/e/confirm/{confirm_token(subscriber)}/" in email.body


def test_the_portal_form_refuses_a_post_without_its_csrf_token(project, entry):
    project.portal_public = True
    project.save()
    response = Client(enforce_csrf_checks=True).post(
        f"/portal/acme/roadmap/{entry.pk}/subscribe/", {"email": "p@example.com"}
    )
    assert response.status_code == 403 and not Subscriber.objects.exists()


def test_the_portal_form_shows_a_bad_address_next_to_the_field_with_a_400(client, project, entry):
    project.portal_public = True
    project.save()
    response = client.post(f"/portal/acme/roadmap/{entry.pk}/subscribe/", {"email": "not-an-address"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert not Subscriber.objects.exists()


# roadmap.vote


@pytest.fixture
def receiver():
    with WebhookReceiver() as running:
        yield running


def test_roadmap_vote_goes_only_to_endpoints_that_list_it(project, entry, commit, receiver, settings):
    settings.PULSE_WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    default, _ = create_endpoint(project=project, url=receiver.url)
    commit(toggle_vote, entry_id=entry.pk, project_id=project.pk, visitor_id=VISITOR, vote_type="up")
    assert not OutboxEvent.objects.filter(type="roadmap.vote").exists()  # nobody asked: not even recorded
    opted, _ = create_endpoint(project=project, url=receiver.url, event_types=["roadmap.vote"])
    commit(toggle_vote, entry_id=entry.pk, project_id=project.pk, visitor_id=VISITOR, vote_type="up")
    event = OutboxEvent.objects.get(type="roadmap.vote")
    assert event.payload == {"entry": {"id": str(entry.pk), "vote_count": 0}, "visitor_id": VISITOR, "vote_type": None}
    assert [d.endpoint_id for d in event.webhookdelivery_set.all()] == [opted.pk]
    assert not default.deliveries.exists()


def test_the_confirmation_page_lets_the_subscriber_choose_a_weekly_digest(client, project):
    subscriber = subscribe(project=project, email="r@example.com")
    page = client.get(f"/e/confirm/{confirm_token(subscriber)}/").content.decode()
    assert 'value="immediate" checked' in page and "A weekly digest" in page
    assert client.post(f"/e/confirm/{confirm_token(subscriber)}/", {"digest": "weekly"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.digest == "weekly" and subscriber.confirmed_at is not None


# The idea board's status changes (issue 21: who gave an email when voting or posting)


def test_an_ideas_status_change_emails_its_confirmed_voters_and_author_once(project, commit):
    from feedback.services import change_idea_status, submit_idea, toggle_idea_vote

    author, voter, stranger = (str(uuid.uuid4()) for _ in range(3))
    idea = submit_idea(project=project, visitor_id=author, title="Dark mode")
    toggle_idea_vote(project_id=project.pk, idea_id=idea.pk, visitor_id=voter)
    confirmed(project, "author@x.test", visitor_id=author, changelog=False)
    confirmed(project, "voter@x.test", visitor_id=voter, changelog=False)
    confirmed(project, "stranger@x.test", visitor_id=stranger, changelog=False)
    Subscriber.objects.create(project=project, email="unconfirmed@x.test", visitor_id=voter)
    mail.outbox.clear()

    commit(change_idea_status, idea=idea, status="planned")

    assert sorted(address for message in mail.outbox for address in message.to) == ["author@x.test", "voter@x.test"]
    assert "Dark mode" in mail.outbox[0].subject and "List-Unsubscribe" in mail.outbox[0].extra_headers


def test_a_promoted_ideas_voters_hear_of_the_entrys_status_by_email(project, commit):
    from feedback.services import promote_to_roadmap, submit_idea, toggle_idea_vote

    voter = str(uuid.uuid4())
    idea = submit_idea(project=project, visitor_id=uuid.uuid4(), title="Offline mode")
    toggle_idea_vote(project_id=project.pk, idea_id=idea.pk, visitor_id=voter)
    confirmed(project, "voter@x.test", visitor_id=voter, changelog=False)
    entry = commit(promote_to_roadmap, idea=idea)
    mail.outbox.clear()

    commit(update_roadmap_entry, entry=entry, feature_status="in_progress")

    assert [message.to for message in mail.outbox] == [["voter@x.test"]]
