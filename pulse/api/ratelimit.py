"""Rate-limit groups (`general`, `feedback`, `auth`) on django-ratelimit and Django's cache.

Keys, as the design decides: an API key counts per key; a request with a visitor id counts
per (project slug, visitor) with a per-IP ceiling of `PULSE_RATE_LIMIT_IP_MULTIPLIER` times
the limit; anything else counts per (project slug, client IP). Failed API-key
authentications count per client IP in `auth`. If the cache is unreachable the limits fail
open with a logged warning.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage
from rest_framework.throttling import BaseThrottle

from .exceptions import RateLimited
from .visitors import VISITOR_HEADER, parse_visitor_id

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


def count_request(request, *, group, identity, limit, window, increment=True):
    """Count one request for `identity` in `group`; None when limits are off or unreachable."""
    if not settings.PULSE_RATE_LIMITS_ENABLED:
        return None
    try:
        usage = get_usage(
            request,
            group=group,
            key=lambda _group, _request: identity,
            rate=(limit, window),
            increment=increment,
        )
    except Exception as exc:  # cache down: keep serving, say so in the log
        logger.warning("Rate limiting skipped, cache unavailable: %s", exc)
        return None
    if usage is None or usage["time_left"] < 0:
        logger.warning("Rate limiting skipped, cache unavailable")
        return None
    return Usage(group, limit, window, usage["count"], max(1, usage["time_left"]))


def limit_request(request, *, group, slug, api_key=None):
    """Count the request in its group; raise RateLimited when over. Returns the usage shown."""
    limit, window = group_rate(group)
    ip = client_ip(request)
    if api_key is not None:
        checks = [(group, f"key:{api_key.pk}", limit)]
    else:
        visitor_id = parse_visitor_id(request.META.get(VISITOR_HEADER, "").strip())
        if visitor_id is not None:
            ceiling = limit * settings.PULSE_RATE_LIMIT_IP_MULTIPLIER
            checks = [
                (group, f"{slug}:visitor:{visitor_id}", limit),
                (f"{group}:ip", f"{slug}:ip:{ip}", ceiling),
            ]
        else:
            checks = [(group, f"{slug}:ip:{ip}", limit)]
    usages = [
        count_request(request, group=name, identity=identity, limit=lim, window=window)
        for name, identity, lim in checks
    ]
    usages = [usage for usage in usages if usage is not None]
    for usage in usages:
        if usage.exceeded:
            raise RateLimited(wait=usage.reset, headers=usage.headers())
    return usages[0] if usages else None


def _auth_failures(request, increment):
    limit, window = group_rate("auth")
    return count_request(
        request,
        group="auth",
        identity=f"ip:{client_ip(request)}",
        limit=limit,
        window=window,
        increment=increment,
    )


def refuse_if_auth_throttled(request):
    """After `auth` failed attempts in the window, even a right key is refused."""
    usage = _auth_failures(request, increment=False)
    if usage is not None and usage.count >= usage.limit:
        raise RateLimited(wait=usage.reset, headers=usage.headers())


def record_auth_failure(request):
    _auth_failures(request, increment=True)


class GroupRateThrottle(BaseThrottle):
    """DRF hook: counts each request in the view's group (`view.get_rate_limit_group()`)."""

    def allow_request(self, request, view):
        usage = limit_request(
            request,
            group=view.get_rate_limit_group(),
            slug=view.kwargs.get("slug", ""),
            api_key=getattr(request, "auth", None),
        )
        request.rate_limit_usage = usage
        return True
