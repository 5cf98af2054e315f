"""URLs of the projects app, by API family."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from . import portal, views
from .admin_api import MeViewSet

admin_api_urlpatterns = [
    re_path(r"^me/?$", MeViewSet.as_view({"get": "retrieve"}), name="admin-me"),
]
api_urlpatterns = []
dashboard_urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("projects/new/", views.project_create, name="project-create"),
    path("p/<slug:slug>/", views.project_overview, name="project-overview"),
    path("p/<slug:slug>/settings/", views.project_settings, name="project-settings"),
    path("p/<slug:slug>/settings/portal/", views.portal_settings, name="project-portal-settings"),
    path("p/<slug:slug>/settings/identity/", views.identity_settings, name="project-identity-settings"),
    path("p/<slug:slug>/settings/identity/secret/", views.identity_secret_rotate, name="project-identity-secret"),
    path("p/<slug:slug>/settings/portal/theme", views.portal_theme, name="project-portal-theme"),
    path("p/<slug:slug>/delete/", views.project_delete, name="project-delete"),
    path("p/<slug:slug>/members/", views.members, name="project-members"),
    path("p/<slug:slug>/members/add/", views.member_add, name="project-member-add"),
    path("p/<slug:slug>/members/<int:pk>/role/", views.member_role, name="project-member-role"),
    path("p/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="project-member-remove"),
    path("p/<slug:slug>/invitations/<uuid:pk>/cancel/", views.invitation_cancel, name="project-invitation-cancel"),
    path("p/<slug:slug>/keys/", views.api_keys, name="project-keys"),
    path("p/<slug:slug>/keys/new/", views.api_key_create, name="project-key-create"),
    path("p/<slug:slug>/keys/<uuid:pk>/revoke/", views.api_key_revoke, name="project-key-revoke"),
    path("p/<slug:slug>/install/", views.install_page, name="project-install"),
    path("p/<slug:slug>/install/preview/", views.install_preview, name="project-install-preview"),
]
portal_urlpatterns = [
    path("", portal.home, name="portal-home"),
    path("sitemap.xml", portal.sitemap, name="portal-sitemap"),
    path("robots.txt", portal.robots, name="portal-robots"),
    path("theme.css", portal.theme_css, name="portal-theme"),
    re_path(r"^sso/?$", portal.sso, name="portal-sso"),
]
