"""URLs of the announcements app, by API family."""

from django.urls import path

from pulse.api.routers import OptionalSlashRouter

from . import views
from .admin_api import AnnouncementAdminViewSet
from .api import AnnouncementViewSet

public_router = OptionalSlashRouter()
public_router.register("announcements", AnnouncementViewSet, basename="announcements")

admin_router = OptionalSlashRouter()
admin_router.register("announcements", AnnouncementAdminViewSet, basename="admin-announcements")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = [
    path("p/<slug:slug>/announcements/", views.announcement_list, name="announcements-dashboard"),
    path("p/<slug:slug>/announcements/new/", views.announcement_create, name="announcements-dashboard-new"),
    path("p/<slug:slug>/announcements/<uuid:pk>/", views.announcement_edit, name="announcements-dashboard-edit"),
    path(
        "p/<slug:slug>/announcements/<uuid:pk>/delete/",
        views.announcement_delete,
        name="announcements-dashboard-delete",
    ),
]
