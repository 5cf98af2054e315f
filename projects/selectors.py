"""Reads of projects and keys that the API core and the dashboard reuse."""

import hmac
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache

from pulse.memos import register_memo

from . import keys
from .models import ApiKey, Membership, Project

PROJECT_CACHE_SECONDS = 300
# A few seconds in this process before asking the shared cache again: saves a round trip
# per public request; a renamed or deleted slug is seen by other processes within this.
LOCAL_SECONDS = 5
_local = {}  # slug -> (monotonic expiry, Project or None)
register_memo(_local.clear)

# What the public paths read of a project: the API's scope and the portal's look.
PUBLIC_PROJECT_FIELDS = (
    "id",
    "slug",
    "name",
    "portal_public",
    "accent_color",
    "logo_url",
    "default_locale",
    "custom_domain",
)
CUSTOM_DOMAINS_KEY = "project:custom-domains"
_domains = {}  # "map" -> (monotonic expiry, {domain: slug})
register_memo(_domains.clear)

API_KEY_CACHE_SECONDS = 60
STALE = "stale"  # cached in place of a key that changed: read it from the database


def project_cache_key(slug):
    return f"project:slug:{slug}"


def api_key_cache_key(digest):
    return f"apikey:{digest}"


def forget_cached_projects(slugs):
    """Drop the projects cached under `slugs`, shared and in this process (projects.signals)."""
    cache.delete_many([project_cache_key(slug) for slug in slugs] + [CUSTOM_DOMAINS_KEY])
    for slug in slugs:
        _local.pop(slug, None)
    _domains.clear()


def forget_cached_api_keys(digests):
    """Mark the keys' cached copies stale for twice their lifetime, so that a request that
    read a key just before it changed cannot cache its old state again (it only `add`s)."""
    cache.set_many({api_key_cache_key(digest): STALE for digest in digests}, 2 * API_KEY_CACHE_SECONDS)


def get_project_by_slug(slug):
    """The project for a public slug, from the caches when possible; None if unknown.

    Returns a Project carrying `PUBLIC_PROJECT_FIELDS` only (enough to scope queries and
    draw the portal) so the
    hot public paths skip a join or a lookup per request. The instance is shared by this
    process's requests for a few seconds: read it, never change or save it.
    """
    now = time.monotonic()
    local = _local.get(slug)
    if local is None or local[0] <= now:
        cached = _shared_project(slug)
        if len(_local) > 10_000:
            _local.clear()
        local = _local[slug] = (now + LOCAL_SECONDS, Project(**cached) if cached else None)
    return local[1]


def _shared_project(slug):
    key = project_cache_key(slug)
    try:
        cached = cache.get(key)
    except Exception:
        cached = None
    if cached is None:
        row = Project.objects.filter(slug=slug).values(*PUBLIC_PROJECT_FIELDS).first()
        cached = row or {}
        try:
            cache.set(key, cached, PROJECT_CACHE_SECONDS if row else 10)
        except Exception:
            pass
    return cached


def custom_domains():
    """{custom domain: project slug} of every project that names a domain.

    Read on every request (the allowed hosts, the portal's host routing), so it costs no
    query: this process's copy for `LOCAL_SECONDS`, then the shared cache (dropped with
    the project caches on every project save or delete, `forget_cached_projects`), then
    one query. Another process sees a new or removed domain within `LOCAL_SECONDS`.
    """
    now = time.monotonic()
    local = _domains.get("map")
    if local is None or local[0] <= now:
        try:
            mapping = cache.get(CUSTOM_DOMAINS_KEY)
        except Exception:
            mapping = None
        if mapping is None:
            mapping = dict(Project.objects.filter(custom_domain__isnull=False).values_list("custom_domain", "slug"))
            try:
                cache.set(CUSTOM_DOMAINS_KEY, mapping, PROJECT_CACHE_SECONDS)
            except Exception:
                pass
        local = _domains["map"] = (now + LOCAL_SECONDS, mapping)
    return local[1]


def find_active_api_key(raw_key):
    """The active key matching `raw_key` (with its project), or None. Malformed keys cost no query.

    Keys are cached by digest for a minute; every change to a key marks its cached copy
    stale (`forget_cached_api_keys`), so a revoked key is refused at once everywhere.
    """
    if not keys.is_well_formed(raw_key):
        return None
    digest = keys.key_digest(raw_key)
    cache_key = api_key_cache_key(digest)
    try:
        api_key = cache.get(cache_key)
    except Exception:
        api_key = STALE
    if api_key is None or api_key == STALE:
        api_key = _stored_api_key(raw_key, digest)
        if api_key is not None and api_key != STALE:
            try:
                cache.add(cache_key, api_key, API_KEY_CACHE_SECONDS)
            except Exception:
                pass
    return api_key if api_key is not None and api_key.is_active else None


def _stored_api_key(raw_key, digest):
    candidates = ApiKey.objects.select_related("project").filter(prefix=keys.display_prefix(raw_key))
    for api_key in candidates:
        if hmac.compare_digest(api_key.digest, digest):
            return api_key
    return None


def memberships_for_user(user):
    """The user's memberships with their projects, for the project list."""
    return Membership.objects.filter(user=user).select_related("project").order_by("project__name")


def members_of(project):
    return Membership.objects.filter(project=project).select_related("user").order_by("user__username")


def api_keys_of(project):
    return ApiKey.objects.filter(project=project).select_related("created_by").order_by("-created_at")


def find_user(identifier):
    """The user with this username, or else this email (case-insensitive); None if unknown.

    Raises MultipleObjectsReturned when an email is shared by several accounts.
    """
    User = get_user_model()
    identifier = identifier.strip()
    user = User.objects.filter(username__iexact=identifier).first()
    if user is None and "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier)[:2])
        if len(matches) > 1:
            raise User.MultipleObjectsReturned(identifier)
        user = matches[0] if matches else None
    return user
