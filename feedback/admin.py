"""Django Admin for feedback: the inbox with its filters, each thread inline."""

from django.contrib import admin

from .models import Feedback, FeedbackMessage


class FeedbackMessageInline(admin.TabularInline):
    model = FeedbackMessage
    extra = 0
    fields = ["created_at", "sender_role", "sender_id", "is_public", "message"]
    readonly_fields = ["created_at"]
    ordering = ["created_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "category", "status", "priority", "user_id", "email", "created_at"]
    list_filter = ["status", "category", "priority", "project"]
    search_fields = ["title", "description", "email", "=user_id"]
    list_select_related = ["project"]
    readonly_fields = ["id", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [FeedbackMessageInline]


@admin.register(FeedbackMessage)
class FeedbackMessageAdmin(admin.ModelAdmin):
    list_display = ["feedback", "sender_role", "sender_id", "is_public", "created_at"]
    list_filter = ["sender_role", "is_public"]
    search_fields = ["message", "=sender_id", "feedback__title"]
    list_select_related = ["feedback"]
    raw_id_fields = ["feedback"]
