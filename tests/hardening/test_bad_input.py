"""Issue 15: bad input never breaks an output. Each kind of fault, on the real endpoints."""

import types
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DataError, connection
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analytics.models import Event, EventDailyCount
from changelog.models import ChangelogEntry
from changelog.services import create_entry
from feedback.models import Feedback
from notifications.models import Notification
from projects.models import Membership
from pulse.api.exceptions import api_error
from pulse.text import (
    UNSTORABLE,
    clean_stored_text,
    has_visible_text,
    text_fields,
    text_models,
    validate_storable_text,
)
from roadmap.models import MAX_SORT_ORDER, RoadmapEntry
from tests.helpers import bearer

pytestmark = pytest.mark.django_db

FEED = "/api/v1/projects/acme/changelog.rss"
REFUSED = [chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20)]] + ["\ufffe", "\uffff", "\ud800", "\udfff"]


@pytest.fixture
def key(project, make_key):
    return make_key(project)


def post(client, path, body, key):
    return client.post(path, body, content_type="application/json", **bearer(key))


def error(response):
    return response.status_code, response.json().get("error") or response.json().get("message")


def feed_items(client):
    response = client.get(FEED)
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed XML 1.0, or this raises
    return [item.findtext("title") for item in root.iter("item")]


# 1. Text that every output can carry


def test_every_text_field_of_pulses_models_carries_the_core_validator():
    fields = [(model, field) for model in text_models() for field in text_fields(model)]
    assert len(fields) > 30
    missing = [
        f"{model.__name__}.{field.name}" for model, field in fields if validate_storable_text not in field.validators
    ]
    assert missing == []


def test_the_rule_refuses_exactly_controls_noncharacters_and_surrogates():
    refused = {chr(c) for c in range(0x10000) if UNSTORABLE.search(chr(c))}
    assert refused == set(REFUSED) - {"\ud800"} | {chr(c) for c in range(0xD800, 0xE000)}
    assert not UNSTORABLE.search("tab\there\nnew line\r\u007f\u0085 é 日本 😀")


def test_admin_changelog_title_with_a_vertical_tab_is_400_and_the_feed_stays_up(client, key):
    response = post(client, "/api/v1/admin/changelog", {"title": "Faster sync\u000b now", "version": "2.5.0"}, key)
    assert error(response) == (400, "title: Contains a character that cannot be stored: U+000B at position 11.")
    assert not ChangelogEntry.objects.exists()
    assert feed_items(client) == []


def test_admin_changelog_content_with_a_control_character_is_400(client, key):
    response = post(client, "/api/v1/admin/changelog", {"title": "t", "content": "<p>a\u0001</p>"}, key)
    assert error(response) == (400, "content: Contains a character that cannot be stored: U+0001 at position 4.")
    response = post(client, "/api/v1/admin/changelog", {"title": "t", "content_markdown": "**a**\u0001"}, key)
    assert error(response)[0] == 400 and error(response)[1].startswith("content_markdown: Contains a character")
    assert not ChangelogEntry.objects.exists()


@pytest.mark.parametrize("metadata", [{"a": "x\u0000"}, {"a\u0001": 1}, {"a": ["\ufffe"]}, {"a": {"b": "\u001f"}}])
def test_admin_notification_metadata_with_unstorable_text_is_400_not_500(client, key, visitor_id, metadata):
    body = {"user_id": visitor_id, "title": "Hi", "metadata": metadata}
    status, message = error(post(client, "/api/v1/admin/notifications", body, key))
    assert (status, message.split(":")[0]) == (400, "metadata")
    assert not Notification.objects.exists()


# Every write endpoint and each of its text fields: the same 400 naming the field.
WRITES = [
    ("/api/v1/admin/changelog", {"title": "t"}, ["title", "version", "summary", "category", "content"]),
    ("/api/v1/admin/roadmap", {"feature_name": "f"}, ["feature_name", "milestone_name", "category"]),
    ("/api/v1/admin/roadmap", {"feature_name": "f"}, ["user_friendly_description"]),
    ("/api/v1/admin/announcements", {"title": "t"}, ["title", "message"]),
    ("/api/v1/admin/notifications", {"title": "t"}, ["title", "message", "link"]),
]


