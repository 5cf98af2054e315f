"""Rate limits (`general`, `feedback`, `auth`), counted by django-ratelimit in Django's cache.

Every counter is one `django_ratelimit.core.get_usage(..., increment=True)` in `_count`:
fixed windows staggered per key, `RATELIMIT_USE_CACHE` (Redis when `REDIS_URL` is set, so
all processes share a count), `RATELIMIT_FAIL_OPEN`. If the cache is unreachable the limits
fail open with a logged warning.

Keys (DESIGN.md, "Rate limits"), every address from `client_address`:
- a request with an API key counts per key;
- with a visitor id, per (project slug, visitor), plus a per-address ceiling of
  `PULSE_RATE_LIMIT_IP_MULTIPLIER` x the limit on (slug, address);
- anything else per (project slug, address).
- A failed API-key authentication counts in `auth` per (key's display prefix, or "none"
  for a malformed key, address), plus a per-address ceiling. A valid key is never refused.
- A failed log-in (dashboard or Django Admin) counts in `auth` per (username, address),
  plus a per-address ceiling; once either is over, that username from that address (or the
  whole address) is answered 429 before the password is checked.
- A sign-up attempt (every POST of the form) counts in `signup` per address.

A request is counted once, whatever path answers it (`count_request` is memoized on the
HttpRequest); `rate_limit_headers` says the result in the IETF `RateLimit`/`RateLimit-Policy`
and `Retry-After` headers.
"""

import hashlib
import ipaddress
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError
from rest_framework.throttling import BaseThrottle

from projects import keys
from projects.models import ApiKey

from .visitors import request_visitor_id

logger = logging.getLogger("pulse.ratelimit")

_COUNTED = "_pulse_rate_limit_usages"  # memo of count_request on the HttpRequest
_AUTH_COUNTED = "_pulse_auth_failure_usages"  # memo of count_api_key_failure
UNKNOWN_ADDRESS = "unknown"  # the one key of every address that does not parse


@dataclass(frozen=True)
class Usage:
    """One counter after a request: `count` of `limit` in a `window` (s) that ends in `reset` s (>= 1)."""

    group: str
    limit: int
    window: int
    count: int
    reset: int

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def remaining(self):
        return max(0, self.limit - self.count)


def _underlying(request):
    return getattr(request, "_request", request)


def client_address(request):
    """The client's address as a rate-limit key: canonical, IPv6 grouped by prefix.

    REMOTE_ADDR, or the address the N-th trusted proxy (`PULSE_TRUSTED_PROXY_COUNT`) put in
    X-Forwarded-For. Parsed with `ipaddress`: an IPv4-mapped IPv6 address is its IPv4
    address, an IPv6 address becomes its /`PULSE_RATE_LIMIT_IPV6_PREFIX` network (one client
    often holds a whole /64), spelled the one way `ipaddress` spells it. Anything that does
    not parse is `UNKNOWN_ADDRESS`, one shared key, never an error.
    """
    raw = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PULSE_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            raw = hops[-proxies]
    address = _parse_address(raw or "")
    if address is None:
        return UNKNOWN_ADDRESS
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        prefix = settings.PULSE_RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network((int(address), prefix), strict=False))
    return str(address)


def _parse_address(raw):
    """An ip_address, also from `[v6]:port` and `v4:port` (some proxies add the port); else None."""
    candidates = [raw.strip()]
    if raw.startswith("[") and "]" in raw:
        candidates.append(raw[1 : raw.index("]")])
    elif raw.count(":") == 1:
        candidates.append(raw.partition(":")[0])
    for candidate in candidates:
        try:
            return ipaddress.ip_address(candidate.partition("%")[0])  # no IPv6 zone id
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Counter:
    """One limit a request counts against: `limit` per `window` s in `group`, for `identity`."""

    group: str
    identity: str
    limit: int
    window: int


def _count(request, counters, *, increment=True):
    """Count (or, `increment=False`, read) every counter; [Usage] in the same order.

    The one place counting happens. [] when limits are off, or when the cache fails:
    django-ratelimit fails open itself (`RATELIMIT_FAIL_OPEN`) when a count comes back
    empty, but lets a connection error through; both are logged and let the request in.
    """
    if not settings.PULSE_RATE_LIMITS_ENABLED:
        return []
    usages = []
    for counter in counters:
        try:
            usage = get_usage(
                request,
                group=counter.group,
                key=lambda group, request, identity=counter.identity: identity,
                rate=(counter.limit, counter.window),
                increment=increment,
            )
        except (RedisError, OSError) as exc:
            logger.warning("Rate limiting skipped, cache unavailable: %s", exc)
            return []
        if usage is None:
            logger.warning("Rate limiting skipped, cache gave no count for %s", counter.group)
            return []
        count = usage["count"] if increment else usage["count"] + 1  # a read: "this attempt would be"
        usages.append(Usage(counter.group, counter.limit, counter.window, count, max(1, usage["time_left"])))
    return usages


def group_rate(group):
    """(limit, window seconds) of a group, from `PULSE_RATE_LIMITS`."""
    return settings.PULSE_RATE_LIMITS[group]


