"""URLs of the projects app, by API family."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from . import views
from .admin_api import MeViewSet

admin_api_urlpatterns = [
    re_path(r"^me/?$", MeViewSet.as_view({"get": "retrieve"}), name="admin-me"),
]
api_urlpatterns = []
dashboard_urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
