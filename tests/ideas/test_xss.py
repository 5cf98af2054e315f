"""Stored XSS on the board's API: hostile HTML in an idea's title, description, name and
comments comes back as JSON text (never sniffed as HTML), and a comment's rendered HTML has
nothing a browser would run."""

import json

from tests.hardening.test_stored_xss import HOSTILE, executable
from tests.helpers import bearer, visitor

BASE = "/api/v1/projects/acme/ideas"


def test_hostile_html_on_the_board_comes_back_inert(api_client, project, make_key, visitor_id):
    created = api_client.post(
        BASE,
        {"title": HOSTILE[:200], "description": HOSTILE, "display_name": HOSTILE[:60]},
        format="json",
        **visitor(visitor_id),
    )
    assert created.status_code == 201
    idea_id = created.json()["data"]["id"]
    comment = api_client.post(f"{BASE}/{idea_id}/comments", {"body": HOSTILE}, format="json", **visitor(visitor_id))
    assert comment.status_code == 201
    team = api_client.post(
        f"/api/v1/admin/ideas/{idea_id}/comments",
        json.dumps({"body": HOSTILE, "parent_id": comment.json()["data"]["id"]}),
        content_type="application/json",
        **bearer(make_key(project, "feedback:write")),
    )
    assert team.status_code == 201
    for path in ("", "?sort=new", f"/{idea_id}", f"/{idea_id}/comments"):
        response = api_client.get(BASE + path)
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert HOSTILE[:40] in json.dumps(response.json())  # text for textContent, not markup
    [thread] = api_client.get(f"{BASE}/{idea_id}/comments").json()["data"]
    for rendered in (thread["body_html"], thread["replies"][0]["body_html"], team.json()["data"]["body_html"]):
        assert rendered and executable(rendered) == [], rendered
