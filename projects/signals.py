"""Keep this process's project copies (projects.selectors) in step with their rows, and give
every new project its `ContentVersion` row; a project's change drops its portal pages.

A saved or deleted project is forgotten under its slug and, after a rename, under the slug
it was loaded with; other processes read it again within `selectors.LOCAL_SECONDS`. API
keys are not cached anywhere, so their changes need no signal. A member's time zone goes
into the session at log-in.
"""

from django.db import transaction
from django.db.models.signals import post_delete

from pulse.api.caching import invalidate_public_cache

from .models import ContentVersion, UserSettings
from .selectors import forget_cached_projects

PORTAL_RESOURCE = "project"  # the portal pages' share of the project: name, look, visibility


def project_changed(sender, instance, created=False, **kwargs):
    """post_save and post_delete of a Project."""
    slugs = {instance.slug, getattr(instance, "_loaded_slug", None)} - {None}
    instance._loaded_slug = instance.slug
    forget_cached_projects(slugs)
    if created and not kwargs.get("raw"):
        ContentVersion.objects.get_or_create(project=instance)
    if kwargs.get("signal") is not post_delete:  # a deleted project's pages are 404s already
        invalidate_public_cache(resource=PORTAL_RESOURCE, project_id=instance.pk)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: forget_cached_projects(slugs))


def user_logged_in(sender, request, user, **kwargs):
    """Put the member's time zone (UserSettings) in the session for UserTimeZoneMiddleware."""
    from .middleware import TIME_ZONE_SESSION_KEY

    zone = UserSettings.objects.filter(user=user).values_list("time_zone", flat=True).first()
    if request is not None and hasattr(request, "session"):
        request.session[TIME_ZONE_SESSION_KEY] = zone or "UTC"
