"""Rate-limit groups (`general`, `feedback`, `auth`): fixed windows counted in Django's cache.

Keys, as the design decides: an API key counts per key; a request with a visitor id counts
per (project slug, visitor) with a per-IP ceiling of `PULSE_RATE_LIMIT_IP_MULTIPLIER` times
the limit; anything else counts per (project slug, client IP). Failed API-key
authentications count per client IP in `auth`. A request's counters are counted together
in one cache round trip (`pulse.cache.count_and_get`), which can also fetch a cached
list's ETag. If the cache is unreachable the limits fail open with a logged warning.

Each counter's window is fixed (so `RateLimit` can say when it resets) and staggered by
its key, so the counters of many clients do not all reset in the same second.
"""

import hashlib
import logging
import time
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from pulse.cache import count_and_get

from .exceptions import RateLimited
from .visitors import request_visitor_id

logger = logging.getLogger("pulse.ratelimit")


@dataclass(frozen=True)
class Usage:
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

    def headers(self):
        """IETF RateLimit / RateLimit-Policy headers, plus Retry-After once exceeded."""
        headers = {
            "RateLimit-Policy": f'"{self.group}";q={self.limit};w={self.window}',
            "RateLimit": f'"{self.group}";r={self.remaining};t={self.reset}',
        }
        if self.exceeded:
            headers["Retry-After"] = str(self.reset)
        return headers


@dataclass(frozen=True)
class Counter:
    """One limit a request counts against: `limit` requests per `window` seconds."""

    group: str
    identity: str
    limit: int
    window: int

    def key_and_reset(self, now):
        """(cache key of the current window, seconds until it ends)."""
        offset = zlib.crc32(self.identity.encode()) % self.window
        window_end = now - (now - offset) % self.window + self.window
        digest = hashlib.md5(self.identity.encode(), usedforsecurity=False).hexdigest()
        return f"rl:{self.group}:{digest}:{window_end}", window_end - now


def client_ip(request):
    """REMOTE_ADDR, or the address the N-th trusted proxy saw in X-Forwarded-For."""
    proxies = settings.PULSE_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def group_rate(group):
    return settings.PULSE_RATE_LIMITS[group]


def count(counters, read_key=None):
    """Count one request on every counter; returns ([Usage], value of read_key).

    No usages when limits are off or the cache is unreachable (then read_key reads None).
    """
    if not settings.PULSE_RATE_LIMITS_ENABLED:
        counters = []
    now = int(time.time())
    windows = [counter.key_and_reset(now) for counter in counters]
    lifetimes = [(key, counter.window + 5) for counter, (key, _) in zip(counters, windows, strict=True)]
    try:
        counts, value = count_and_get(cache, lifetimes, read_key)
    except Exception as exc:  # cache down: keep serving, say so in the log
        logger.warning("Rate limiting skipped, cache unavailable: %s", exc)
        return [], None
    usages = [
        Usage(counter.group, counter.limit, counter.window, hits, max(1, reset))
        for counter, (_, reset), hits in zip(counters, windows, counts, strict=True)
    ]
    return usages, value


def request_counters(request, *, group, slug, api_key=None):
    """The counters a request counts against in `group` (see the module docstring)."""
    limit, window = group_rate(group)
    if api_key is not None:
        return [Counter(group, f"key:{api_key.pk}", limit, window)]
    ip = client_ip(request)
    visitor_id = request_visitor_id(request)
    if not visitor_id:
        return [Counter(group, f"{slug}:ip:{ip}", limit, window)]
    ceiling = limit * settings.PULSE_RATE_LIMIT_IP_MULTIPLIER
    return [
        Counter(group, f"{slug}:visitor:{visitor_id}", limit, window),
        Counter(f"{group}:ip", f"{slug}:ip:{ip}", ceiling, window),
    ]


def enforce(usages):
    """Raise RateLimited when a counter is over its limit; else the usage to show."""
    for usage in usages:
        if usage.exceeded:
            raise RateLimited(wait=usage.reset, headers=usage.headers())
    return usages[0] if usages else None


def limit_request(request, *, group, slug, api_key=None):
    """Count the request in its group; raise RateLimited when over. Returns the usage shown."""
    usages, _ = count(request_counters(request, group=group, slug=slug, api_key=api_key))
    return enforce(usages)


def _auth_failures_counter(request):
    limit, window = group_rate("auth")
    return Counter("auth", f"ip:{client_ip(request)}", limit, window)


def refuse_if_auth_throttled(request):
    """After `auth` failed attempts in the window, even a right key is refused."""
    if not settings.PULSE_RATE_LIMITS_ENABLED:
        return
    counter = _auth_failures_counter(request)
    key, reset = counter.key_and_reset(int(time.time()))
    try:
        failures = cache.get(key) or 0
    except Exception as exc:
        logger.warning("Rate limiting skipped, cache unavailable: %s", exc)
        return
    if failures >= counter.limit:
        usage = Usage(counter.group, counter.limit, counter.window, failures, max(1, reset))
        raise RateLimited(wait=usage.reset, headers=usage.headers())


def record_auth_failure(request):
    count([_auth_failures_counter(request)])


def count_request(request, *, group, slug, api_key=None):
    """(temporary shim, replaced by the django-ratelimit branch) count once per request."""
    django_request = getattr(request, "_request", request)
    usages = getattr(django_request, "rate_limit_usages", None)
    if usages is None:
        usages, _ = count(request_counters(request, group=group, slug=slug, api_key=api_key))
        django_request.rate_limit_usages = usages
    return usages


def counted_usages(request):
    return getattr(getattr(request, "_request", request), "rate_limit_usages", None) or []


def rate_limit_headers(usages):
    exceeded = [usage for usage in usages if usage.exceeded]
    return (exceeded or usages)[0].headers() if usages else {}


class GroupRateThrottle(BaseThrottle):
    """DRF hook: counts each request in the view's group (`view.get_rate_limit_group()`)."""

    def allow_request(self, request, view):
        usages = count_request(
            request,
            group=view.get_rate_limit_group(),
            slug=view.kwargs.get("slug", ""),
            api_key=getattr(request, "auth", None),
        )
        self.exceeded = [usage for usage in usages if usage.exceeded]
        return not self.exceeded

    def wait(self):
        return max(usage.reset for usage in self.exceeded)
