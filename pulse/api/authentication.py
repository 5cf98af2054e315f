"""API-key authentication for the Admin and event APIs.

Accepts `Authorization: Bearer plsk_...` or `x-api-key: plsk_...`. Every failure (missing,
malformed, unknown, expired, revoked) is the same 401 with `WWW-Authenticate: Bearer` and
counts in the per-IP `auth` rate-limit group.
"""

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from projects.selectors import find_active_api_key
from projects.services import touch_api_key

from .ratelimit import record_auth_failure, refuse_if_auth_throttled

INVALID_KEY_MESSAGE = "Invalid or missing API key"


def raw_key_from_headers(request):
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip()


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        refuse_if_auth_throttled(request)
        api_key = find_active_api_key(raw_key_from_headers(request))
        if api_key is None:
            record_auth_failure(request)
            raise AuthenticationFailed(INVALID_KEY_MESSAGE)
        touch_api_key(api_key=api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return "Bearer"
