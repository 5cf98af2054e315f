"""Writes on projects and API keys."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import keys
from .models import ApiKey, Membership, Project

LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def create_project(*, name, slug, owner=None):
    project = Project(name=name, slug=slug)
    project.full_clean()
    project.save()
    if owner is not None:
        Membership.objects.create(project=project, user=owner, role=Membership.Role.OWNER)
    return project


def issue_secret(*, api_key):
    """Give an unsaved key its secret: sets prefix and digest, returns the raw key."""
    raw_key = keys.generate_raw_key()
    api_key.prefix = keys.display_prefix(raw_key)
    api_key.digest = keys.key_digest(raw_key)
    return raw_key


def create_api_key(*, project, name, scopes, expires_at=None, created_by=None):
    """Create a key; returns (api_key, raw_key). The raw key exists only in this return value."""
    api_key = ApiKey(project=project, name=name, scopes=list(scopes), expires_at=expires_at, created_by=created_by)
    raw_key = issue_secret(api_key=api_key)
    api_key.save()
    return api_key, raw_key


def revoke_api_key(*, api_key):
    """Revocation is irreversible: a revoked key stays revoked at its first revocation time."""
    if api_key.revoked_at is None:
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now)
        api_key.revoked_at = now
    return api_key


def touch_api_key(*, api_key):
    """Record use, at most once a minute per key so the hot path rarely writes."""
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
