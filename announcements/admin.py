"""Django Admin for announcements and their dismissals."""

from django.contrib import admin
from django.db.models import Count

from .models import Announcement, AnnouncementDismissal


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project",
        "type",
        "priority",
        "is_active",
        "is_dismissible",
        "starts_at",
        "ends_at",
        "dismissal_count",
    ]
    list_filter = ["type", "is_active", "is_dismissible", "project"]
    search_fields = ["title", "message", "project__slug"]
    list_select_related = ["project"]
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(dismissal_total=Count("dismissals"))

    @admin.display(description="Dismissals", ordering="dismissal_total")
    def dismissal_count(self, obj):
        return obj.dismissal_total


@admin.register(AnnouncementDismissal)
class AnnouncementDismissalAdmin(admin.ModelAdmin):
    list_display = ["announcement", "visitor_id", "created_at"]
    list_filter = ["announcement__project"]
    search_fields = ["visitor_id", "announcement__title"]
    list_select_related = ["announcement"]
    raw_id_fields = ["announcement"]
