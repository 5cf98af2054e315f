"""Django Admin for events and their rollup: read-only, so the rollup never drifts."""

from django.contrib import admin

from .models import Event, EventDailyCount


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False  # no second COUNT(*) over millions of events

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["name", "project", "user_id", "session_id", "timestamp", "received_at"]
    list_filter = ["project"]
    search_fields = ["=name", "=user_id", "=session_id"]
    date_hierarchy = "timestamp"


@admin.register(EventDailyCount)
class EventDailyCountAdmin(ReadOnlyAdmin):
    list_display = ["day", "name", "count", "project"]
    list_filter = ["project"]
    search_fields = ["=name"]
    date_hierarchy = "day"
