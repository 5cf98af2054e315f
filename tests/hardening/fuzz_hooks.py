"""Schemathesis checks of our own, loaded by the fuzz run through SCHEMATHESIS_HOOKS.

The built-in checks validate documented responses; these add what the contract promises
for every response, documented or not: JSON bodies in their family's envelope, and every
operation reaching its happy path at least once (so the run means something).
"""

import json

import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection

EVENTS_PREFIX = "/api/v1/pulse/"


@schemathesis.check
def body_in_envelope(ctx, response, case):
    """`{data, error}` (or the events API's `{success, data|error}`), error set exactly on 4xx/5xx."""
    if response.status_code in (204, 304) or case.method.upper() == "HEAD":
        return None
    try:
        body = json.loads(response.content)
    except ValueError:
        raise AssertionError(f"{response.status_code} body is not JSON: {response.content[:200]!r}") from None
    failed = response.status_code >= 400
    if case.operation.path.startswith(EVENTS_PREFIX):
        if failed:
            ok = body.get("success") is False and set(body["error"]) == {"code", "message"} and body["error"]["message"]
        else:
            ok = body.get("success") is True and "data" in body
    else:
        ok = set(body) == {"data", "error"} and (
            (body["data"] is None and isinstance(body["error"], str) and body["error"])
            if failed
            else body["error"] is None
        )
    if not ok:
        raise AssertionError(f"{response.status_code} body is not in its envelope: {response.content[:300]!r}")
    return None


def _unparsable_json(case):
    if not isinstance(case.body, (bytes, str)):
        return False
    try:
        json.loads(case.body)
    except ValueError:
        return True
    return False


def _empty_paging_value(case):
    return any(case.query and case.query.get(name) == "" for name in ("limit", "offset"))


# The documented leniencies, each (method, path suffix, which requests) with its source.
LENIENCIES = [
    # The seed: "An empty body (or invalid JSON) marks all unread notifications as read."
    ("POST", "/notifications/read", _unparsable_json),
    # pulse/api/pagination.query_integer: an empty limit/offset means the default (said in
    # each parameter's description; tests/changelog/test_public_list.py holds it).
    ("GET", "", _empty_paging_value),
]


@schemathesis.check
def negative_data_rejection_but_documented_leniencies(ctx, response, case):
    """schemathesis' negative_data_rejection, except the leniencies the API documents."""
    path = case.operation.path.rstrip("/")
    for method, suffix, applies in LENIENCIES:
        if case.method.upper() == method and path.endswith(suffix) and applies(case):
            return None
    return negative_data_rejection(ctx, response, case)


@schemathesis.check
class every_operation_reaches_2xx:  # noqa: N801 (schemathesis names a check after its class)
    """Fail if an operation never answered 2xx: the fuzzing never got past validation or lookup there."""

    def __init__(self):
        self.tested, self.reached = set(), set()

    def after_response(self, ctx, response, case):
        self.tested.add(case.operation.label)
        if 200 <= response.status_code < 300:
            self.reached.add(case.operation.label)

    def after_run(self, ctx):
        missing = self.tested - self.reached
        if missing:
            raise AssertionError("never answered 2xx: " + ", ".join(sorted(missing)))
