"""The widget's "email me when this ships" (issue 21): the public subscribe endpoint from a
roadmap entry, in the widget's locale, double opt-in. Chromium, host page on another origin."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from notifications.models import EntryFollow, Subscriber
from tests.widget.test_widget_visitor_browser import make_roadmap_entry

pytestmark = pytest.mark.browser


def test_email_me_when_this_ships_subscribes_in_the_widgets_locale(live_server, host_site, page, project, widget):
    entry = make_roadmap_entry(project, name="Offline mode")
    shipped = make_roadmap_entry(project, name="Old thing")
    type(shipped).objects.filter(pk=shipped.pk).update(feature_status="completed")
    page.goto(host_site.embed(live_server, features="roadmap", locale="fr"))
    widget.launcher.click()
    body = widget.body("roadmap")
    item = body.locator(f'article[data-id="{entry.pk}"]')
    item.get_by_text("Prévenez-moi quand ce sera livré").click()
    item.get_by_label("Votre e-mail").fill("fan@example.com")
    item.get_by_role("button", name="Me prévenir").click()
    expect(item.locator(".msg.ok")).to_contain_text("Presque fini")
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.locale, subscriber.changelog) == ("fan@example.com", "fr", False)
    assert subscriber.confirmed_at is None and EntryFollow.objects.filter(entry=entry).count() == 1
    (email,) = mail.outbox
    assert email.subject == "Confirmez votre abonnement à Acme App"
    completed = body.locator("article", has_text="Old thing")
    assert completed.get_by_text("Prévenez-moi quand ce sera livré").count() == 0  # shipped: nothing to wait for


def test_completed_and_cancelled_entries_offer_no_vote(live_server, host_site, page, project, visitor_id, widget):
    open_entry = make_roadmap_entry(project, name="Offline mode")
    for name, status in (("Old thing", "completed"), ("Dropped thing", "cancelled")):
        entry = make_roadmap_entry(project, name=name)
        type(entry).objects.filter(pk=entry.pk).update(feature_status=status)
    page.goto(host_site.embed(live_server, user=visitor_id, features="roadmap"))
    widget.launcher.click()
    body = widget.body("roadmap")
    expect(body.get_by_role("button", name="Upvote: Offline mode")).to_be_enabled()
    for name in ("Old thing", "Dropped thing"):
        expect(body.get_by_role("button", name=f"Upvote: {name}")).to_be_disabled()
        expect(body.get_by_role("button", name=f"Downvote: {name}")).to_be_disabled()
    assert open_entry.votes.count() == 0
