"""The widget with a signed visitor (issue 22): `data-pulse-user-token` and
`Pulse.identify({token})` on a customer site of another origin, on a verified-only project."""

import pytest
from playwright.sync_api import expect

from projects.models import IdentityMode, VerifiedVisitor
from projects.services import rotate_identity_secret, set_identity_mode
from pulse.api.visitors import signed_visitor_id
from tests.identity.conftest import mint
from tests.widget.test_widget_visitor_browser import make_roadmap_entry

pytestmark = pytest.mark.browser


@pytest.fixture
def verified_only(project):
    secret = rotate_identity_secret(project=project)
    set_identity_mode(project=project, mode=IdentityMode.VERIFIED)
    return secret


def vote_up(page):
    page.locator("[data-pulse-widget] button.l").click()
    body = page.locator("[data-pulse-widget] #pulse-b-roadmap")
    up = body.get_by_role("button", name="Upvote: Dark mode")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")


def test_a_signed_visitor_votes_from_another_origin_as_their_derived_visitor(
    live_server, host_site, page, project, verified_only
):
    from roadmap.models import RoadmapVote

    entry = make_roadmap_entry(project)
    token = mint(verified_only, sub="customer-7", name="Grace", email="grace@example.com", lifetime=600)
    page.goto(host_site.embed(live_server, features="roadmap", **{"user-token": token}))

    vote_up(page)

    assert list(RoadmapVote.objects.filter(entry=entry).values_list("visitor_id", flat=True)) == [
        signed_visitor_id(project, "customer-7")
    ]
    assert VerifiedVisitor.objects.get(project=project).email == "grace@example.com"


def test_identify_with_a_token_signs_in_a_visitor_after_the_page_loaded(
    live_server, host_site, page, project, verified_only
):
    from roadmap.models import RoadmapVote

    make_roadmap_entry(project)
    page.goto(host_site.embed(live_server, features="roadmap"))
    page.wait_for_function("() => window.Pulse && window.Pulse.identify")
    page.evaluate("token => window.Pulse.identify({ token })", mint(verified_only, sub="customer-8", lifetime=600))

    vote_up(page)

    assert list(RoadmapVote.objects.values_list("visitor_id", flat=True)) == [signed_visitor_id(project, "customer-8")]
