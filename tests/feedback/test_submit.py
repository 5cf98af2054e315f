"""POST /feedback: defaults and coercions of the reference, bounds, errors, rate limit."""

import json
import uuid

import pytest

from feedback.models import Feedback
from feedback.serializers import FeedbackSubmitSerializer
from tests.helpers import visitor

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects/acme/feedback"


def submit(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def assert_refused(response, message):
    assert response.status_code == 400
    assert response.json() == {"data": None, "error": message}
    assert not Feedback.objects.exists()


def test_submit_returns_201_with_id_and_stores_every_field(client, project, visitor_id):
    body = {
        "title": "Button not working on mobile",
        "description": "Tapping Save does nothing.",
        "category": "bug",
        "email": "ana@example.com",
        "page_url": "https://app.example.com/settings?tab=1",
        "browser_info": {"userAgent": "Mozilla/5.0", "language": "en-US", "screen": {"width": 390}},
    }
    response = submit(client, body, **visitor(visitor_id))
    assert response.status_code == 201
    data = response.json()
    assert data["error"] is None and set(data["data"]) == {"id"}
    feedback = Feedback.objects.get(pk=data["data"]["id"])
    assert feedback.project_id == project.id
    assert str(feedback.user_id) == visitor_id
    assert (feedback.title, feedback.description, feedback.email) == (
        body["title"],
        body["description"],
        body["email"],
    )
    assert feedback.page_url == body["page_url"]
    assert feedback.browser_info == body["browser_info"]
    assert (feedback.category, feedback.status, feedback.priority) == ("bug", "new", "medium")


def test_submit_without_visitor_header_stores_anonymous_feedback(client, project):
    response = submit(client, {"title": "Anonymous idea"})
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert feedback.user_id is None
    assert (feedback.description, feedback.email, feedback.page_url, feedback.browser_info) == ("", "", "", {})


def test_submit_with_malformed_visitor_header_is_400(client, project):
    assert_refused(
        submit(client, {"title": "x"}, HTTP_X_PULSE_USER_ID="not-a-uuid"), "x-pulse-user-id must be a valid UUID"
    )


def test_missing_category_defaults_to_general_with_low_priority(client, project):
    submit(client, {"title": "Hello"})
    assert Feedback.objects.values_list("category", "priority", "status").get() == ("general", "low", "new")


def test_feature_gets_low_priority(client, project):
    submit(client, {"title": "Idea", "category": "feature"})
    assert Feedback.objects.values_list("category", "priority").get() == ("feature", "low")


@pytest.mark.parametrize("category", ["crash", "BUG", "", 42, None, ["bug"], {"x": 1}, True])
def test_unknown_category_is_coerced_to_general(client, project, category):
    response = submit(client, {"title": "Something", "category": category})
    assert response.status_code == 201
    assert Feedback.objects.values_list("category", "priority").get() == ("general", "low")


def test_status_priority_and_user_id_in_body_are_ignored(client, project, visitor_id):
    other = str(uuid.uuid4())
    body = {"title": "Sneaky", "category": "feature", "status": "done", "priority": "urgent", "user_id": other}
    submit(client, body, **visitor(visitor_id))
    feedback = Feedback.objects.get()
    assert (feedback.status, feedback.priority, str(feedback.user_id)) == ("new", "low", visitor_id)


def test_null_optional_fields_are_stored_empty(client, project):
    body = {"title": "T", "description": None, "email": None, "page_url": None, "browser_info": None}
    assert submit(client, body).status_code == 201
    feedback = Feedback.objects.get()
    assert (feedback.description, feedback.email, feedback.page_url, feedback.browser_info) == ("", "", "", {})


def test_title_is_trimmed(client, project):
    submit(client, {"title": "  Padded  "})
    assert Feedback.objects.get().title == "Padded"


# The reference's error table: 400 invalid JSON body or missing title, 404, 429.


def test_invalid_json_body_is_400(client, project):
    response = client.post(URL, "{not json", content_type="application/json")
    assert_refused(response, "Invalid JSON body")


def test_missing_title_is_400(client, project):
    assert_refused(submit(client, {"description": "no title"}), "title: This field is required.")


def test_blank_title_is_400(client, project):
    assert_refused(submit(client, {"title": "   "}), "title: This field may not be blank.")


def test_null_title_is_400(client, project):
    assert_refused(submit(client, {"title": None}), "title: This field may not be null.")


def test_non_string_title_is_400(client, project):
    assert_refused(submit(client, {"title": 12}), "title: Must be a string.")


def test_body_that_is_not_an_object_is_400(client, project):
    response = submit(client, ["title"])
    assert response.status_code == 400
    assert "Expected a dictionary" in response.json()["error"]


def test_unknown_project_is_404(client, db):
    response = client.post("/api/v1/projects/nope/feedback", {"title": "x"}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "Project not found"}
    assert not Feedback.objects.exists()


def test_eleventh_submission_in_a_minute_is_429(client, project, visitor_id):
    statuses = [submit(client, {"title": f"n{i}"}, **visitor(visitor_id)).status_code for i in range(11)]
    assert statuses == [201] * 10 + [429]
    assert Feedback.objects.count() == 10


def test_rate_limit_body_and_headers_name_the_feedback_group(client, project):
    for i in range(10):
        submit(client, {"title": f"n{i}"})
    response = submit(client, {"title": "one more"})
    assert response.status_code == 429
    assert response.json() == {"data": None, "error": "Rate limit exceeded"}
    assert response["RateLimit-Policy"] == '"feedback";q=10;w=60'
    assert int(response["Retry-After"]) >= 1


def test_submissions_do_not_use_up_the_general_group(client, project, visitor_id):
    for i in range(10):
        submit(client, {"title": f"n{i}"}, **visitor(visitor_id))
    response = client.get(URL, **visitor(visitor_id))
    assert response.status_code == 200
    assert response["RateLimit-Policy"] == '"general";q=100;w=60'


# Bounds: 400 naming the field.


def test_title_of_200_characters_is_accepted(client, project):
    assert submit(client, {"title": "t" * 200}).status_code == 201


def test_title_over_200_characters_is_400(client, project):
    assert_refused(submit(client, {"title": "t" * 201}), "title: Ensure this field has no more than 200 characters.")


def test_description_of_10000_characters_is_accepted(client, project):
    assert submit(client, {"title": "t", "description": "d" * 10_000}).status_code == 201


def test_description_over_10000_characters_is_400(client, project):
    assert_refused(
        submit(client, {"title": "t", "description": "d" * 10_001}),
        "description: Ensure this field has no more than 10000 characters.",
    )


def test_non_string_description_is_400(client, project):
    assert_refused(submit(client, {"title": "t", "description": ["a"]}), "description: Must be a string.")


def test_invalid_email_is_400(client, project):
    assert_refused(submit(client, {"title": "t", "email": "not-an-email"}), "email: Enter a valid email address.")


def test_blank_email_is_accepted(client, project):
    assert submit(client, {"title": "t", "email": ""}).status_code == 201


@pytest.mark.parametrize(
    "url", ["http://localhost:3000/x", "https://intranet/page", "HTTPS://EXAMPLE.COM", "http://[::1]:8000/"]
)
def test_http_urls_with_any_host_are_accepted(client, project, url):
    assert submit(client, {"title": "t", "page_url": url}).status_code == 201
    assert Feedback.objects.get().page_url == url


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com/f", "example.com/page", "https:///nohost", "http://a b.com/"]
)
def test_page_url_that_is_not_an_http_url_is_400(client, project, url):
    assert_refused(submit(client, {"title": "t", "page_url": url}), "page_url: Must be an http(s) URL.")


