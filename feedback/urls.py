"""URLs of the feedback app, by API family (with or without a trailing slash)."""

from pulse.api.routers import OptionalSlashRouter

from .admin_api import FeedbackAdminViewSet
from .api import FeedbackViewSet

public_router = OptionalSlashRouter()
public_router.register("feedback", FeedbackViewSet, basename="feedback")

admin_router = OptionalSlashRouter()
admin_router.register("feedback", FeedbackAdminViewSet, basename="admin-feedback")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = []
