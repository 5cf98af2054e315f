"""URLs of the roadmap app, by API family (dashboard pages are added by the dashboard work)."""

from django.urls import path, re_path

from . import portal, views
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
dashboard_urlpatterns = [
    path("p/<slug:slug>/roadmap/", views.board, name="roadmap-dashboard"),
    path("p/<slug:slug>/roadmap/new/", views.entry_create, name="roadmap-dashboard-new"),
    path("p/<slug:slug>/roadmap/<uuid:pk>/", views.entry_edit, name="roadmap-dashboard-edit"),
    path("p/<slug:slug>/roadmap/<uuid:pk>/delete/", views.entry_delete, name="roadmap-dashboard-delete"),
    path("p/<slug:slug>/roadmap/<uuid:pk>/status/", views.entry_status, name="roadmap-dashboard-status"),
    path("p/<slug:slug>/roadmap/<uuid:pk>/move/", views.entry_move, name="roadmap-dashboard-move"),
]
portal_urlpatterns = [
    path("roadmap/", portal.roadmap_page, name="portal-roadmap"),
    path("roadmap/<uuid:entry_id>/vote/", portal.roadmap_vote, name="portal-roadmap-vote"),
    path("roadmap/<uuid:entry_id>/subscribe/", portal.roadmap_subscribe, name="portal-roadmap-subscribe"),
]