@pytest.mark.parametrize(("path", "base", "names"), WRITES)
@pytest.mark.parametrize("bad", ["\u000b", "\u0000", "\ufffe"])
def test_every_admin_text_field_refuses_unstorable_text_naming_it(client, key, visitor_id, path, base, names, bad):
    for name in names:
        body = {**base, name: f"/a{bad}b" if name == "link" else f"a{bad}b"}
        if "notifications" in path:
            body["user_id"] = visitor_id
        status, message = error(post(client, path, body, key))
        assert status == 400, (name, message)
        assert message.startswith(f"{name}: "), message


def test_roadmap_tags_with_unstorable_text_are_400(client, key):
    response = post(client, "/api/v1/admin/roadmap", {"feature_name": "f", "tags": ["ok", "b\u0002d"]}, key)
    assert error(response)[0] == 400 and error(response)[1].startswith("tags")
    assert not RoadmapEntry.objects.exists()


def test_public_feedback_and_messages_refuse_unstorable_text(client, project, visitor_id):
    headers = {"HTTP_X_PULSE_USER_ID": visitor_id}
    url = "/api/v1/projects/acme/feedback"
    for body in (
        {"title": "a\u0007"},
        {"title": "t", "description": "\u001b[31m"},
        {"title": "t", "browser_info": {"\u0001": 1}},
    ):
        response = client.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 400, body
    assert not Feedback.objects.exists()


def test_events_refuse_unstorable_text_in_names_and_properties(client, project, make_key):
    key = make_key(project, "analytics:write")
    for body in (
        {"name": "a\u000bb"},
        {"name": "a", "properties": {"k": "\u0001"}},
        {"name": "a", "properties": {"\ufffe": 1}},
    ):
        assert post(client, "/api/v1/pulse/events", body, key).status_code == 400, body
    assert not Event.objects.exists()


def _dashboard_client(client, project):
    user = get_user_model().objects.create_user("owner15", "o15@example.com", "x")
    Membership.objects.create(project=project, user=user, role="owner")
    client.force_login(user)
    return client


def test_dashboard_forms_show_the_rule_as_a_field_error(client, project):
    client = _dashboard_client(client, project)
    response = client.post(
        "/p/acme/changelog/new/", {"title": "Faster\u000b sync", "type": "feature", "action": "save"}
    )
    assert response.status_code == 200
    assert "Contains a character that cannot be stored: U+000B" in response.content.decode()
    assert not ChangelogEntry.objects.exists()
    response = client.post(
        "/p/acme/notifications/",
        {"user_id": "3f1c2a4e-3b7d-4e8f-9a01-2c3d4e5f6a7b", "type": "general", "title": "a\u0001"},
    )
    assert response.status_code == 200 and "cannot be stored" in response.content.decode()
    assert not Notification.objects.exists()


def test_management_command_refuses_unstorable_key_names(project):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="name: Contains a character that cannot be stored"):
        call_command("createapikey", "acme", "--name", "ci\u0007", "--scopes", "read")


@pytest.mark.parametrize("bad", ["\u000b", "\u0001", "\ufffe", "\uffff"])
def test_the_feed_renders_a_row_stored_before_the_rule(client, project, bad):
    entry = create_entry(project=project, title="ok", published_at=timezone.now() - timedelta(minutes=1))
    ChangelogEntry.objects.filter(pk=entry.pk).update(
        title=f"Faster{bad} sync", category=f"c{bad}", summary=f"s{bad}", content=f"<p>x{bad}</p>", version=f"2{bad}"
    )
    assert feed_items(client) == [f"2{'' if bad < ' ' else chr(0xFFFD)} Faster{'' if bad < ' ' else chr(0xFFFD)} sync"]
    atom = client.get("/api/v1/projects/acme/changelog.atom")
    assert atom.status_code == 200
    ElementTree.fromstring(atom.content)  # well-formed XML: the Atom writer cleans too
    assert client.get("/api/v1/projects/acme/changelog").status_code == 200


