"""A visitor token is verified in one place (pulse/api/visitors.py): what it accepts and
what it refuses, with a 401 that says why, before any query."""

import base64
import json
import time
import uuid

import jwt
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback.models import Feedback
from projects.models import VerifiedVisitor
from projects.services import rotate_identity_secret
from pulse.api.visitors import signed_visitor_id

from .conftest import mint, token_header

FEEDBACK = "/api/v1/projects/acme/feedback"


def submit(api_client, headers):
    return api_client.post(FEEDBACK, {"title": "Hello", "category": "feature"}, format="json", **headers)


def test_a_signed_visitor_submits_feedback_under_the_uuid_derived_from_sub(api_client, project, secret):
    response = submit(api_client, token_header(mint(secret, sub="user-42", name="Ada", email="ada@example.com")))

    assert response.status_code == 201
    feedback = Feedback.objects.get(pk=response.json()["data"]["id"])
    assert feedback.user_id == signed_visitor_id(project, "user-42")


def test_the_derived_visitor_id_is_a_uuid5_in_a_namespace_per_project(project, other_project):
    mine = signed_visitor_id(project, "user-42")

    assert mine.version == 5
    assert mine == signed_visitor_id(project, "user-42")
    assert mine != signed_visitor_id(other_project, "user-42")


def test_a_signed_visitors_name_email_and_avatar_are_recorded_for_the_team(api_client, project, secret):
    token = mint(secret, name="Ada", email="ada@example.com", avatar="https://example.com/ada.png")

    submit(api_client, token_header(token))

    record = VerifiedVisitor.objects.get(project=project)
    assert (record.visitor_id, record.subject, record.name, record.email, record.avatar) == (
        signed_visitor_id(project, "user-42"),
        "user-42",
        "Ada",
        "ada@example.com",
        "https://example.com/ada.png",
    )


def test_a_new_token_with_a_new_name_updates_the_record(api_client, project, secret):
    submit(api_client, token_header(mint(secret, name="Ada")))
    submit(api_client, token_header(mint(secret, name="Ada Lovelace")))

    assert list(VerifiedVisitor.objects.values_list("name", flat=True)) == ["Ada Lovelace"]


def test_the_token_wins_over_an_unsigned_visitor_id(api_client, project, secret, visitor_id):
    headers = {**token_header(mint(secret)), "HTTP_X_PULSE_USER_ID": visitor_id}

    response = submit(api_client, headers)

    assert Feedback.objects.get(pk=response.json()["data"]["id"]).user_id == signed_visitor_id(project, "user-42")


def refused(api_client, token):
    response = api_client.get(FEEDBACK, **token_header(token))
    assert response.status_code == 401
    assert response.json()["data"] is None
    return response.json()["error"]


def test_an_expired_token_is_refused_as_expired(api_client, project, secret):
    assert refused(api_client, mint(secret, lifetime=-60)) == "x-pulse-user-token has expired"


def test_a_clock_skew_within_the_leeway_is_tolerated(api_client, project, secret, settings):
    settings.PULSE_IDENTITY_LEEWAY_SECONDS = 5

    response = api_client.get(FEEDBACK, **token_header(mint(secret, lifetime=-2)))

    assert response.status_code == 200


def test_a_token_without_exp_is_refused(api_client, project, secret):
    token = jwt.encode({"sub": "user-42"}, secret, algorithm="HS256")

    assert refused(api_client, token) == "x-pulse-user-token must carry the 'exp' claim"


def test_a_token_without_sub_is_refused(api_client, project, secret):
    token = jwt.encode({"exp": int(time.time()) + 60}, secret, algorithm="HS256")

    assert refused(api_client, token) == "x-pulse-user-token must carry the 'sub' claim"


def test_a_malformed_token_is_refused_as_malformed(api_client, project, secret):
    assert refused(api_client, "not.a.jwt") == "x-pulse-user-token is malformed (not a JSON Web Token)"


def test_an_alg_none_token_is_refused(api_client, project, secret):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    token = part({"alg": "none", "typ": "JWT"}) + "." + part({"sub": "user-42", "exp": int(time.time()) + 60}) + "."

    assert refused(api_client, token) == "x-pulse-user-token must be signed with HS256 (alg 'none' is refused)"


