"""Property tests of the API core: the visitor-id parser and the error envelope."""

import json
import uuid

from hypothesis import given
from hypothesis import strategies as st
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from pulse.api.envelopes import DataEnvelope, SuccessEnvelope
from pulse.api.exceptions import exception_handler, first_error_message
from pulse.api.renderers import EnvelopeRenderer, EventsEnvelopeRenderer
from pulse.api.visitors import parse_visitor_id

factory = APIRequestFactory()


@given(st.uuids())
def test_every_canonical_uuid_parses_to_itself(value):
    assert parse_visitor_id(str(value)) == value
    assert parse_visitor_id(str(value).upper()) == value


@given(st.text(max_size=80))
def test_parser_never_raises_and_accepts_only_canonical_form(text):
    parsed = parse_visitor_id(text)
    if parsed is not None:
        assert text.lower() == str(parsed)


@given(st.uuids())
def test_non_canonical_spellings_are_refused(value):
    for spelling in (value.hex, "{" + str(value) + "}", "urn:uuid:" + str(value), " " + str(value)):
        assert parse_visitor_id(spelling) is None


messages = st.text(min_size=1, max_size=40)
details = st.recursive(
    messages | st.lists(messages, min_size=1, max_size=3),
    lambda children: (
        st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), children, min_size=1, max_size=3)
        | st.lists(children, min_size=1, max_size=3)
    ),
    max_leaves=10,
)


@given(details)
def test_any_validation_detail_flattens_to_one_non_empty_line(detail):
    message = first_error_message(exceptions.ValidationError(detail).detail)
    assert isinstance(message, str) and message


@given(details, st.sampled_from([EnvelopeRenderer, EventsEnvelopeRenderer]))
def test_any_validation_error_renders_a_valid_envelope(detail, renderer_class):
    response = exception_handler(exceptions.ValidationError(detail), {"request": factory.post("/")})
    response.exception = True
    body = json.loads(renderer_class().render(response.data, renderer_context={"response": response}))
    assert response.status_code == 400
    if renderer_class is EnvelopeRenderer:
        assert set(body) == {"data", "error"} and body["data"] is None and body["error"]
    else:
        assert body["success"] is False and body["error"]["code"] == "BAD_REQUEST" and body["error"]["message"]


@given(st.integers(min_value=400, max_value=599), messages)
def test_failure_envelopes_have_their_fixed_shape(status, message):
    assert DataEnvelope.failure(status, message) == {"data": None, "error": message}
    events = SuccessEnvelope.failure(status, message)
    assert events["success"] is False and events["error"]["message"] == message
    assert events["error"]["code"].isupper()


def test_uuid_of_a_customer_user_id_is_accepted():
    derived = uuid.uuid5(uuid.NAMESPACE_URL, "https://customer.example/users/42")
    assert parse_visitor_id(str(derived)) == derived
