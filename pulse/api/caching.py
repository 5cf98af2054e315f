"""Cached public lists: rendered bytes per project in Django's cache, strong ETags, 304s.

The hot public GETs (changelog, roadmap, announcements without a visitor) are the same for
every visitor of a project, so the rendered envelope is cached, not the objects. Writes
invalidate through `invalidate_public_cache` (connected to model signals with
`invalidate_on_change`); time-based changes (a scheduled entry going live, an announcement
window opening or closing) are handled by caching no longer than until the next change.

Each list is two cache entries: its ETag, and (ETag, body), under a key that carries the
code's `payload_version()`. A public viewset declares each such read once, as a
`CachedRead` (which list, how it is built, how a visitor's share is taken from it:
announcements minus the visitor's dismissals, published ids minus the viewed ones); its
DRF action and the early path in front of DRF (`PublicReadMiddleware`) both answer with
`CachedRead.respond`. A 304 needs only the ETag; a 200 takes the list from this process's
memory while the shared cache names the same ETag.

No invalidation is lost (issue 16): a write whose delete fails (Redis down, frozen, its
circuit open) adds one to the project's `ContentVersion` in PostgreSQL, in the write's
transaction (after commit for the second delete). Each list's ETag entry carries the
version it was built at, and a list older than the project's version (read with the
project, `projects.selectors.get_project_by_slug`, at most `LOCAL_SECONDS` old) is
rebuilt. So a lost delete leaves a stale list for at most `LOCAL_SECONDS` after the write
commits, not for the rest of its TTL; while Redis works a write costs no extra statement.

A visitor's share of a list is theirs: `Cache-Control: private, no-store`
(`PulseAPIMixin.finish`, the one place that says it for every per-visitor answer).

Rendered HTML pages (the public portal, pulse/portal.py) are cached the same way, per
(page, project): `cached_page` keys each page by the generations of the resources it shows,
and `invalidate_public_cache` of a resource starts a new generation, so the writes that
drop a list drop every page showing it (however many pages, locales and hosts) in one delete.
"""

import functools
import hashlib
import logging
import os
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from ..cache import shared_cache_unavailable
from ..memos import register_memo
from .envelopes import DataEnvelope
from .renderers import data_response, dumps
from .visitors import TOKEN_HEADER_NAME, VISITOR_HEADER_NAME, get_visitor_id

logger = logging.getLogger("pulse.cache")
MAX_CACHE_SECONDS = 3600
# While Redis is skipped, a process serves a list it built for at most this long: the bound
# on a list that a write made stale just before Redis failed (projects.selectors.LOCAL_SECONDS).
LOCAL_SECONDS_WITHOUT_REDIS = 2


LOCAL_LISTS_MAX = 256
_local_lists = OrderedDict()  # (resource, project_id) -> CachedList, the most recently used
register_memo(_local_lists.clear)


@functools.cache
def payload_version():
    """The version in every public cache key: `PULSE_CACHE_VERSION` when set, else a digest of
    Pulse's own Python source (about 2 ms, once per process).

    A deploy that changes how a payload is built changes the digest, so its processes never
    serve a list cached by the previous code (and during a rolling deploy each version reads
    its own entries); an unchanged deploy keeps the warm cache.
    """
    if settings.PULSE_CACHE_VERSION:
        return settings.PULSE_CACHE_VERSION
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for package in sorted(root.iterdir()):
        if (package / "__init__.py").exists() and package.name != "tests":
            for path in sorted(package.rglob("*.py")):
                digest.update(path.read_bytes())
    # The portal's cached pages are rendered from templates and translations.
    for pattern in ("templates/**/*.html", "locale/**/*.mo"):
        for path in sorted(root.glob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _key(resource, project_id):
    return f"public:{payload_version()}:{resource}:{project_id}"


def _etag_key(resource, project_id):
    return f"{_key(resource, project_id)}:etag"


def _generation_key(resource, project_id):
    return f"{_key(resource, project_id)}:pages"


def invalidate_public_cache(*, resource, project_id):
    """Drop the cached list now and, inside a transaction, again once it commits; a delete
    that fails (Redis down, frozen, or its circuit open) makes every cached list of the
    project older than its content instead (`bump_content_version`). So does a write in the
    worker while the cache is each process's own memory (the embedded default, no
    REDIS_URL): its delete cannot reach the web server's copy (a generated summary, a
    scheduled entry going live).

    A request that rebuilt the list between the two deletes read the not yet committed
    state; without the second delete it would stay cached, stale, until the next change.
    """
    if not _delete(resource, project_id) or _cache_unshared_with_the_web_server():
        bump_content_version(project_id=project_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _delete(resource, project_id) or bump_content_version(project_id=project_id))


# Set by a Celery worker at start (pulse/celery.py): this process serves no requests.
SERVES_NO_REQUESTS = "PULSE_SERVES_NO_REQUESTS"


def _cache_unshared_with_the_web_server():
    """True in a process that serves no requests while the default cache is LocMem: what
    it deletes, the web server's own memory keeps. (The web process's own writes delete its
    copy; with Redis every process shares one.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    return os.environ.get(SERVES_NO_REQUESTS) == "1" and isinstance(caches["default"], LocMemCache)


def bump_content_version(*, project_id):
    """Add one to the project's `ContentVersion` (in the caller's transaction, if any): every
    list cached before is then rebuilt on its next read, in this process at once and in
    the others within `projects.selectors.LOCAL_SECONDS`. Costs nothing while Redis works:
    only a failed invalidation calls it."""
    from projects.models import ContentVersion
    from projects.selectors import forget_cached_projects

    try:
        if not ContentVersion.objects.filter(project_id=project_id).update(version=F("version") + 1):
            ContentVersion.objects.get_or_create(project_id=project_id, defaults={"version": 1})
    except DatabaseError as exc:  # after commit, with the database gone too: nothing left to do
        logger.error("Could not mark the cached lists of %s stale: %s", project_id, exc)
        if transaction.get_connection().in_atomic_block:
            raise
    forget_cached_projects()


def _delete(resource, project_id):
    """True when both entries are gone from the shared cache."""
    try:
        cache.delete_many(
            [_etag_key(resource, project_id), _key(resource, project_id), _generation_key(resource, project_id)]
        )
    except Exception as exc:
        logger.warning("Could not invalidate the cached %s of %s: %s", resource, project_id, exc)
        return False
    return True


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


def _envelope(payload):
    return dumps(DataEnvelope.success(payload))


def _build(resource, project_id, build, version, encode=_envelope):
    """build() -> (payload, next_change: datetime | None). Returns (etag, encode(payload)).

    `version` is the project's content version read before building (so the content is at
    least that new): the ETag entry carries it."""
    payload, next_change = build()
    body = encode(payload)
    etag = _etag(body)
    timeout = min(MAX_CACHE_SECONDS, _seconds_until(next_change))
    if timeout > 0 and settings.PULSE_PUBLIC_CACHE_ENABLED:
        try:
            # The body first: whoever sees the ETag finds its body.
            entries = {_key(resource, project_id): (etag, body), _etag_key(resource, project_id): (version, etag)}
            cache.set_many(entries, timeout)
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
    return etag, body


def _if_none_match(request):
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip() for tag in header.split(",") if tag.strip()}


@dataclass
class CachedList:
    """A list as cached: its ETag, its rendered envelope, and (parsed on demand) its data;
    for a copy this process built, the content version and until when (monotonic) it may
    serve it while Redis is unavailable."""

    etag: str
    body: bytes
    version: int = -1
    usable_until: float = 0.0

    @cached_property
    def payload(self):
        return orjson.loads(self.body)["data"]


def current_etag(*, resource, project_id, version):
    """The ETag of the project's cached `resource` list, or None (not cached, built before
    content `version`, cache down)."""
    if not settings.PULSE_PUBLIC_CACHE_ENABLED:
        return None
    try:
        entry = cache.get(_etag_key(resource, project_id))
    except Exception as exc:
        logger.warning("Public cache unavailable, serving from the database: %s", exc)
        return None
    if not isinstance(entry, tuple) or entry[0] < version:
        return None
    return entry[1]


def cached_list(*, resource, project_id, version, build, etag=None, encode=_envelope):
    """The project's `resource` list: this process's copy while the shared cache names its
    ETag, else the shared cache's body, else built (and cached) now.

    `etag` is `current_etag()` when the caller already read it. One small round trip on a
    warm cache (the ETag); the body crosses the network only when this process does not
    hold that version. A body is trusted only with its ETag entry (written with it, see
    `_build`); otherwise the list is rebuilt.
    """
    if etag is None:
        etag = current_etag(resource=resource, project_id=project_id, version=version)
    if etag is not None:
        try:
            cached = _cached_for_etag(resource, project_id, etag)
        except Exception as exc:
            logger.warning("Public cache unavailable, serving from the database: %s", exc)
        else:
            if cached is not None:
                return cached
    elif shared_cache_unavailable():
        # Redis is skipped (its circuit is open): this process's own copy, built less than
        # LOCAL_SECONDS ago and not older than the content version, keeps throughput up;
        # writes meanwhile fail to delete, so they move the version and retire it.
        local = _local_lists.get((resource, project_id))
        if local is not None and local.version >= version and local.usable_until > time.monotonic():
            return local
    built = CachedList(*_build(resource, project_id, build, version, encode))
    if shared_cache_unavailable():
        built.version, built.usable_until = version, time.monotonic() + LOCAL_SECONDS_WITHOUT_REDIS
        _remember_locally(resource, project_id, built)
    return built


def page_resource(*, resources, project_id, page):
    """The cache entry name of a rendered `page` that shows `resources` of a project.

    It carries the current generation of each resource (one round trip), so that
    `invalidate_public_cache` of any of them makes the page's old entry unreachable.
    None when the cache is off or down: the page is rendered and not cached.
    """
    if not settings.PULSE_PUBLIC_CACHE_ENABLED:
        return None
    keys = [_generation_key(resource, project_id) for resource in resources]
    try:
        generations = cache.get_many(keys)
        for key in keys:
            if key not in generations:
                # First reader after an invalidation: start a generation; a concurrent one may win.
                cache.add(key, uuid.uuid4().hex[:12], MAX_CACHE_SECONDS * 24)
                generations[key] = cache.get(key)
    except Exception as exc:
        logger.warning("Public cache unavailable, rendering the page: %s", exc)
        return None
    if any(generations[key] is None for key in keys):
        return None
    digest = hashlib.sha256(page.encode()).hexdigest()[:24]
    return "page:" + ".".join(generations[key] for key in keys) + ":" + digest


def cached_page(*, resources, project_id, version, page, build):
    """A rendered page (CachedList with HTML bytes as `body`), cached like a public list.

    - `resources`: the cached resources the page shows (e.g. ("project", "changelog"));
      a write invalidating any of them (`invalidate_public_cache`) drops the page;
    - `version`: the project's content version (`get_project_by_slug`), as for lists;
    - `page`: everything the bytes depend on besides those (origin, path, query, locale);
    - `build()` -> (html bytes, datetime of the next time-based change or None).
    """
    resource = page_resource(resources=resources, project_id=project_id, page=page)
    if resource is None:
        body, _ = build()
        return CachedList(_etag(body), body)
    return cached_list(resource=resource, project_id=project_id, version=version, build=build, encode=bytes)


def _cached_for_etag(resource, project_id, etag):
    local = _local_lists.get((resource, project_id))
    if local is not None and local.etag == etag:
        return local
    found = cache.get(_key(resource, project_id))
    if found is None or found[0] != etag:
        return None
    return _remember_locally(resource, project_id, CachedList(*found))


def _remember_locally(resource, project_id, cached):
    _local_lists[(resource, project_id)] = cached
    _local_lists.move_to_end((resource, project_id))
    if len(_local_lists) > LOCAL_LISTS_MAX:
        _local_lists.popitem(last=False)
    return cached


@dataclass(frozen=True)
class CachedRead:
    """A public GET answered from a cached list, declared once on its viewset.

    - `resource`: the cache entry's name (one per project);
    - `build(project_id)` -> (payload, datetime of the next time-based change or None);
    - `for_visitor(payload, *, project_id, visitor_id)` -> the visitor's data, for reads
      that depend on the visitor (`x-pulse-user-id`); None when the list is everyone's;
    - `visitor_required`: a missing visitor header is a 401 (else the list is answered).

    `respond()` is the whole read: the DRF action (`PublicProjectViewSet.cached_read`) and
    the early path (`PublicReadMiddleware`) both run it, so they answer alike.
    """

    resource: str
    build: Callable
    for_visitor: Callable | None = None
    visitor_required: bool = False

    def visitor_of(self, request):
        """The visitor this read is for: None when it is everyone's; 401/400 as the seed says."""
        if self.for_visitor is None:
            return None
        return get_visitor_id(request, required=self.visitor_required)

    def respond(self, request, *, project, visitor_id):
        """The list (strong ETag, 304 on If-None-Match) or, for a visitor, their share of it.

        `project` as `get_project_by_slug` returns it (id and `content_version`)."""
        project_id, version = project.id, project.content_version
        etag = current_etag(resource=self.resource, project_id=project_id, version=version)
        if visitor_id is None and etag is not None and if_none_match_matches(request, etag):
            return _response(request, CachedList(etag, b""))  # a 304 needs no body
        cached = cached_list(
            resource=self.resource,
            project_id=project_id,
            version=version,
            build=lambda: self.build(project_id),
            etag=etag,
        )
        if visitor_id is None:
            return _response(request, cached)
        data = self.for_visitor(cached.payload, project_id=project_id, visitor_id=visitor_id)
        response = data_response(data)
        patch_vary_headers(response, [VISITOR_HEADER_NAME, TOKEN_HEADER_NAME])
        return response


def if_none_match_matches(request, etag):
    """True when the request's If-None-Match names `etag` (or "*"): answer 304 (RFC 9110, 13.1.2)."""
    tags = _if_none_match(request)
    return etag in tags or "*" in tags


def _response(request, cached):
    if if_none_match_matches(request, cached.etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(cached.body, content_type="application/json")
    response["ETag"] = cached.etag
    response["Cache-Control"] = f"public, max-age={settings.PULSE_PUBLIC_CACHE_SECONDS}"
    response["Vary"] = f"{VISITOR_HEADER_NAME}, {TOKEN_HEADER_NAME}"  # a signed visitor gets their own share
    return response


def earliest(*moments):
    """The earliest of the given datetimes that lies in the future, or None."""
    now = timezone.now()
    future = [moment for moment in moments if isinstance(moment, datetime) and moment > now]
    return min(future) if future else None
