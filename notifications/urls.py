"""URLs of the notifications app, by API family."""

from django.urls import path

from pulse.api.routers import OptionalSlashRouter

from . import views
from .admin_api import NotificationAdminViewSet
from .api import NotificationViewSet
from .webhooks_api import SubscribeViewSet, WebhookAdminViewSet

public_router = OptionalSlashRouter()
public_router.register("notifications", NotificationViewSet, basename="notifications")
public_router.register("subscribe", SubscribeViewSet, basename="subscribe")

admin_router = OptionalSlashRouter()
admin_router.register("notifications", NotificationAdminViewSet, basename="admin-notifications")
admin_router.register("webhooks", WebhookAdminViewSet, basename="admin-webhooks")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = [
    path("p/<slug:slug>/notifications/", views.notification_list, name="notifications-dashboard"),
    path("p/<slug:slug>/webhooks/", views.webhook_list, name="webhooks-dashboard"),
    path("p/<slug:slug>/webhooks/<uuid:endpoint_id>/", views.webhook_detail, name="webhook-detail"),
    path("p/<slug:slug>/email-preferences/", views.email_preferences, name="email-preferences"),
]

# Links in emails: no login, the token is the authority (notifications/emails.py).
dashboard_urlpatterns += [
    path("e/confirm/<str:token>/", views.confirm_email, name="email-confirm"),
    path("e/unsubscribe/<str:token>/", views.unsubscribe_email, name="email-unsubscribe"),
    path("e/team-unsubscribe/<str:token>/", views.team_unsubscribe_email, name="email-team-unsubscribe"),
]
