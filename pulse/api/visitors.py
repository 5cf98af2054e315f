"""The visitor of a public API request: `x-pulse-user-id` (a canonical UUID of any version,
DESIGN.md, Visitors) or `x-pulse-user-token` (a visitor signed by the customer's server,
issue 22). The one place both are parsed.

The headers are parsed once per request (`request_visitor_id`, kept as `request.visitor_id`);
the rate-limit keys, the early public reads and the views all read that one value.

A signed visitor is a JWT (RFC 7519) the customer's server signs with the project's identity
secret: HS256 only, `sub` (the customer's own user id, a non-empty string) and `exp`
required, `name`, `email`, `avatar` optional, `aud` optional (the project's slug when
present). Its visitor id is `signed_visitor_id(project, sub)`: a UUIDv5 in the project's
secret namespace (`Project.identity_namespace`, random and never shown), so the same person is
one visitor on the widget, the portal and every device, every stored row keeps a UUID, and
nobody can compute a signed user's visitor id from their `sub` (which is often an email or
a sequential id) to pass it unsigned in anonymous mode. `exp`/`nbf`/`iat` are checked with
`PULSE_IDENTITY_LEEWAY_SECONDS` of clock skew (default 5). The previous secret still
verifies during its rotation overlap. A token that is malformed, not HS256 (`alg: none`
included), expired, missing `sub`/`exp`, issued for another project or wrongly signed is a
401 naming which, decided before any query (the project and its secrets come from the
process's project memo, `projects.selectors.get_project_by_slug`). Tokens are never logged.

A project in "verified only" mode (`Project.identity_mode`) answers 401
`x-pulse-user-token header required ...` wherever a visitor is used and none is signed.
"""

import hashlib
import re
import time
import uuid

import jwt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import DatabaseError
from django.utils import timezone

from ..memos import register_memo
from ..sealed import unseal
from ..text import is_storable_text
from .exceptions import InvalidVisitorId, InvalidVisitorToken, VisitorIdRequired, VisitorTokenRequired

VISITOR_HEADER_NAME = "x-pulse-user-id"
VISITOR_HEADER = "HTTP_X_PULSE_USER_ID"
TOKEN_HEADER_NAME = "x-pulse-user-token"
TOKEN_HEADER = "HTTP_X_PULSE_USER_TOKEN"
_CANONICAL_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_PUBLIC_PATH = re.compile(r"^/api/v1/projects/(?P<slug>[^/]+)/")

IDENTITY_SECRET_SALT = "pulse.projects.identity-secret"  # pulse.sealed purpose of identity secrets
TOKEN_MAX_LENGTH = 4096
CLAIM_BOUNDS = {"sub": 255, "name": 200, "email": 254, "avatar": 500}

_secrets = {}  # sealed identity secret -> secret: unsealed once per process
register_memo(_secrets.clear)
_recorded = {}  # (project id, visitor id) -> digest of the claims last recorded by this process
register_memo(_recorded.clear)
# token -> (project id, the sealed secrets it was verified with, visitor id, claims, exp): a
# token seen again (the widget sends the same one on every request) costs a dict lookup and
# an expiry check instead of a verification (about 0.25 ms).
_verified = {}
register_memo(_verified.clear)
MEMO_MAX = 10_000


class Malformed:
    """`request.visitor_id` of a request whose header is present but not a canonical UUID."""

    def __repr__(self):
        return "MALFORMED"

    def __bool__(self):
        return False


MALFORMED = Malformed()


class RefusedToken:
    """`request.visitor_id` of a request whose `x-pulse-user-token` was refused: why, for the 401."""

    def __init__(self, reason):
        self.reason = reason

    def __repr__(self):
        return f"REFUSED({self.reason!r})"

    def __bool__(self):
        return False


class TokenRefused(Exception):
    """`verify_visitor_token` refused the token; `str()` says why (the 401's message)."""


def parse_visitor_id(value):
    """Return the UUID for a canonical UUID string, or None for anything else."""
    if not isinstance(value, str) or not _CANONICAL_UUID.match(value):
        return None
    return uuid.UUID(value)


def signed_visitor_id(project, subject):
    """The visitor UUID of the customer's user `subject` (the token's `sub`) in `project`:
    UUIDv5 of `sub` in the project's secret namespace `project.identity_namespace` (RFC 9562
    section 5.5). Stable for the project's life; unguessable without the namespace."""
    return uuid.uuid5(project.identity_namespace, subject)


def identity_secrets(project, now=None):
    """The secrets a token of `project` may be signed with now: the current one, and the
    previous one until its overlap ends. Unsealed once per process (`_secrets`)."""
    secrets = []
    for token in live_sealed_secrets(project, now):
        if token not in _secrets:
            if len(_secrets) > MEMO_MAX:
                _secrets.clear()
            _secrets[token] = unseal(token, salt=IDENTITY_SECRET_SALT)
        secrets.append(_secrets[token])
    return secrets


