"""Keep this process's project copies (projects.selectors) in step with their rows, and give
every new project its `ContentVersion` row.

A saved or deleted project is forgotten under its slug and, after a rename, under the slug
it was loaded with; other processes read it again within `selectors.LOCAL_SECONDS`. API
keys are not cached anywhere, so their changes need no signal.
"""

from .models import ContentVersion
from .selectors import forget_cached_projects


def project_changed(sender, instance, created=False, **kwargs):
    """post_save and post_delete of a Project."""
    slugs = {instance.slug, getattr(instance, "_loaded_slug", None)} - {None}
    instance._loaded_slug = instance.slug
    forget_cached_projects(slugs)
    if created and not kwargs.get("raw"):
        ContentVersion.objects.get_or_create(project=instance)
