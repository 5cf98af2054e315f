"""URLs of the feedback app, by API family (with or without a trailing slash)."""

from django.urls import path

from pulse.api.routers import OptionalSlashRouter

from . import views
from .admin_api import FeedbackAdminViewSet, IdeaAdminViewSet, IdeaCommentAdminViewSet
from .api import FeedbackViewSet, IdeaCommentViewSet, IdeaViewSet

public_router = OptionalSlashRouter()
public_router.register("feedback", FeedbackViewSet, basename="feedback")
public_router.register("ideas", IdeaViewSet, basename="ideas")
public_router.register("idea-comments", IdeaCommentViewSet, basename="idea-comments")

admin_router = OptionalSlashRouter()
admin_router.register("feedback", FeedbackAdminViewSet, basename="admin-feedback")
admin_router.register("ideas", IdeaAdminViewSet, basename="admin-ideas")
admin_router.register("idea-comments", IdeaCommentAdminViewSet, basename="admin-idea-comments")

api_urlpatterns = public_router.urls
admin_api_urlpatterns = admin_router.urls
dashboard_urlpatterns = [
    path("p/<slug:slug>/feedback/", views.inbox, name="feedback-dashboard"),
    path("p/<slug:slug>/feedback/<uuid:pk>/", views.detail, name="feedback-dashboard-detail"),
    path("p/<slug:slug>/feedback/<uuid:pk>/messages/", views.add_message, name="feedback-dashboard-message"),
    path("p/<slug:slug>/feedback/<uuid:pk>/triage/", views.triage, name="feedback-dashboard-triage"),
    path("p/<slug:slug>/feedback/<uuid:pk>/delete/", views.feedback_delete, name="feedback-dashboard-delete"),
    path("p/<slug:slug>/feedback/<uuid:pk>/merge/", views.merge_duplicate, name="feedback-dashboard-merge"),
]