def live_sealed_secrets(project, now=None):
    """The sealed forms of `identity_secrets(project)`, as a tuple."""
    now = now or timezone.now()
    sealed = [project.identity_secret_encrypted]
    expires_at = project.identity_previous_secret_expires_at
    if project.identity_previous_secret_encrypted and expires_at is not None and expires_at > now:
        sealed.append(project.identity_previous_secret_encrypted)
    return tuple(filter(None, sealed))


def _unverified_claims(token):
    """Checks that need no secret (so a bad token costs no query): shape, algorithm, claims."""
    name = TOKEN_HEADER_NAME
    if len(token) > TOKEN_MAX_LENGTH:
        raise TokenRefused(f"{name} is malformed (longer than {TOKEN_MAX_LENGTH} characters)")
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise TokenRefused(f"{name} is malformed (not a JSON Web Token)") from None
    if header.get("alg") != "HS256":
        raise TokenRefused(f"{name} must be signed with HS256 (alg {str(header.get('alg'))[:20]!r} is refused)")
    try:
        jwt.decode(token, options={**_CLAIM_CHECKS, "verify_signature": False}, leeway=_leeway())
    except jwt.PyJWTError as exc:
        raise _refusal(exc) from None
    return _checked_claims(claims)


# exp, nbf and iat are checked (with the leeway) whether or not the signature is.
_CLAIM_CHECKS = {
    "require": ["exp", "sub"],
    "verify_exp": True,
    "verify_nbf": True,
    "verify_iat": True,
    "verify_aud": False,
}


def _leeway():
    return settings.PULSE_IDENTITY_LEEWAY_SECONDS


def _refusal(exc):
    """The TokenRefused of a PyJWT error about the claims."""
    name = TOKEN_HEADER_NAME
    if isinstance(exc, jwt.ExpiredSignatureError):
        return TokenRefused(f"{name} has expired")
    if isinstance(exc, jwt.ImmatureSignatureError):
        return TokenRefused(f"{name} is not valid yet (nbf or iat in the future)")
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return TokenRefused(f"{name} must carry the {exc.claim!r} claim")
    return TokenRefused(f"{name} has an invalid claim ({exc})")


def _checked_claims(claims):
    """{sub, name, email, avatar} as strings within their columns' bounds, or TokenRefused."""
    checked = {}
    for claim, bound in CLAIM_BOUNDS.items():
        value = claims.get(claim, "")
        if value is None:
            value = ""
        if not isinstance(value, str) or len(value) > bound or not is_storable_text(value):
            raise TokenRefused(f"{TOKEN_HEADER_NAME} claim {claim!r} must be a string of at most {bound} characters")
        checked[claim] = value.strip()
    if not checked["sub"]:
        raise TokenRefused(f"{TOKEN_HEADER_NAME} claim 'sub' must be a non-empty string")
    if checked["email"]:
        try:
            EmailValidator()(checked["email"])
        except ValidationError:
            raise TokenRefused(f"{TOKEN_HEADER_NAME} claim 'email' must be an email address") from None
    if checked["avatar"] and not checked["avatar"].startswith("https://"):
        raise TokenRefused(f"{TOKEN_HEADER_NAME} claim 'avatar' must be an https:// URL")
    checked["aud"] = claims.get("aud")
    return checked


def verify_visitor_token(token, project):
    """(visitor UUID, claims) of a token signed for `project`; TokenRefused saying why.

    `project` as `get_project_by_slug` returns it (its identity fields), or None. The
    checks that need no secret come first; then `aud` (when present, the project's slug),
    then the signature against `identity_secrets(project)`.
    """
    return _signed_visitor(token, lambda: project)


def _signed_visitor(token, project_of):
    """(visitor UUID, claims) of `token` for the project `project_of()` returns, which is
    called only once the checks that need no secret passed (or the token was seen before)."""
    known = _verified.get(token)
    if known is None:
        claims = _unverified_claims(token)
        project = project_of()
        visitor_id, claims = _verify_signed(token, claims, project)
        if len(_verified) > MEMO_MAX:
            _verified.clear()
        exp = jwt.decode(token, options={"verify_signature": False})["exp"]
        _verified[token] = (project.id, live_sealed_secrets(project), visitor_id, claims, exp)
        return visitor_id, claims
    project_id, sealed, visitor_id, claims, exp = known
    project = project_of()
    if project is None or project.id != project_id or sealed != live_sealed_secrets(project):
        del _verified[token]  # another project's path, or the secrets changed: verify again
        return _signed_visitor(token, project_of)
    if time.time() >= exp + _leeway():  # as PyJWT: expired once now - leeway reaches exp
        raise TokenRefused(f"{TOKEN_HEADER_NAME} has expired")
    return visitor_id, claims


