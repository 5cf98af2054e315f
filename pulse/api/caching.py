"""Cached public lists: rendered bytes per project in Django's cache, strong ETags, 304s.

The hot public GETs (changelog, roadmap, announcements without a visitor) are the same for
every visitor of a project, so the rendered envelope is cached, not the objects. Writes
invalidate through `invalidate_public_cache` (connected to model signals with
`invalidate_on_change`); time-based changes (a scheduled entry going live, an announcement
window opening or closing) are handled by caching no longer than until the next change.

Each list is two cache entries: its ETag, and (ETag, body). The view builds and stores
both (`cached_list`, `cached_public_response`). In front of DRF, the public read
middleware answers from them with one cache round trip that also counts the rate limit: a
304 needs only the ETag, and a 200 takes the list from this process's memory when it holds
the same ETag (`cached_list_for_etag`). Per-visitor reads derive from a cached list too
(announcements minus the visitor's dismissals, published ids minus the viewed ones).
"""

import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone

from ..memos import register_memo
from .envelopes import DataEnvelope
from .renderers import dumps
from .visitors import VISITOR_HEADER_NAME

logger = logging.getLogger("pulse.cache")
MAX_CACHE_SECONDS = 3600


LOCAL_LISTS_MAX = 256
_local_lists = OrderedDict()  # (resource, project_id) -> CachedList, the most recently used
register_memo(_local_lists.clear)


def _key(resource, project_id):
    return f"public:{resource}:{project_id}"


def _etag_key(resource, project_id):
    return f"public:{resource}:{project_id}:etag"


def invalidate_public_cache(*, resource, project_id):
    """Drop the cached list now and, inside a transaction, again once it commits.

    A request that rebuilt the list between the two read the not yet committed state;
    without the second delete it would stay cached, stale, until the next change.
    """
    _delete(resource, project_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _delete(resource, project_id))


def _delete(resource, project_id):
    try:
        cache.delete_many([_etag_key(resource, project_id), _key(resource, project_id)])
    except Exception as exc:
        logger.warning("Could not invalidate the cached %s of %s: %s", resource, project_id, exc)


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
            # The body first: whoever sees the ETag finds its body.
            cache.set_many({_key(resource, project_id): (etag, body), _etag_key(resource, project_id): etag}, timeout)
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
    return etag, body


def _if_none_match(request):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip() for tag in header.split(",") if tag.strip()}


@dataclass
class CachedList:
    """A list as cached: its ETag, its rendered envelope, and (parsed on demand) its data."""

    etag: str
    body: bytes

    @cached_property
    def payload(self):
        return orjson.loads(self.body)["data"]


def cached_list(*, resource, project_id, build):
    """The project's `resource` list from the shared cache, or built (and cached) now."""
    if settings.PULSE_PUBLIC_CACHE_ENABLED:
        keys = [_etag_key(resource, project_id), _key(resource, project_id)]
        try:
            found = cache.get_many(keys)
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
        else:
            # Only a body with its ETag entry counts: without that entry the middleware
            # would never serve it, so it is rebuilt (which writes both).
            if keys[0] in found and keys[1] in found:
                return CachedList(*found[keys[1]])
    return CachedList(*_build(resource, project_id, build))


def cached_public_response(request, *, resource, project_id, build):
    """The public list for `project_id`: from the cache, as a 304, or freshly built."""
    return _response(request, cached_list(resource=resource, project_id=project_id, build=build))


def cached_list_for_etag(*, resource, project_id, etag):
    """The cached list whose current ETag is `etag` (read along with the rate-limit count).

    From this process's memory when it holds that version, else from the shared cache;
    None when the body is gone there too (the view then builds it).
    """
    local = _local_lists.get((resource, project_id))
    if local is not None and local.etag == etag:
        return local
    try:
        found = cache.get(_key(resource, project_id))
    except Exception as exc:
        logger.warning("Public cache unavailable, serving from the database: %s", exc)
        return None
    if found is None:
        return None
    local = _local_lists[(resource, project_id)] = CachedList(*found)
    _local_lists.move_to_end((resource, project_id))
    if len(_local_lists) > LOCAL_LISTS_MAX:
        _local_lists.popitem(last=False)
    return local


def cached_list_response(request, *, resource, project_id, etag):
    """The response for a cached list whose ETag is `etag`: a 304 needs nothing more."""
    if _matches(request, etag):
        return _response(request, CachedList(etag, b""))
    cached = cached_list_for_etag(resource=resource, project_id=project_id, etag=etag)
    return _response(request, cached) if cached is not None else None


def current_etag_key(*, resource, project_id):
    """The cache key of a list's current ETag, for the rate-limit round trip to read along."""
    return _etag_key(resource, project_id)


def _matches(request, etag):
    tags = _if_none_match(request)
    return etag in tags or "*" in tags


def _response(request, cached):
    if _matches(request, cached.etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(cached.body, content_type="application/json")
    response["ETag"] = cached.etag
    response["Cache-Control"] = f"public, max-age={settings.PULSE_PUBLIC_CACHE_SECONDS}"
    response["Vary"] = VISITOR_HEADER_NAME
    return response


def earliest(*moments):
    """The earliest of the given datetimes that lies in the future, or None."""
    now = timezone.now()
    future = [moment for moment in moments if isinstance(moment, datetime) and moment > now]
    return min(future) if future else None
