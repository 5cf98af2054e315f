"""The demo project shows a verified visitor's feedback in the inbox (issue 22)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from projects.models import VerifiedVisitor

pytestmark = pytest.mark.django_db


def test_the_demo_inbox_shows_a_verified_visitors_feedback_marked_verified(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(username="demo"))

    page = client.get("/p/demo/feedback/").content.decode()

    assert "Invite a whole team at once" in page
    assert "Maya Patel" in page and "maya@northwind.example" in page
    assert 'class="badge badge-verified"' in page
    assert 'class="badge badge-unverified"' in page


def test_seeding_the_demo_twice_keeps_one_verified_visitor(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())

    assert VerifiedVisitor.objects.count() == 1