def test_the_data_migration_cleans_rows_stored_before_the_rule(project, visitor_id):
    entry = create_entry(project=project, title="ok")
    ChangelogEntry.objects.filter(pk=entry.pk).update(title="a\u000bb\ufffe", summary="fine")
    notification = Notification.objects.create(
        project=project, user_id=visitor_id, title="t", metadata={"k\u0001": "v\u0002"}
    )
    Notification.objects.filter(pk=notification.pk).update(metadata={"k\u0001": ["v\u0002", 1]})
    editor = types.SimpleNamespace(connection=connection)  # all the RunPython function reads
    for label in ("changelog", "notifications"):
        clean_stored_text(label)(apps, editor)
    entry.refresh_from_db()
    notification.refresh_from_db()
    assert (entry.title, entry.summary) == ("ab\ufffd", "fine")
    assert notification.metadata == {"k": ["v", 1]}


# Property: any text a write endpoint accepts renders in the RSS feed and the dashboard.


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(min_size=1, max_size=60), category=st.text(max_size=20), markdown=st.text(max_size=80))
@example(title="0\r0", category="", markdown="")
def test_any_text_the_api_accepts_renders_in_the_feed_and_the_dashboard(
    client, project, key, title, category, markdown
):
    ChangelogEntry.objects.all().delete()
    body = {"title": title, "category": category, "content_markdown": markdown, "published_at": "2026-01-01T00:00:00Z"}
    response = post(client, "/api/v1/admin/changelog", body, key)
    if response.status_code != 201:
        assert response.status_code == 400
        assert not ChangelogEntry.objects.exists()
        return
    stored = ChangelogEntry.objects.get()
    assert feed_items(client) == [stored.title]
    user = get_user_model().objects.filter(username="owner15").first()
    if user is None:
        _dashboard_client(client, project)
    else:
        client.force_login(user)
    page = client.get("/p/acme/changelog/")
    assert page.status_code == 200
    client.logout()


# 2. Bounds come from the columns


