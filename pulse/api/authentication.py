"""API-key authentication for the Admin and event APIs.

Accepts `Authorization: Bearer plsk_...` or `x-api-key: plsk_...`. Every failure (missing,
malformed, unknown, expired, revoked) is the same 401 with `WWW-Authenticate: Bearer` and
counts in the `auth` rate-limit group (`count_api_key_failure`); once a failure is over
that limit it is a 429 instead. A valid key is never refused by that limit.
"""

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from projects.selectors import find_active_api_key
from projects.services import touch_api_key

from .ratelimit import count_api_key_failure, retry_after

INVALID_KEY_MESSAGE = "Invalid or missing API key"


def raw_key_from_headers(request):
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw_key = raw_key_from_headers(request)
        api_key = find_active_api_key(raw_key)
        if api_key is None:
            wait = retry_after(count_api_key_failure(request, raw_key))
            if wait is not None:
                raise Throttled(wait)
            raise AuthenticationFailed(INVALID_KEY_MESSAGE)
        touch_api_key(api_key=api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return "Bearer"
