"""Reads of projects and keys that the API core and the dashboard reuse."""

import hashlib
import hmac
import time

from django.db import DatabaseError
from django.utils import timezone

from pulse.memos import register_memo

from . import keys
from .models import ApiKey, Invitation, Membership, Project, VerifiedVisitor

# A project is read from PostgreSQL at most every LOCAL_SECONDS per process and slug (one
# primary-key read): a renamed or deleted slug, and a change of the project's public content
# whose cache invalidation was lost (`ContentVersion`), are seen by every process within this.
LOCAL_SECONDS = 2
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
    # Signed visitor identity (pulse/api/visitors.py): the mode and the sealed secrets, so a
    # token is verified without a query of its own.
    "identity_mode",
    "identity_namespace",
    "identity_secret_encrypted",
    "identity_previous_secret_encrypted",
    "identity_previous_secret_expires_at",
    "board_moderation",  # the idea board: publish at once or hold (issue 20)
)
_domains = {}  # "map" -> (monotonic expiry, {domain: slug})
register_memo(_domains.clear)


def forget_cached_projects(slugs=None):
    """Drop this process's copies of the projects under `slugs` (all when None) and of the
    custom domains: the writer's process sees its own change at once, the others within
    LOCAL_SECONDS."""
    _domains.clear()
    if slugs is None:
        _local.clear()
    for slug in slugs or ():
        _local.pop(slug, None)
    _domains.clear()


def get_project_by_slug(slug):
    """The project for a public slug, None if unknown; read from PostgreSQL at most every
    LOCAL_SECONDS in this process.

    Returns a Project carrying `PUBLIC_PROJECT_FIELDS` and `content_version` (its
    `ContentVersion`, 0 without a row) only, enough to scope queries, draw the portal and
    check a cached list, so the hot public paths skip a join or a lookup per request. The
    instance is shared by this process's requests for a few seconds: read it, never change
    or save it. While the database is unreachable the last copy this process read is kept
    (cached lists go on being served); with none, the database's OperationalError is raised
    (the API's 503).
    """
    now = time.monotonic()
    local = _local.get(slug)
    if local is None or local[0] <= now:
        try:
            row = Project.objects.filter(slug=slug).values(*PUBLIC_PROJECT_FIELDS, "content__version").first()
        except DatabaseError:
            if local is None:
                raise
            return local[1]
        project = None
        if row is not None:
            version = row.pop("content__version")
            project = Project(**row)
            project.content_version = version or 0
        if len(_local) > 10_000:
            _local.clear()
        local = _local[slug] = (now + LOCAL_SECONDS, project)
    return local[1]


def custom_domains():
    """{custom domain: project slug} of every project that names a domain.

    Read on every request (the allowed hosts, the portal's host routing), so it costs no
    query per request: this process's copy for `LOCAL_SECONDS`, then one query. A new or
    removed domain is seen by the writer's process at once (`forget_cached_projects`) and
    by the others within `LOCAL_SECONDS`. While the database is unreachable the last copy
    is kept (none: no custom domain is served).
    """
    now = time.monotonic()
    local = _domains.get("map")
    if local is None or local[0] <= now:
        try:
            mapping = dict(Project.objects.filter(custom_domain__isnull=False).values_list("custom_domain", "slug"))
        except DatabaseError:
            mapping = local[1] if local is not None else {}
        local = _domains["map"] = (now + LOCAL_SECONDS, mapping)
    return local[1]


def find_active_api_key(raw_key):
    """The active key matching `raw_key` (with its project), or None. Malformed keys cost no query.

    Read from PostgreSQL on every request (one indexed query, with the project), never from
    a cache: a revoked, expired or deleted key is refused from the first request after the
    change commits, in every process, whatever Redis does (issue 16).
    """
    if not keys.is_well_formed(raw_key):
        return None
    api_key = _stored_api_key(raw_key, keys.key_digest(raw_key))
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


def verified_visitors(*, project_id, visitor_ids):
    """{visitor UUID: VerifiedVisitor} of those of `visitor_ids` a signed token named (issue 22):
    what the team sees of who wrote; one query. Never for public pages."""
    visitor_ids = {visitor_id for visitor_id in visitor_ids if visitor_id is not None}
    if not visitor_ids:
        return {}
    return {v.visitor_id: v for v in VerifiedVisitor.objects.filter(project_id=project_id, visitor_id__in=visitor_ids)}


def verified_email(*, project_id, visitor_id):
    """The email the customer's server signed for this visitor (`VerifiedVisitor`, issue 22),
    or "" for an unsigned visitor or one signed without an email."""
    row = VerifiedVisitor.objects.filter(project_id=project_id, visitor_id=visitor_id).values_list("email", flat=True)
    return row.first() or ""
