"""URLs of the notifications app, by API family."""

from django.urls import path

from pulse.api.routers import OptionalSlashRouter

from . import views
from .admin_api import NotificationAdminViewSet
from .api import NotificationViewSet

public_router = OptionalSlashRouter()
public_router.register("notifications", NotificationViewSet, basename="notifications")

admin_router = OptionalSlashRouter()
admin_router.register("notifications", NotificationAdminViewSet, basename="admin-notifications")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = [
    path("p/<slug:slug>/notifications/", views.notification_list, name="notifications-dashboard"),
]

# Links in emails: no login, the token is the authority (notifications/emails.py).
dashboard_urlpatterns += [
    path("e/confirm/<str:token>/", views.confirm_email, name="email-confirm"),
    path("e/unsubscribe/<str:token>/", views.unsubscribe_email, name="email-unsubscribe"),
]
