"""Django Admin for visitor notifications."""

from django.contrib import admin

from .models import Notification


class ReadFilter(admin.SimpleListFilter):
    title = "read"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("yes", "Read"), ("no", "Unread")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "user_id", "type", "is_read", "created_at", "read_at"]
    list_filter = ["type", ReadFilter, "project"]
    search_fields = ["title", "message", "user_id"]
    list_select_related = ["project"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    @admin.display(boolean=True, description="Read", ordering="read_at")
    def is_read(self, obj):
        return obj.read_at is not None
