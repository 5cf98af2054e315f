"""URLs of the changelog app, by API family."""

from django.urls import path, re_path

from pulse.api.routers import OptionalSlashRouter

from . import portal, views
from .admin_api import ChangelogAdminViewSet
from .api import ChangelogViewSet
from .feeds import changelog_atom, changelog_rss

public_router = OptionalSlashRouter()
public_router.register("changelog", ChangelogViewSet, basename="changelog")

admin_router = OptionalSlashRouter()
admin_router.register("changelog", ChangelogAdminViewSet, basename="admin-changelog")

api_urlpatterns = [
    re_path(r"^changelog\.rss/?$", changelog_rss, name="changelog-feed"),
    re_path(r"^changelog\.atom/?$", changelog_atom, name="changelog-atom"),
    *public_router.urls,
]
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = [
    path("p/<slug:slug>/changelog/", views.entry_list, name="changelog-dashboard"),
    path("p/<slug:slug>/changelog/new/", views.entry_create, name="changelog-dashboard-new"),
    path("p/<slug:slug>/changelog/preview/", views.entry_preview, name="changelog-dashboard-preview"),
    path("p/<slug:slug>/changelog/<uuid:pk>/", views.entry_edit, name="changelog-dashboard-edit"),
    path("p/<slug:slug>/changelog/<uuid:pk>/delete/", views.entry_delete, name="changelog-dashboard-delete"),
    path("p/<slug:slug>/changelog/<uuid:pk>/summary/", views.entry_regenerate_summary, name="changelog-summary"),
]
portal_urlpatterns = [
    path("changelog/", portal.changelog_index, name="portal-changelog"),
    path("changelog/feed.rss", portal.changelog_rss, name="portal-changelog-rss"),
    path("changelog/feed.atom", portal.changelog_atom, name="portal-changelog-atom"),
    path("changelog/<uuid:entry_id>/", portal.changelog_entry, name="portal-changelog-entry-short"),
    path("changelog/<uuid:entry_id>/<slug:title>/", portal.changelog_entry, name="portal-changelog-entry"),
]
