"""Writes on projects, their members and API keys."""

import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.events import team_invitation
from pulse.api.visitors import IDENTITY_SECRET_SALT
from pulse.memos import register_memo
from pulse.sealed import seal

from . import keys
from .models import ApiKey, IdentityMode, Invitation, Membership, Project, UserSettings, VerifiedVisitor
from .selectors import invitation_digest

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
    """Revocation is irreversible: a revoked key stays revoked at its first revocation time.

    Refused from the next request on: keys are read from PostgreSQL on every request
    (`selectors.find_active_api_key`), so nothing cached needs forgetting.
    """
    if api_key.revoked_at is None:
        now = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=now)
        api_key.revoked_at = now
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
def update_project(*, project, name, slug, ai_enabled=None):
    """Rename the project or change its slug; `ai_enabled` (None: unchanged) turns the AI
    features (changelog summaries, issue 23) on or off."""
    project.name = name
    project.slug = slug
    if ai_enabled is not None:
        project.ai_enabled = ai_enabled
    project.full_clean()
    project.save()
    return project


PORTAL_FIELDS = ("portal_public", "accent_color", "logo_url", "default_locale", "custom_domain", "board_moderation")


@transaction.atomic
def update_portal(*, project, **fields):
    """Change the project's portal settings (`PORTAL_FIELDS`); the save's signal drops the
    cached project, the custom-domain map and every cached portal page (projects.signals)."""
    unknown = set(fields) - set(PORTAL_FIELDS)
    if unknown:
        raise TypeError(f"Not a portal setting: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save(update_fields=[*fields, "updated_at"])
    return project


def delete_project(*, project):
    project.delete()


# Signed visitor identity (issue 22; verification in pulse/api/visitors.py)

IDENTITY_SECRET_PREFIX = "plis_"
NO_IDENTITY_SECRET_MESSAGE = "Create an identity secret first: verified only needs your server to sign its users."


def new_identity_secret():
    """'plis_' + 43 URL-safe characters (32 random bytes): an HS256 key of 256 bits (RFC 7518, 3.2)."""
    return IDENTITY_SECRET_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def rotate_identity_secret(*, project, overlap_seconds=None):
    """A new identity secret for `project` (returned, to be shown once; stored sealed).

    The secret it replaces, if any, still verifies tokens for `overlap_seconds` (default
    `PULSE_IDENTITY_SECRET_OVERLAP_SECONDS`), so the customer's servers can switch without a
    gap; a secret older than that stops verifying at once. The save's signal drops the
    cached project (projects.signals): other processes verify with the new secret within
    `selectors.LOCAL_SECONDS`.
    """
    if overlap_seconds is None:
        overlap_seconds = settings.PULSE_IDENTITY_SECRET_OVERLAP_SECONDS
    fields = ["identity_secret_encrypted", "identity_previous_secret_encrypted", "identity_previous_secret_expires_at"]
    current = Project.objects.select_for_update().filter(pk=project.pk).values_list(fields[0], flat=True).get()
    secret = new_identity_secret()
    if current:
        project.identity_previous_secret_encrypted = current
        project.identity_previous_secret_expires_at = timezone.now() + timedelta(seconds=overlap_seconds)
    project.identity_secret_encrypted = seal(secret, salt=IDENTITY_SECRET_SALT)
    project.save(update_fields=[*fields, "updated_at"])
    return secret


@transaction.atomic
def set_identity_mode(*, project, mode):
    """Anonymous allowed or verified only (`IdentityMode`); verified only needs a secret
    (ValidationError otherwise)."""
    if mode == IdentityMode.VERIFIED and not project.identity_secret_encrypted:
        raise ValidationError({"identity_mode": NO_IDENTITY_SECRET_MESSAGE})
    project.identity_mode = mode
    project.full_clean()
    project.save(update_fields=["identity_mode", "updated_at"])
    return project


def record_verified_visitor(*, project_id, visitor_id, sub, name="", email="", avatar=""):
    """Create or update the team's record of a signed visitor, as their latest token says."""
    visitor, _ = VerifiedVisitor.objects.update_or_create(
        project_id=project_id,
        visitor_id=visitor_id,
        defaults={"subject": sub, "name": name, "email": email, "avatar": avatar, "last_seen_at": timezone.now()},
    )
    return visitor


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


# Invitations


@transaction.atomic
def invite_member(*, project, email, role, invited_by=None):
    """Create an invitation and email its link (a `team.invitation` outbox event, in this
    transaction); returns (invitation, raw_token). The token is stored only as a digest on
    the invitation and encrypted (Fernet, notifications/secrets.py) in the outbox event,
    which is pruned after PULSE_OUTBOX_KEEP_DAYS.

    `email` is kept as typed (stripped) and shown to the project's members; no account is
    looked up by it. Expires after `PULSE_INVITATION_DAYS` days. Raises ValidationError for
    an invalid address or role.
    """
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation(
        project=project,
        email=email.strip(),
        role=role,
        digest=invitation_digest(raw_token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.PULSE_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    team_invitation(invitation, raw_token)
    return invitation, raw_token


INVITATION_GONE_MESSAGE = "This invitation link is not valid: it was used, cancelled or has expired."


@transaction.atomic
def accept_invitation(*, raw_token, user):
    """`user` joins the invitation's project with its role; returns the Membership.

    Whoever is signed in holding the link may accept (the link is the secret: addresses are
    not verified, so matching them would protect nothing). Single use: the row is locked
    and marked accepted. A user already in the project keeps the role they have. Raises
    ValidationError(INVITATION_GONE_MESSAGE) for an unknown, used or expired token.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("project")
        .filter(digest=invitation_digest(raw_token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if invitation is None:
        raise ValidationError(INVITATION_GONE_MESSAGE)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    membership = Membership.objects.filter(project=invitation.project, user=user).first()
    if membership is None:
        membership = Membership.objects.create(project=invitation.project, user=user, role=invitation.role)
    return membership


def cancel_invitation(*, invitation):
    """Delete a pending invitation: its link stops working at once."""
    invitation.delete()


def set_time_zone(*, user, time_zone):
    """Store the member's time zone (an IANA name from `time_zone_choices`); returns UserSettings."""
    user_settings, _ = UserSettings.objects.update_or_create(user=user, defaults={"time_zone": time_zone})
    return user_settings
