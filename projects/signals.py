"""Keep the cached projects and API keys (projects.selectors) in step with their rows.

A saved or deleted project leaves the caches under its slug and, after a rename, under the
slug it was loaded with. A changed or deleted key is marked stale, so a revoked key is
refused at once everywhere; a new key has no cached copy to forget. Writes that bypass
signals (queryset `update`) forget explicitly (`services.revoke_api_key`).
"""

from django.db import transaction

from pulse.api.caching import invalidate_public_cache

from .selectors import forget_cached_api_keys, forget_cached_projects

PORTAL_RESOURCE = "project"  # the portal pages' share of the project: name, look, visibility


def project_changed(sender, instance, **kwargs):
    """post_save and post_delete of a Project: forget now and, inside a transaction (a
    delete always is), again once it commits, so a request that read the old row in
    between cannot leave it cached."""
    slugs = {instance.slug, getattr(instance, "_loaded_slug", None)} - {None}
    instance._loaded_slug = instance.slug
    forget_cached_projects(slugs)
    invalidate_public_cache(resource=PORTAL_RESOURCE, project_id=instance.pk)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: forget_cached_projects(slugs))


def api_key_saved(sender, instance, created, **kwargs):
    if not created:
        forget_cached_api_keys([instance.digest])


def api_key_deleted(sender, instance, **kwargs):
    """Also for keys deleted with their project, or in bulk in the admin."""
    forget_cached_api_keys([instance.digest])
