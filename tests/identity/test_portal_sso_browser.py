"""The portal's SSO link in a browser (issue 22): the customer's app opens it, the visitor
lands on the page it names, signed in, and votes as the signed visitor."""

import pytest
from playwright.sync_api import expect

from projects.models import IdentityMode
from projects.services import rotate_identity_secret, set_identity_mode
from pulse.api.visitors import signed_visitor_id
from tests.widget.test_widget_visitor_browser import make_roadmap_entry

from .conftest import mint

pytestmark = pytest.mark.browser


def test_the_sso_link_signs_the_visitor_in_and_their_vote_counts_on_a_verified_only_portal(live_server, page, project):
    from roadmap.models import RoadmapVote

    secret = rotate_identity_secret(project=project)
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    entry = make_roadmap_entry(project)
    token = mint(secret, sub="customer-9", lifetime=600)

    page.goto(f"{live_server.url}/portal/acme/sso?token={token}&redirect=/portal/acme/roadmap/")

    assert page.url == f"{live_server.url}/portal/acme/roadmap/"
    up = page.get_by_role("button", name="Upvote Dark mode")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    assert list(RoadmapVote.objects.filter(entry=entry).values_list("visitor_id", flat=True)) == [
        signed_visitor_id(project, "customer-9")
    ]


def test_without_the_sso_link_a_verified_only_portal_refuses_the_vote(live_server, page, project):
    from roadmap.models import RoadmapVote

    rotate_identity_secret(project=project)
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    make_roadmap_entry(project)

    page.goto(f"{live_server.url}/portal/acme/roadmap/")
    with page.expect_response(lambda response: "/vote/" in response.url) as answer:
        page.get_by_role("button", name="Upvote Dark mode").click()

    assert answer.value.status == 401
    assert RoadmapVote.objects.count() == 0
