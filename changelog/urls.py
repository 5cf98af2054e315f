"""URLs of the changelog app, by API family."""

from django.urls import re_path

from pulse.api.routers import OptionalSlashRouter

from .admin_api import ChangelogAdminViewSet
from .api import ChangelogViewSet
from .feeds import changelog_rss

public_router = OptionalSlashRouter()
public_router.register("changelog", ChangelogViewSet, basename="changelog")

admin_router = OptionalSlashRouter()
admin_router.register("changelog", ChangelogAdminViewSet, basename="admin-changelog")

api_urlpatterns = [
    re_path(r"^changelog\.rss/?$", changelog_rss, name="changelog-feed"),
    *public_router.urls,
]
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = []
