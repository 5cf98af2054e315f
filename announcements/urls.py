"""URLs of the announcements app, by API family."""

from pulse.api.routers import OptionalSlashRouter

from .admin_api import AnnouncementAdminViewSet
from .api import AnnouncementViewSet

public_router = OptionalSlashRouter()
public_router.register("announcements", AnnouncementViewSet, basename="announcements")

admin_router = OptionalSlashRouter()
admin_router.register("announcements", AnnouncementAdminViewSet, basename="admin-announcements")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = []
