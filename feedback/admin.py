"""Django Admin for feedback: the inbox with its filters, each thread inline."""

from django.contrib import admin

from .models import Feedback, FeedbackMessage, IdeaComment


class FeedbackMessageInline(admin.TabularInline):
    model = FeedbackMessage
    extra = 0
    fields = ["created_at", "sender_role", "sender_id", "is_public", "message"]
    readonly_fields = ["created_at"]
    ordering = ["created_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project",
        "visibility",
        "moderation",
        "category",
        "status",
        "priority",
        "vote_count",
        "user_id",
        "email",
        "created_at",
    ]
    list_filter = ["visibility", "moderation", "status", "category", "priority", "project"]
    search_fields = ["title", "description", "email", "=user_id"]
    list_select_related = ["project"]
    # The board's counts are kept by their own paths (pulse/votes.py, feedback/services.py).
    readonly_fields = ["id", "vote_count", "comment_count", "trending_score", "created_at", "updated_at"]
    raw_id_fields = ["merged_into", "roadmap_entry"]
    date_hierarchy = "created_at"
    inlines = [FeedbackMessageInline]


@admin.register(FeedbackMessage)
class FeedbackMessageAdmin(admin.ModelAdmin):
    list_display = ["feedback", "sender_role", "sender_id", "is_public", "created_at"]
    list_filter = ["sender_role", "is_public"]
    search_fields = ["message", "=sender_id", "feedback__title"]
    list_select_related = ["feedback"]
    raw_id_fields = ["feedback"]


@admin.register(IdeaComment)
class IdeaCommentAdmin(admin.ModelAdmin):
    """Comments on ideas. Moderate them from the Admin API or the dashboard, which keep the
    idea's comment count; here for reading and repairs."""

    list_display = ["idea", "author_role", "display_name", "moderation", "created_at"]
    list_filter = ["moderation", "author_role"]
    search_fields = ["body", "=visitor_id", "idea__title"]
    list_select_related = ["idea"]
    raw_id_fields = ["idea", "parent"]
    readonly_fields = ["id", "body_html", "created_at", "updated_at", "edited_at"]