def test_a_token_signed_with_another_algorithm_is_refused(api_client, project, secret):
    token = mint(secret * 2, algorithm="HS512")

    assert refused(api_client, token) == "x-pulse-user-token must be signed with HS256 (alg 'HS512' is refused)"


def test_a_wrongly_signed_token_is_refused(api_client, project, secret):
    token = mint("plis_not-the-secret-of-this-project-at-all-0123456789")

    assert refused(api_client, token) == "x-pulse-user-token signature does not match this project's identity secret"


def test_another_projects_token_is_refused_as_such(api_client, project, secret, other_secret):
    token = mint(other_secret, aud="other")

    assert refused(api_client, token) == "x-pulse-user-token was issued for another project"


def test_a_token_for_a_project_without_a_secret_is_refused(api_client, project, other_secret):
    error = refused(api_client, mint(other_secret))

    assert error == "x-pulse-user-token cannot be verified: this project has no identity secret"


def test_a_claim_out_of_bounds_is_refused_naming_it(api_client, project, secret):
    assert refused(api_client, mint(secret, email="not-an-address")) == (
        "x-pulse-user-token claim 'email' must be an email address"
    )
    assert refused(api_client, mint(secret, avatar="javascript:alert(1)")) == (
        "x-pulse-user-token claim 'avatar' must be an https:// URL"
    )
    assert refused(api_client, mint(secret, name="x" * 201)) == (
        "x-pulse-user-token claim 'name' must be a string of at most 200 characters"
    )


def test_a_malformed_expired_or_alg_none_token_costs_no_query(api_client, project, secret):
    api_client.get("/api/v1/projects/acme/feedback")  # warm the project memo's neighbours
    for token in ("garbage", mint(secret, lifetime=-60), mint(secret, algorithm="HS384")):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(FEEDBACK, **token_header(token))
        assert response.status_code == 401
        assert [query["sql"] for query in queries.captured_queries] == []


def test_a_refused_token_is_never_logged(api_client, project, secret, caplog):
    token = mint(secret, lifetime=-60)

    refused(api_client, token)

    assert token not in caplog.text


def test_a_shared_public_list_varies_on_the_token_header_too(api_client, project):
    response = api_client.get("/api/v1/projects/acme/roadmap")

    assert response["Cache-Control"].startswith("public")
    assert {name.strip() for name in response["Vary"].split(",")} >= {"x-pulse-user-id", "x-pulse-user-token"}


def test_a_signed_visitors_answer_is_private(api_client, project, secret):
    response = api_client.get("/api/v1/projects/acme/roadmap", **token_header(mint(secret)))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_warm_read_by_a_signed_visitor_costs_the_queries_of_an_unsigned_one(api_client, project, secret):
    token = mint(secret, name="Ada")
    unsigned = {"HTTP_X_PULSE_USER_ID": str(signed_visitor_id(project, "user-42"))}
    for headers in (token_header(token), unsigned):  # warm: the project memo, the record of Ada
        api_client.get("/api/v1/projects/acme/roadmap", **headers)

    counts = []
    for headers in (token_header(token), unsigned):
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/v1/projects/acme/roadmap", **headers).status_code == 200
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]


def test_a_token_seen_before_is_refused_once_it_expires(api_client, project, secret, monkeypatch):
    token = mint(secret, lifetime=60)
    assert api_client.get(FEEDBACK, **token_header(token)).status_code == 200
    later = time.time() + 120
    monkeypatch.setattr("pulse.api.visitors.time.time", lambda: later)

    assert refused(api_client, token) == "x-pulse-user-token has expired"


def test_a_token_seen_before_is_verified_again_after_a_rotation_without_overlap(api_client, project, secret):
    token = mint(secret)
    assert api_client.get(FEEDBACK, **token_header(token)).status_code == 200

    rotate_identity_secret(project=project, overlap_seconds=0)

    assert refused(api_client, token) == "x-pulse-user-token signature does not match this project's identity secret"


def test_a_signed_visitors_id_cannot_be_computed_from_the_project_and_sub(project, other_project):
    # Anonymous mode takes any UUID: were the id a function of public values (the project id
    # and the customer's user id), anyone could act as a signed user without a token.
    assert project.identity_namespace != other_project.identity_namespace
    assert signed_visitor_id(project, "user-42") not in {
        uuid.uuid5(namespace, "user-42") for namespace in (project.id, uuid.NAMESPACE_URL, uuid.NAMESPACE_DNS)
    }
