"""URLs of the analytics app, by API family."""

from django.urls import path, re_path

from . import views
from .api import TrackEventViewSet
from .events_api import EventViewSet, TopEventsViewSet

api_urlpatterns = [
    re_path(r"^events/?$", TrackEventViewSet.as_view({"post": "create"}), name="project-events-track"),
]
admin_api_urlpatterns = []
dashboard_urlpatterns = [
    path("p/<slug:slug>/analytics/", views.analytics, name="analytics-dashboard"),
]
events_api_urlpatterns = [
    re_path(r"^events/?$", EventViewSet.as_view({"get": "list", "post": "create"}), name="events"),
    re_path(r"^events/batch/?$", EventViewSet.as_view({"post": "batch"}), name="events-batch"),
    re_path(r"^reports/top-events/?$", TopEventsViewSet.as_view({"get": "list"}), name="events-top"),
]
