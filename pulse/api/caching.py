"""Cached public lists: rendered bytes per project in Django's cache, strong ETags, 304s.

The hot public GETs (changelog, roadmap, announcements without a visitor) are the same for
every visitor of a project, so the rendered envelope is cached, not the objects. Writes
invalidate through `invalidate_public_cache` (connected to model signals with
`invalidate_on_change`); time-based changes (a scheduled entry going live, an announcement
window opening or closing) are handled by caching no longer than until the next change.
"""

import hashlib
import logging
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from .envelopes import DataEnvelope
from .renderers import dumps

logger = logging.getLogger("pulse.cache")
MAX_CACHE_SECONDS = 3600


def _key(resource, project_id):
    return f"public:{resource}:{project_id}"


def invalidate_public_cache(*, resource, project_id):
    """Drop the cached list now and again once the write commits.

    A request that rebuilt the list between the two read the not yet committed state;
    without the second delete it would stay cached, stale, until the next change.
    """
    _delete(_key(resource, project_id))
    transaction.on_commit(lambda: _delete(_key(resource, project_id)))


def _delete(key):
    try:
        cache.delete(key)
    except Exception as exc:
        logger.warning("Could not invalidate %s: %s", key, exc)


def invalidate_on_change(model, resource):
    """Drop the project's cached `resource` whenever a `model` row is saved or deleted."""

    def receiver(sender, instance, **kwargs):
        invalidate_public_cache(resource=resource, project_id=instance.project_id)

    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"public-cache-{resource}-{model.__name__}")
    post_delete.connect(
        receiver, sender=model, weak=False, dispatch_uid=f"public-cache-del-{resource}-{model.__name__}"
    )


def _etag(body):
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _seconds_until(moment):
    if moment is None:
        return MAX_CACHE_SECONDS
    return max(0, int((moment - timezone.now()).total_seconds()))


def _build(resource, project_id, build):
    """build() -> (payload, next_change: datetime | None). Returns (etag, body)."""
    payload, next_change = build()
    body = dumps(DataEnvelope.success(payload))
    etag = _etag(body)
    timeout = min(MAX_CACHE_SECONDS, _seconds_until(next_change))
    if timeout > 0 and settings.PULSE_PUBLIC_CACHE_ENABLED:
        try:
            cache.set(_key(resource, project_id), (etag, body), timeout)
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
    return etag, body


def _if_none_match(request):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip() for tag in header.split(",") if tag.strip()}


def cached_public_response(request, *, resource, project_id, build):
    """The public list for `project_id`: from the cache, as a 304, or freshly built."""
    cached = None
    if settings.PULSE_PUBLIC_CACHE_ENABLED:
        try:
            cached = cache.get(_key(resource, project_id))
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
    etag, body = cached if cached is not None else _build(resource, project_id, build)
    max_age = settings.PULSE_PUBLIC_CACHE_SECONDS
    if etag in _if_none_match(request) or "*" in _if_none_match(request):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    patch_vary_headers(response, ["x-pulse-user-id"])
    return response


def earliest(*moments):
    """The earliest of the given datetimes that lies in the future, or None."""
    now = timezone.now()
    future = [moment for moment in moments if isinstance(moment, datetime) and moment > now]
    return min(future) if future else None
