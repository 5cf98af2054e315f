"""URLs of the roadmap app, by API family (dashboard pages are added by the dashboard work)."""

from django.urls import re_path

from .admin_api import RoadmapAdminViewSet
from .api import RoadmapViewSet

api_urlpatterns = [
    re_path(r"^roadmap/?$", RoadmapViewSet.as_view({"get": "list"}), name="roadmap-list"),
    re_path(r"^roadmap/(?P<id>[^/]+)/vote/?$", RoadmapViewSet.as_view({"post": "vote"}), name="roadmap-vote"),
]
admin_api_urlpatterns = [
    re_path(
        r"^roadmap/?$",
        RoadmapAdminViewSet.as_view({"get": "list", "post": "create"}),
        name="admin-roadmap-list",
    ),
    re_path(
        r"^roadmap/reorder/?$",
        RoadmapAdminViewSet.as_view({"post": "reorder"}),
        name="admin-roadmap-reorder",
    ),
    re_path(
        r"^roadmap/(?P<id>[^/]+)/?$",
        RoadmapAdminViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"}),
        name="admin-roadmap-detail",
    ),
]
dashboard_urlpatterns = []
