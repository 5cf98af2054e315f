"""URLs of the notifications app, by API family (filled in by its issue)."""

from django.urls import path

from . import views

api_urlpatterns = []
admin_api_urlpatterns = []
dashboard_urlpatterns = [
    path("p/<slug:slug>/notifications/", views.notification_list, name="notifications-dashboard"),
]