def test_page_url_of_2000_characters_is_accepted(client, project):
    url = "https://example.com/" + "a" * 1980
    assert submit(client, {"title": "t", "page_url": url}).status_code == 201


def test_page_url_over_2000_characters_is_400(client, project):
    url = "https://example.com/" + "a" * 1981
    assert_refused(
        submit(client, {"title": "t", "page_url": url}), "page_url: Ensure this field has no more than 2000 characters."
    )


@pytest.mark.parametrize("info", [["userAgent"], "Mozilla/5.0", 3])
def test_browser_info_that_is_not_an_object_is_400(client, project, info):
    assert_refused(submit(client, {"title": "t", "browser_info": info}), "browser_info: Must be a JSON object.")


def test_browser_info_of_4096_bytes_is_accepted(client, project):
    info = {"ua": "x" * (4096 - len('{"ua":""}'))}
    assert submit(client, {"title": "t", "browser_info": info}).status_code == 201


def test_browser_info_over_4096_bytes_is_400(client, project):
    info = {"ua": "x" * (4097 - len('{"ua":""}'))}
    assert_refused(
        submit(client, {"title": "t", "browser_info": info}), "browser_info: Must be at most 4096 bytes as JSON."
    )


def test_browser_info_nested_five_levels_is_accepted(client, project):
    info = {"a": {"b": {"c": {"d": {"e": 1}}}}}
    assert submit(client, {"title": "t", "browser_info": info}).status_code == 201


def test_deeply_nested_browser_info_is_400(client, project):
    info = {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}
    assert_refused(
        submit(client, {"title": "t", "browser_info": info}), "browser_info: Must be nested at most 5 levels deep."
    )


def test_browser_info_with_nan_is_400(client, project):
    response = client.post(URL, '{"title": "t", "browser_info": {"x": NaN}}', content_type="application/json")
    assert_refused(response, "Invalid JSON body")


def test_browser_info_field_refuses_infinity_even_outside_json_parsing():
    serializer = FeedbackSubmitSerializer(data={"title": "t", "browser_info": {"x": float("inf")}})
    assert not serializer.is_valid()
    assert serializer.errors["browser_info"] == ["Must not contain NaN or Infinity."]


def test_browser_info_with_nul_character_is_400(client, project):
    assert_refused(
        submit(client, {"title": "t", "browser_info": {"ua": "a\u0000b"}}),
        "browser_info: Contains a character that cannot be stored: U+0000 at position 1.",
    )


def test_title_with_lone_surrogate_is_400(client, project):
    response = client.post(URL, '{"title": "bad \\ud800 text"}', content_type="application/json")
    assert_refused(response, "Invalid JSON body")


def test_text_fields_refuse_lone_surrogates_even_outside_json_parsing():
    serializer = FeedbackSubmitSerializer(data={"title": "bad \ud800", "browser_info": {"k": "\udfff"}})
    assert not serializer.is_valid()
    assert serializer.errors["title"] == ["Contains a character that cannot be stored: U+D800 at position 4."]
    assert serializer.errors["browser_info"] == ["Contains a character that cannot be stored: U+DFFF at position 0."]


def test_absurdly_nested_browser_info_is_400_not_500(client, project):
    body = '{"title": "t", "browser_info": {"a": ' + "[" * 5000 + "]" * 5000 + "}}"
    response = client.post(URL, body, content_type="application/json")
    assert_refused(response, "Invalid JSON body")


def test_title_with_nul_character_is_400(client, project):
    response = submit(client, {"title": "a\u0000b"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("title: ")
