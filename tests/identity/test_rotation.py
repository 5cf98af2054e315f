"""Rotating the identity secret: the new secret verifies at once, the previous one during the
overlap only; the secret is stored sealed, never in the clear."""

from datetime import timedelta

from django.utils import timezone

from projects.models import Project
from projects.selectors import forget_cached_projects
from projects.services import rotate_identity_secret

from .conftest import mint, token_header

FEEDBACK = "/api/v1/projects/acme/feedback"


def status_with(api_client, secret):
    return api_client.get(FEEDBACK, **token_header(mint(secret))).status_code


def test_after_a_rotation_both_secrets_verify_during_the_overlap(api_client, project, secret):
    new = rotate_identity_secret(project=project, overlap_seconds=3600)

    assert (status_with(api_client, secret), status_with(api_client, new)) == (200, 200)


def test_after_the_overlap_only_the_new_secret_verifies(api_client, project, secret):
    new = rotate_identity_secret(project=project, overlap_seconds=3600)
    Project.objects.filter(pk=project.pk).update(identity_previous_secret_expires_at=timezone.now() - timedelta(1))
    forget_cached_projects()  # as LOCAL_SECONDS later

    assert (status_with(api_client, secret), status_with(api_client, new)) == (401, 200)


def test_a_second_rotation_retires_the_first_secret_at_once(api_client, project, secret):
    rotate_identity_secret(project=project)
    newest = rotate_identity_secret(project=project)

    assert (status_with(api_client, secret), status_with(api_client, newest)) == (401, 200)


def test_the_secret_is_stored_sealed_not_in_the_clear(project, secret):
    stored = Project.objects.filter(pk=project.pk).values_list("identity_secret_encrypted", flat=True).get()

    assert secret.startswith("plis_") and len(secret) == 5 + 43
    assert stored and secret not in stored