def _verify_signed(token, claims, project):
    if project is None:
        raise TokenRefused(f"{TOKEN_HEADER_NAME} cannot be verified: unknown project")
    audience = claims.pop("aud")
    if audience is not None and audience != project.slug and audience != [project.slug]:
        raise TokenRefused(f"{TOKEN_HEADER_NAME} was issued for another project")
    secrets = identity_secrets(project)
    if not secrets:
        raise TokenRefused(f"{TOKEN_HEADER_NAME} cannot be verified: this project has no identity secret")
    for secret in secrets:
        try:
            jwt.decode(token, secret, algorithms=["HS256"], options=_CLAIM_CHECKS, leeway=_leeway())
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError as exc:  # the unverified checks passed a moment ago: the clock moved on
            raise _refusal(exc) from None
        return signed_visitor_id(project, claims["sub"]), claims
    raise TokenRefused(f"{TOKEN_HEADER_NAME} signature does not match this project's identity secret")


def _request_project(request):
    """The public API request's project (the slug in its path), from the project memo; None elsewhere."""
    from projects.selectors import get_project_by_slug

    match = _PUBLIC_PATH.match(request.path_info)
    return get_project_by_slug(match["slug"]) if match else None


def request_visitor_id(request):
    """The request's visitor: a UUID, None when no header is sent (or both are blank),
    MALFORMED (a bad `x-pulse-user-id`) or a RefusedToken (a bad `x-pulse-user-token`).

    A token, when sent, wins over `x-pulse-user-id`. Parsed on first use and kept on the
    Django request as `request.visitor_id` (a DRF Request reads it through to there), with
    the token's claims as `request.visitor_claims` (None for an unsigned visitor).
    """
    request = getattr(request, "_request", request)
    try:
        return request.visitor_id
    except AttributeError:
        request.visitor_claims = None
        token = request.META.get(TOKEN_HEADER, "").strip()
        if token:
            try:
                # Shape, algorithm and expiry first: a bad token costs no query.
                request.visitor_id, request.visitor_claims = _signed_visitor(token, lambda: _request_project(request))
            except TokenRefused as refused:
                request.visitor_id = RefusedToken(str(refused))
            return request.visitor_id
        raw = request.META.get(VISITOR_HEADER, "").strip()
        request.visitor_id = None if not raw else (parse_visitor_id(raw) or MALFORMED)
        return request.visitor_id


def is_verified_only(project):
    from projects.models import IdentityMode

    return project is not None and project.identity_mode == IdentityMode.VERIFIED


def get_visitor_id(request, required=True, *, authors=False):
    """The request's visitor id; 401 when required and missing, 400 when malformed, 401 for
    a refused token, and 401 for an unsigned visitor of a "verified only" project.

    `authors=True` for an endpoint where the visitor writes something the team reads as
    theirs (feedback, an idea) even though the id is optional: on a "verified only" project
    a visitor with no id at all is refused there too (the mode's promise: every visitor
    carries a signed token), while optional reads (an announcement list, the board) stay
    public to anyone.

    A signed visitor's name, email and avatar are recorded for the team (`VerifiedVisitor`).
    """
    visitor_id = request_visitor_id(request)
    if isinstance(visitor_id, RefusedToken):
        raise InvalidVisitorToken(visitor_id.reason)
    if visitor_id is MALFORMED:
        raise InvalidVisitorId()
    claims = getattr(getattr(request, "_request", request), "visitor_claims", None)
    if claims is None and (visitor_id is not None or required or authors):
        if is_verified_only(_request_project(request)):
            raise VisitorTokenRequired()
    if visitor_id is None and required:
        raise VisitorIdRequired()
    if claims is not None:
        record_signed_visitor(_request_project(request), visitor_id, claims)
    return visitor_id


def record_signed_visitor(project, visitor_id, claims):
    """Keep the team's record of a signed visitor (`projects.services.record_verified_visitor`),
    written when this process has not recorded these claims yet. A database that refuses
    the write does not fail the visitor's request."""
    from projects.services import record_verified_visitor

    digest = hashlib.sha256(repr(sorted(claims.items())).encode()).hexdigest()
    key = (project.id, visitor_id)
    if _recorded.get(key) == digest:
        return
    try:
        record_verified_visitor(project_id=project.id, visitor_id=visitor_id, **claims)
    except DatabaseError:
        return
    if len(_recorded) > 10_000:
        _recorded.clear()
    _recorded[key] = digest
