"""URLs of the feedback app, by API family (with or without a trailing slash)."""

from django.urls import path

from pulse.api.routers import OptionalSlashRouter

from . import portal, views
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
    path("p/<slug:slug>/feedback/<uuid:pk>/publish/", views.publish, name="feedback-dashboard-publish"),
    path("p/<slug:slug>/feedback/board/", views.board, name="feedback-board"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/", views.board_idea, name="feedback-board-idea"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/moderate/", views.idea_moderate, name="feedback-board-moderate"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/status/", views.idea_status, name="feedback-board-status"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/lock/", views.idea_lock, name="feedback-board-lock"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/merge/", views.idea_merge, name="feedback-board-merge"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/promote/", views.idea_promote, name="feedback-board-promote"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/comments/", views.idea_team_comment, name="feedback-board-comment"),
    path("p/<slug:slug>/feedback/board/<uuid:pk>/delete/", views.idea_delete, name="feedback-board-delete"),
    path(
        "p/<slug:slug>/feedback/board/<uuid:pk>/comments/<uuid:comment_pk>/moderate/",
        views.comment_moderate,
        name="feedback-board-comment-moderate",
    ),
    path(
        "p/<slug:slug>/feedback/board/<uuid:pk>/comments/<uuid:comment_pk>/delete/",
        views.comment_delete,
        name="feedback-board-comment-delete",
    ),
]
portal_urlpatterns = [
    path("ideas/", portal.board, name="portal-ideas"),
    path("ideas/new/", portal.idea_new, name="portal-idea-new"),
    path("ideas/similar/", portal.ideas_similar, name="portal-ideas-similar"),
    path("ideas/<uuid:idea_id>/", portal.idea_page, name="portal-idea"),
    path("ideas/<uuid:idea_id>/vote/", portal.idea_vote, name="portal-idea-vote"),
    path("ideas/<uuid:idea_id>/comments/", portal.idea_comment, name="portal-idea-comment"),
]