def test_public_feedback_email_longer_than_the_column_is_400(client, project):
    email = "a" * 243 + "@example.com"
    response = client.post(
        "/api/v1/projects/acme/feedback", {"title": "t", "email": email}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "email: Ensure this field has no more than 254 characters."
    assert not Feedback.objects.exists()


def test_a_data_error_reaching_the_core_is_a_400_naming_the_reason():
    status, message, _ = api_error(DataError("value too long for type character varying(254)\n"))
    assert status == 400
    assert (
        message == "A value is too long or out of range for its field (value too long for type character varying(254))"
    )


# 3. Event clocks


@pytest.mark.parametrize("sent", ["1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "+2d"])
def test_an_insane_client_clock_is_replaced_by_the_receive_time_and_kept(client, project, make_key, sent):
    if sent == "+2d":
        sent = (timezone.now() + timedelta(days=2)).isoformat()
    key = make_key(project, "analytics:write")
    events = [{"name": "sane"}, {"name": "skewed", "timestamp": sent, "properties": {"k": 1}}]
    response = post(client, "/api/v1/pulse/events/batch", {"events": events}, key)
    assert response.status_code == 201
    skewed = Event.objects.get(name="skewed")
    assert skewed.timestamp == skewed.received_at
    assert skewed.properties == {"k": 1, "$client_timestamp": sent}
    today = skewed.received_at.date()
    assert EventDailyCount.objects.get(name="skewed").day == today
    top = client.get(
        "/api/v1/pulse/reports/top-events", {"from": today.isoformat()}, **bearer(make_key(project, "analytics:read"))
    )
    assert {"name": "skewed", "count": 1} in top.json()["data"]


def test_a_clock_within_the_bounds_is_believed(client, project, make_key):
    sent = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    response = post(
        client,
        "/api/v1/pulse/events",
        {"name": "a", "timestamp": sent.isoformat()},
        make_key(project, "analytics:write"),
    )
    assert response.status_code == 201
    assert Event.objects.get().timestamp == sent
    assert "$client_timestamp" not in Event.objects.get().properties


# 4. Links that point where they say


@pytest.mark.parametrize(
    "link",
    ["//evil.example/x", "/\\evil.example/x", "https:\\\\evil.example", "/\t/evil.example", "javascript:alert(1)",
     "https:evil.example", "data:text/html,x", "/ok\\..", "http://"],
)  # fmt: skip
def test_notification_links_that_leave_for_another_site_are_400(client, key, visitor_id, link):
    body = {"user_id": visitor_id, "title": "t", "link": link}
    status, message = error(post(client, "/api/v1/admin/notifications", body, key))
    assert status == 400 and message.startswith("link: ")
    assert not Notification.objects.exists()


@pytest.mark.parametrize("link", ["/roadmap#abc", "/", "https://example.com/a?b=c", "HTTP://intranet/x", ""])
def test_notification_site_paths_and_http_urls_are_accepted(client, key, visitor_id, link):
    body = {"user_id": visitor_id, "title": "t", "link": link}
    assert post(client, "/api/v1/admin/notifications", body, key).status_code == 201


@pytest.mark.parametrize("url", ["//evil.example/x", "https:\\\\evil.example/", "https://ok.example/\\evil"])
def test_page_url_refuses_the_same_tricks(client, project, url):
    response = client.post(
        "/api/v1/projects/acme/feedback", {"title": "t", "page_url": url}, content_type="application/json"
    )
    assert response.status_code == 400


def test_markdown_links_keep_only_http_and_mailto_targets(client, key):
    markdown = "[a](//evil.example/x) [b](/\\evil.example) [c](https://ok.example/) [d](mailto:x@ok.example)"
    response = post(client, "/api/v1/admin/changelog", {"title": "t", "content_markdown": markdown}, key)
    content = response.json()["data"]["content"]
    assert "evil" not in content.replace(">a<", "").replace(">b<", "") or 'href="//' not in content
    assert 'href="//' not in content and "\\" not in content
    assert 'href="https://ok.example/"' in content and 'href="mailto:x@ok.example"' in content


# 5. Derived values at their edges


def test_next_sort_order_renumbers_the_milestone_instead_of_passing_the_bound(client, key, project):
    assert post(client, "/api/v1/admin/roadmap", {"feature_name": "z", "sort_order": -5}, key).status_code == 201
    assert (
        post(client, "/api/v1/admin/roadmap", {"feature_name": "a", "sort_order": MAX_SORT_ORDER}, key).status_code
        == 201
    )
    response = post(client, "/api/v1/admin/roadmap", {"feature_name": "b"}, key)
    assert response.status_code == 201
    ordered = list(RoadmapEntry.objects.order_by("sort_order").values_list("feature_name", "sort_order"))
    assert ordered == [("z", 1), ("a", 2), ("b", 3)]


def test_the_dashboard_new_item_form_saves_after_a_maximal_sort_order(client, key, project):
    post(client, "/api/v1/admin/roadmap", {"feature_name": "a", "sort_order": MAX_SORT_ORDER}, key)
    client = _dashboard_client(client, project)
    response = client.post(
        "/p/acme/roadmap/new/", {"feature_name": "b", "milestone_number": 1, "feature_status": "planned"}
    )
    assert response.status_code == 302
    assert RoadmapEntry.objects.get(feature_name="b").sort_order == 2


# 6. The schema says what the server accepts (schemathesis' negative_data_rejection findings)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/admin/announcements", {"is_active": "null"}),
        ("/api/v1/admin/announcements", {"is_active": "1"}),
        ("/api/v1/admin/roadmap", {"status": ""}),
        ("/api/v1/pulse/events", {"to": ""}),
        ("/api/v1/pulse/reports/top-events", {"from": ""}),
    ],
)
def test_query_values_the_schema_forbids_are_400(client, project, make_key, path, query):
    assert (
        client.get(
            path, query, **bearer(make_key(project, ",".join(["announcements:read", "roadmap:read", "analytics:read"])))
        ).status_code
        == 400
    )


@pytest.mark.parametrize("path", ["/api/v1/admin/roadmap", "/api/v1/admin/announcements", "/api/v1/admin/changelog"])
def test_booleans_are_json_booleans_on_every_admin_write(client, key, path):
    body = {"feature_name": "f", "title": "t", "is_highlight": 0, "is_dismissible": 0}
    body = {
        name: value
        for name, value in body.items()
        if name
        in {
            "roadmap": ("feature_name", "is_highlight"),
            "announcements": ("title", "is_dismissible"),
            "changelog": ("title", "is_highlight"),
        }[path.rsplit("/", 1)[1]]
    }
    status, message = error(post(client, path, body, key))
    assert (status, message.split(":")[1].strip()) == (400, "Must be true or false.")


def test_an_empty_page_url_is_accepted_and_documented(client, project):
    from drf_spectacular.generators import SchemaGenerator

    response = client.post(
        "/api/v1/projects/acme/feedback", {"title": "t", "page_url": ""}, content_type="application/json"
    )
    assert response.status_code == 201
    schema = SchemaGenerator().get_schema(request=None, public=True)
    import re

    pattern = schema["components"]["schemas"]["FeedbackSubmitRequest"]["properties"]["page_url"]["pattern"]
    assert re.search(pattern, "") and re.search(pattern, "https://ok.example/a")
    assert not any(re.search(pattern, url) for url in ["//evil.example", "https:\\\\evil", "https://a b", "ftp://x"])


def test_mark_read_with_json_that_is_not_an_object_is_400_but_invalid_json_still_marks_all(client, project, visitor_id):
    Notification.objects.create(project=project, user_id=visitor_id, title="t")
    url = "/api/v1/projects/acme/notifications/read"
    headers = {"HTTP_X_PULSE_USER_ID": visitor_id}
    assert client.post(url, "[null, null]", content_type="application/json", **headers).status_code == 400
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert client.post(url, "{not json", content_type="application/json", **headers).status_code == 200  # the seed's
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_a_row_deleted_while_a_service_reads_it_is_a_404_not_a_500():
    status, message, _ = api_error(RoadmapEntry.DoesNotExist("RoadmapEntry matching query does not exist."))
    assert (status, message) == (404, "Not found")


def test_django_admin_refuses_unstorable_text_in_an_account(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-not-checked-here")
    client.force_login(admin)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "mallory", "password1": "a long passphrase 123", "password2": "a long passphrase 123"},
    )
    user = get_user_model().objects.get(username="mallory")
    response = client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {
            "username": "mallory",
            "first_name": "Mal\u000blory",
            "last_name": "",
            "email": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the field's error
    assert "Contains a character that cannot be stored" in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).first_name == ""


