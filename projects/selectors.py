"""Reads of projects and keys that the API core and the dashboard reuse."""

import hashlib
import hmac
import time

from django.core.cache import cache
from django.utils import timezone

from pulse.memos import register_memo

from . import keys
from .models import ApiKey, Invitation, Membership, Project

PROJECT_CACHE_SECONDS = 300
# A few seconds in this process before asking the shared cache again: saves a round trip
# per public request; a renamed or deleted slug is seen by other processes within this.
LOCAL_SECONDS = 5
_local = {}  # slug -> (monotonic expiry, Project or None)
register_memo(_local.clear)

API_KEY_CACHE_SECONDS = 60
STALE = "stale"  # cached in place of a key that changed: read it from the database


def project_cache_key(slug):
    return f"project:slug:{slug}"


def api_key_cache_key(digest):
    return f"apikey:{digest}"


def forget_cached_projects(slugs):
    """Drop the projects cached under `slugs`, shared and in this process (projects.signals)."""
    cache.delete_many([project_cache_key(slug) for slug in slugs])
    for slug in slugs:
        _local.pop(slug, None)


def forget_cached_api_keys(digests):
    """Mark the keys' cached copies stale for twice their lifetime, so that a request that
    read a key just before it changed cannot cache its old state again (it only `add`s)."""
    cache.set_many({api_key_cache_key(digest): STALE for digest in digests}, 2 * API_KEY_CACHE_SECONDS)


def get_project_by_slug(slug):
    """The project for a public slug, from the caches when possible; None if unknown.

    Returns a Project carrying id, slug and name only (enough to scope queries) so the
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
        row = Project.objects.filter(slug=slug).values("id", "slug", "name").first()
        cached = row or {}
        try:
            cache.set(key, cached, PROJECT_CACHE_SECONDS if row else 10)
        except Exception:
            pass
    return cached


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


def invitation_digest(raw_token):
    """SHA-256 hex of an invitation token: what is stored and looked up."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def pending_invitations_of(project):
    """Invitations not yet accepted nor expired, newest first (what the members page lists)."""
    return Invitation.objects.filter(project=project, accepted_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-created_at"
    )


def find_pending_invitation(raw_token):
    """The pending Invitation (with its project) whose link carries `raw_token`, or None."""
    return (
        Invitation.objects.select_related("project", "invited_by")
        .filter(digest=invitation_digest(raw_token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