def request_counters(request, *, group, slug, api_key=None):
    """The counters a request counts against in `group` (see the module docstring)."""
    limit, window = group_rate(group)
    if api_key is not None:
        return [Counter(group, f"key:{api_key.pk}", limit, window)]
    address = client_address(request)
    visitor_id = request_visitor_id(request)
    if not visitor_id:  # absent or malformed: the view says what is wrong with it
        return [Counter(group, f"{slug}:ip:{address}", limit, window)]
    ceiling = limit * settings.PULSE_RATE_LIMIT_IP_MULTIPLIER
    return [
        Counter(group, f"{slug}:visitor:{visitor_id}", limit, window),
        Counter(f"{group}:ip", f"{slug}:ip:{address}", ceiling, window),
    ]


def count_request(request, *, group, slug, api_key=None):
    """Count the request once on every counter that applies; [Usage], the first one shown.

    Memoized on the HttpRequest (DRF's Request or Django's): a later call for the same
    request, from whichever entry point, returns the same usages without counting again.
    [] when limits are off or the cache is down.
    """
    underlying = _underlying(request)
    usages = getattr(underlying, _COUNTED, None)
    if usages is None:
        usages = _count(underlying, request_counters(underlying, group=group, slug=slug, api_key=api_key))
        setattr(underlying, _COUNTED, usages)
    return usages


def counted_usages(request):
    """What this request was counted as so far (count_request, else a failed key), or []. Counts nothing."""
    underlying = _underlying(request)
    counted = getattr(underlying, _COUNTED, None)
    return counted if counted is not None else getattr(underlying, _AUTH_COUNTED, [])


def rate_limit_headers(usages):
    """{header: value}: `RateLimit`/`RateLimit-Policy` of the usage shown, `Retry-After` when over.

    The usage shown is the exceeded counter that frees last, else the first counter;
    Retry-After is its reset in seconds. {} for no usages.
    """
    if not usages:
        return {}
    exceeded = [usage for usage in usages if usage.exceeded]
    shown = max(exceeded, key=lambda usage: usage.reset) if exceeded else usages[0]
    headers = {
        "RateLimit-Policy": f'"{shown.group}";q={shown.limit};w={shown.window}',
        "RateLimit": f'"{shown.group}";r={shown.remaining};t={shown.reset}',
    }
    if exceeded:
        headers["Retry-After"] = str(shown.reset)
    return headers


def retry_after(usages):
    """Seconds until every exceeded counter has reset, or None when none is exceeded."""
    return max((usage.reset for usage in usages if usage.exceeded), default=None)


def _failure_counters(kind, identity, address):
    """`auth` per (identity, address), and the address's ceiling for this `kind` of failure."""
    limit, window = group_rate("auth")
    ceiling = limit * settings.PULSE_RATE_LIMIT_IP_MULTIPLIER
    return [
        Counter("auth", f"{kind}:{identity}:{address}", limit, window),
        Counter("auth:ip", f"{kind}:{address}", ceiling, window),
    ]


def count_api_key_failure(request, raw_key):
    """Count a failed API-key authentication; [Usage] (exceeded once guessing is over a limit).

    Per (display prefix of a well-formed key, or "none", client address), with a
    per-address ceiling. Only failures count: a valid key is never refused by these.
    """
    identity = keys.display_prefix(raw_key) if keys.is_well_formed(raw_key) else "none"
    underlying = _underlying(request)
    usages = _count(underlying, _failure_counters("key", identity, client_address(underlying)))
    setattr(underlying, _AUTH_COUNTED, usages)
    return usages


def _login_identity(username):
    # As AuthenticationForm's UsernameField cleans it (strip, NFKC), and case-blind, hashed.
    normalized = unicodedata.normalize("NFKC", str(username or "").strip()).casefold()
    return hashlib.sha256(normalized.encode()).hexdigest()


def refused_login_usages(request):
    """For a log-in POST: [Usage] when its (username, address) or its address is over the
    failed-login limit (answer 429 without checking the password), else []. Counts nothing."""
    counters = _failure_counters("login", _login_identity(request.POST.get("username")), client_address(request))
    usages = _count(request, counters, increment=False)
    return usages if any(usage.exceeded for usage in usages) else []


def count_signup_attempt(request):
    """Count a sign-up POST against `signup` for the client's address; [Usage], exceeded when over."""
    limit, window = group_rate("signup")
    return _count(request, [Counter("signup", f"signup:{client_address(request)}", limit, window)])


def count_failed_login(sender, credentials, request=None, **kwargs):
    """`user_login_failed` receiver: one failure for (username, address) and the address."""
    if request is None:
        return
    counters = _failure_counters("login", _login_identity(credentials.get("username")), client_address(request))
    _count(request, counters)


class GroupRateThrottle(BaseThrottle):
    """DRF throttle: counts the request in the view's group (`view.get_rate_limit_group()`).

    `allow_request` is False when a counter is over; `wait()` is then the seconds until
    they have all reset, and DRF raises Throttled(wait). The headers are added by
    PulseAPIMixin.finalize_response from the same (memoized) count.
    """

    def allow_request(self, request, view):
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        self.usages = count_request(
            request, group=view.get_rate_limit_group(), slug=view.kwargs.get("slug", ""), api_key=api_key
        )
        return not any(usage.exceeded for usage in self.usages)

    def wait(self):
        return retry_after(getattr(self, "usages", []))
