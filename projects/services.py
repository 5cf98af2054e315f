"""Writes on projects, their members and API keys."""

import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pulse.memos import register_memo

from . import keys
from .models import ApiKey, Membership, Project
from .selectors import forget_cached_api_keys

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
    api_key.full_clean(exclude=["project", "created_by"], validate_unique=False)  # the digest is new
    api_key.save()
    return api_key, raw_key


def revoke_api_key(*, api_key):
    """Revocation is irreversible: a revoked key stays revoked at its first revocation time."""
    if api_key.revoked_at is None:
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now)
        api_key.revoked_at = now
    forget_cached_api_keys([api_key.digest])
    transaction.on_commit(lambda: forget_cached_api_keys([api_key.digest]))
    return api_key


_touched = {}  # key id -> when this process may write its last_used_at again (monotonic)
register_memo(_touched.clear)


def touch_api_key(*, api_key):
    """Record use, at most once a minute per key and process so the hot path rarely writes.

    (The key may come from the cache with an older last_used_at: the per-process memo keeps
    that from turning into a write per request.)
    """
    now = timezone.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_RESOLUTION:
        return
    if _touched.get(api_key.pk, 0) > time.monotonic():
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
    if len(_touched) > 10_000:
        _touched.clear()
    _touched[api_key.pk] = time.monotonic() + LAST_USED_RESOLUTION.total_seconds()


LAST_OWNER_MESSAGE = "A project needs at least one owner: make someone else owner first."


@transaction.atomic
def update_project(*, project, name, slug):
    project.name = name
    project.slug = slug
    project.full_clean()
    project.save()
    return project


def delete_project(*, project):
    project.delete()


@transaction.atomic
def add_member(*, project, user, role):
    """Add `user` with `role`; a user already in the project is refused, not silently changed."""
    if Membership.objects.filter(project=project, user=user).exists():
        raise ValidationError(f"{user.username} is already a member of this project.")
    return Membership.objects.create(project=project, user=user, role=role)


def _lock_owners(project):
    """Lock the project's owner rows so two concurrent demotions cannot both pass the check."""
    owners = Membership.objects.select_for_update().filter(project=project, role=Membership.Role.OWNER)
    return list(owners.values_list("pk", flat=True))


@transaction.atomic
def change_member_role(*, membership, role):
    if membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
        if _lock_owners(membership.project) == [membership.pk]:
            raise ValidationError(LAST_OWNER_MESSAGE)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership):
    if membership.role == Membership.Role.OWNER and _lock_owners(membership.project) == [membership.pk]:
        raise ValidationError(LAST_OWNER_MESSAGE)
    membership.delete()