# 1b. A required text must show something (pulse/text.py, RequiredVisibleTextValidator)

INVISIBLE = ["\u200b", "\u200b\u202e\u200d", " \u2060\ufeff ", "\u3164", "\u0301\u0301", "\u2800\u00a0"]
REQUIRED_TEXT_WRITES = [
    ("/api/v1/admin/changelog", {}, "title"),
    ("/api/v1/admin/roadmap", {}, "feature_name"),
    ("/api/v1/admin/announcements", {}, "title"),
    ("/api/v1/admin/notifications", {}, "title"),
    ("/api/v1/projects/acme/feedback", {}, "title"),
    ("/api/v1/projects/acme/ideas", {}, "title"),
]


@pytest.mark.parametrize(("path", "base", "name"), REQUIRED_TEXT_WRITES, ids=lambda value: str(value))
@pytest.mark.parametrize("blank", INVISIBLE, ids=ascii)
def test_a_required_text_of_only_invisible_characters_is_400_and_writes_nothing(
    client, key, visitor_id, path, base, name, blank
):
    body = {**base, name: blank}
    if "notifications" in path:
        body["user_id"] = visitor_id
    counts = [model.objects.count() for model in text_models()]
    response = client.post(path, body, content_type="application/json", HTTP_X_PULSE_USER_ID=visitor_id, **bearer(key))
    status, message = error(response)
    assert status == 400, message
    assert name in message
    assert [model.objects.count() for model in text_models()] == counts


@pytest.mark.parametrize("shown", ["a", "\u200bDark mode", "日本", "\u00e9", "e\u0301", "🙂", "0"])
def test_text_with_a_visible_character_passes_the_rule(shown):
    assert has_visible_text(shown)


def test_an_idea_comment_of_only_invisible_characters_is_400(client, project, visitor_id):
    from feedback.services import submit_idea

    idea = submit_idea(project=project, visitor_id=uuid.uuid4(), title="Dark mode")
    response = client.post(
        f"/api/v1/projects/acme/ideas/{idea.pk}/comments",
        {"body": "\u200b\u200b"},
        content_type="application/json",
        HTTP_X_PULSE_USER_ID=visitor_id,
    )
    assert error(response)[0] == 400
    assert not idea.comments.exists()
